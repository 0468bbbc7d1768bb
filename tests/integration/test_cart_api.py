import pytest

from adapters.django_orm.catalogue.models import Product
from tests.integration.conftest import make_sku

pytestmark = pytest.mark.django_db


def test_the_cart_is_made_on_first_use_and_priced(shopper):
    _, client = shopper
    mug = make_sku("MUG", "2.50")

    empty = client.get("/api/v1/cart")
    added = client.post(
        "/api/v1/cart/items", {"sku_id": mug.pk, "quantity": 2}, format="json"
    )
    merged = client.post(
        "/api/v1/cart/items/", {"sku_id": mug.pk, "quantity": 3}, format="json"
    )

    assert (
        empty.status_code == 200
        and empty.json()["items"] == []
        and empty.json()["total"] == "0.00"
    )
    assert added.status_code == 201
    item = merged.json()["items"][0]
    assert item == {
        "id": item["id"],
        "sku_id": mug.pk,
        "sku_code": mug.code,
        "product_name": "MUG",
        "unit_price": "2.50",
        "quantity": 5,
        "line_total": "12.50",
    }
    assert merged.json()["total"] == "12.50"
    assert merged.json()["id"] == empty.json()["id"]


@pytest.mark.parametrize("quantity", [0, -1, 1001, "2", 1.5, None, True])
def test_bad_quantities_are_400(shopper, quantity):
    _, client = shopper
    mug = make_sku()

    response = client.post(
        "/api/v1/cart/items", {"sku_id": mug.pk, "quantity": quantity}, format="json"
    )

    if quantity == "2":  # a numeric string is a number in DRF's IntegerField
        assert response.status_code == 201
    else:
        assert response.status_code == 400
        assert "quantity" in response.json()


def test_a_merge_past_1000_is_400(shopper):
    _, client = shopper
    mug = make_sku(stock=5000)
    client.post(
        "/api/v1/cart/items", {"sku_id": mug.pk, "quantity": 999}, format="json"
    )

    response = client.post(
        "/api/v1/cart/items", {"sku_id": mug.pk, "quantity": 2}, format="json"
    )

    assert response.status_code == 400
    assert client.get("/api/v1/cart").json()["items"][0]["quantity"] == 999


def test_unknown_and_archived_skus_are_400(shopper):
    _, client = shopper
    archived = make_sku("OLD")
    Product.objects.filter(pk=archived.product_id).update(is_active=False)

    for sku_id in (archived.pk, 10**12):
        response = client.post(
            "/api/v1/cart/items", {"sku_id": sku_id, "quantity": 1}, format="json"
        )
        assert response.status_code == 400
        assert "sku_id" in response.json()


def test_changing_and_removing_items(shopper):
    _, client = shopper
    mug, cup = make_sku("MUG"), make_sku("CUP")
    client.post("/api/v1/cart/items", {"sku_id": mug.pk, "quantity": 1}, format="json")
    cart = client.post(
        "/api/v1/cart/items", {"sku_id": cup.pk, "quantity": 1}, format="json"
    ).json()
    mug_item = cart["items"][0]["id"]

    changed = client.patch(
        f"/api/v1/cart/items/{mug_item}", {"quantity": 7}, format="json"
    )
    too_many = client.patch(
        f"/api/v1/cart/items/{mug_item}", {"quantity": 1001}, format="json"
    )
    removed = client.delete(f"/api/v1/cart/items/{mug_item}/")

    assert changed.status_code == 200 and changed.json()["items"][0]["quantity"] == 7
    assert too_many.status_code == 400
    assert removed.status_code == 200
    assert [i["product_name"] for i in removed.json()["items"]] == ["CUP"]
    assert client.delete(f"/api/v1/cart/items/{mug_item}").status_code == 404


def test_malformed_json_is_400(shopper):
    _, client = shopper

    response = client.generic(
        "POST", "/api/v1/cart/items", "{not json", content_type="application/json"
    )

    assert response.status_code == 400
