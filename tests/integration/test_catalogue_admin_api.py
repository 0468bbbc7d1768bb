"""Staff writes to the catalogue over HTTP, on PostgreSQL."""

import pytest

from adapters.django_orm.audit.models import AuditEntry
from adapters.django_orm.catalogue.models import Product, Sku
from adapters.django_orm.orders.models import Order
from tests.integration.conftest import client_for, make_sku, make_user

pytestmark = pytest.mark.django_db

NEW_PRODUCT = {
    "name": "ENAMEL MUG",
    "description": "Blue rim",
    "skus": [
        {"code": "EM-1", "price": "3.50", "stock": 12},
        {"code": "EM-2", "price": 4, "stock": 0},
    ],
}


@pytest.fixture
def staff():
    return client_for(make_user("boss@example.com", staff=True))


def add_and_order(client, sku, quantity=1):
    client.post(
        "/api/v1/cart/items", {"sku_id": sku.pk, "quantity": quantity}, format="json"
    )
    response = client.post("/api/v1/checkout")
    assert response.status_code == 201
    return response.json()


def test_staff_create_a_product_with_its_skus(staff):
    response = staff.post("/api/v1/products", NEW_PRODUCT, format="json")

    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["description"], body["is_active"]) == (
        "ENAMEL MUG",
        "Blue rim",
        True,
    )
    assert [(s["code"], s["price"], s["stock"]) for s in body["skus"]] == [
        ("EM-1", "3.50", 12),
        ("EM-2", "4.00", 0),
    ]
    product = Product.objects.get(pk=body["id"])
    assert product.skus.count() == 2
    entry = AuditEntry.objects.get()
    assert (entry.actor_email, entry.action, entry.target_id) == (
        "boss@example.com",
        "product.create",
        product.pk,
    )
    assert entry.before is None and entry.after["name"] == "ENAMEL MUG"


@pytest.mark.parametrize(
    "method, path",
    [
        ("post", "/api/v1/products"),
        ("patch", "/api/v1/products/{product}"),
        ("delete", "/api/v1/products/{product}"),
        ("delete", "/api/v1/products/{product}?hard=true"),
        ("post", "/api/v1/products/{product}/skus"),
        ("patch", "/api/v1/skus/{sku}"),
    ],
)
def test_writes_are_401_anonymous_and_403_for_shoppers(api, shopper, method, path):
    sku = make_sku(stock=3)
    url = path.format(product=sku.product_id, sku=sku.pk)
    body = {"name": "X", "code": "Z-1", "price": "1.00", "stock": 1}
    _, client = shopper

    anonymous = getattr(api, method)(url, body, format="json")
    shopper_answer = getattr(client, method)(url, body, format="json")

    assert anonymous.status_code == 401
    assert shopper_answer.status_code == 403
    unchanged = Sku.objects.select_related("product").get(pk=sku.pk)
    assert (unchanged.code, unchanged.stock) == (sku.code, 3)
    assert unchanged.product.is_active and unchanged.product.name == "MUG"
    assert Product.objects.count() == 1 and AuditEntry.objects.count() == 0


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"name": ""}, "name", "This field may not be blank."),
        ({"name": "x" * 256}, "name", "no more than 255 characters"),
        ({"skus": [{"code": "A", "price": "0", "stock": 1}]}, "skus", "greater"),
        ({"skus": [{"code": "A", "price": "-2", "stock": 1}]}, "skus", "greater"),
        ({"skus": [{"code": "A", "price": "1.005", "stock": 1}]}, "skus", "2 decimal"),
        ({"skus": [{"code": "A", "price": "NaN", "stock": 1}]}, "skus", "valid"),
        ({"skus": [{"code": "A", "price": "1", "stock": -1}]}, "skus", "negative"),
        ({"skus": [{"code": "A B", "price": "1", "stock": 1}]}, "skus", "letters"),
        (
            {
                "skus": [
                    NEW_PRODUCT["skus"][0],
                    {"code": "em-1", "price": 1, "stock": 1},
                ]
            },
            "skus",
            "A SKU with code em-1 already exists.",
        ),
        (
            {"skus": [{"code": "taken-1", "price": 1, "stock": 1}]},
            "skus",
            "A SKU with code TAKEN-1 already exists.",
        ),
    ],
)
def test_invalid_products_are_400_with_field_messages(staff, change, field, message):
    make_sku(code="Taken-1")

    response = staff.post("/api/v1/products", {**NEW_PRODUCT, **change}, format="json")

    assert response.status_code == 400
    assert message in str(response.json()[field])
    assert Product.objects.count() == 1 and AuditEntry.objects.count() == 0


def test_staff_update_a_product_and_restore_it(staff):
    sku = make_sku("MUG")
    url = f"/api/v1/products/{sku.product_id}"

    renamed = staff.patch(url, {"name": "BIG MUG", "description": "New"}, format="json")
    archived = staff.patch(url, {"is_active": False}, format="json")
    restored = staff.patch(url, {"is_active": True}, format="json")

    assert renamed.status_code == archived.status_code == restored.status_code == 200
    assert (renamed.json()["name"], renamed.json()["description"]) == ("BIG MUG", "New")
    assert archived.json()["is_active"] is False
    assert restored.json()["is_active"] is True
    assert [e.action for e in AuditEntry.objects.order_by("pk")] == [
        "product.update"
    ] * 3
    assert staff.patch(url, {"name": " "}, format="json").status_code == 400
    assert staff.patch("/api/v1/products/999999", {}, format="json").status_code == 404


def test_archiving_hides_the_product_but_keeps_orders_and_refuses_old_carts(
    api, staff, shopper
):
    user, client = shopper
    sku = make_sku("MUG", stock=10)
    order = add_and_order(client, sku)
    client.post("/api/v1/cart/items", {"sku_id": sku.pk, "quantity": 1}, format="json")

    response = staff.delete(f"/api/v1/products/{sku.product_id}")

    assert response.status_code == 204
    assert Sku.objects.filter(pk=sku.pk).exists()
    assert api.get(f"/api/v1/products/{sku.product_id}").status_code == 404
    assert api.get("/api/v1/products?search=mug").json()["count"] == 0
    assert api.get("/api/v1/products").json()["count"] == 0
    assert staff.get("/api/v1/products?include_archived=true").json()["count"] == 1
    assert staff.get(f"/api/v1/products/{sku.product_id}").status_code == 200
    other = client_for(make_user("bob@example.com"))
    added = other.post(
        "/api/v1/cart/items", {"sku_id": sku.pk, "quantity": 1}, format="json"
    )
    assert added.status_code == 400
    checkout = client.post("/api/v1/checkout")
    assert checkout.status_code == 409
    assert checkout.json() == {
        "detail": f"Product for {sku.code} is no longer available."
    }
    assert client.get(f"/api/v1/orders/{order['id']}").json() == order
    assert staff.delete(f"/api/v1/products/{sku.product_id}").status_code == 204
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [
        "product.archive"
    ]


@pytest.mark.parametrize("hard", ["1", "true", "TRUE", "Yes", "yEs"])
def test_a_hard_delete_removes_an_unordered_product_and_its_skus(staff, hard):
    sku = make_sku("MUG")
    Sku.objects.create(product_id=sku.product_id, code="SECOND", price=1, stock=1)
    cart_owner = client_for(make_user())
    cart_owner.post(
        "/api/v1/cart/items", {"sku_id": sku.pk, "quantity": 1}, format="json"
    )

    response = staff.delete(f"/api/v1/products/{sku.product_id}?hard={hard}")

    assert response.status_code == 204
    assert not Product.objects.exists() and not Sku.objects.exists()
    assert cart_owner.get("/api/v1/cart").json()["items"] == []
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.after) == ("product.delete", None)
    assert [s["code"] for s in entry.before["skus"]] == [sku.code, "SECOND"]
    assert staff.delete(f"/api/v1/products/{sku.product_id}?hard=1").status_code == 404


def test_a_hard_delete_of_an_ordered_product_is_409_with_the_count(staff):
    sku = make_sku("MUG", stock=10)
    for email in ("ann@example.com", "bob@example.com", "cy@example.com"):
        add_and_order(client_for(make_user(email)), sku)

    response = staff.delete(f"/api/v1/products/{sku.product_id}?hard=true")

    assert response.status_code == 409
    assert response.json() == {
        "detail": "Cannot hard-delete: referenced by 3 order items."
    }
    assert Sku.objects.filter(pk=sku.pk).exists()
    assert Product.objects.get().is_active
    assert Order.objects.count() == 3 and AuditEntry.objects.count() == 0


@pytest.mark.parametrize("hard", ["0", "false", "No", ""])
def test_a_false_hard_flag_archives(staff, hard):
    sku = make_sku("MUG")

    response = staff.delete(f"/api/v1/products/{sku.product_id}?hard={hard}")

    assert response.status_code == 204
    assert Product.objects.get().is_active is False


@pytest.mark.parametrize(
    "query", ["hard=ture", "hard=false&hard=true", "hard=1&hard=1"]
)
def test_an_unreadable_hard_flag_is_400_and_changes_nothing(staff, query):
    sku = make_sku("MUG")

    response = staff.delete(f"/api/v1/products/{sku.product_id}?{query}")

    assert response.status_code == 400
    assert "hard" in response.json()
    assert Product.objects.get().is_active is True


def test_staff_add_a_sku_and_change_one(staff, shopper):
    _, client = shopper
    sku = make_sku("MUG", price="2.50", stock=10, code="M-1")
    order = add_and_order(client, sku, 2)

    added = staff.post(
        f"/api/v1/products/{sku.product_id}/skus",
        {"code": "M-2", "price": "5.00", "stock": 3},
        format="json",
    )
    changed = staff.patch(
        f"/api/v1/skus/{sku.pk}",
        {"code": "M-9", "price": "3.10", "stock": 100},
        format="json",
    )

    assert added.status_code == 201
    assert added.json() == {
        "id": added.json()["id"],
        "code": "M-2",
        "price": "5.00",
        "stock": 3,
    }
    assert changed.status_code == 200
    assert changed.json() == {
        "id": sku.pk,
        "code": "M-9",
        "price": "3.10",
        "stock": 100,
    }
    line = client.get(f"/api/v1/orders/{order['id']}").json()["items"][0]
    assert (line["sku_code"], line["unit_price"], line["line_total"]) == (
        "M-1",
        "2.50",
        "5.00",
    )
    assert [e.action for e in AuditEntry.objects.order_by("pk")] == [
        "sku.create",
        "sku.update",
    ]


@pytest.mark.parametrize(
    "change, field",
    [
        ({"code": "other-1"}, "code"),
        ({"price": "0.00"}, "price"),
        ({"price": "1.234"}, "price"),
        ({"stock": -1}, "stock"),
        ({"stock": 2**31}, "stock"),
        ({"stock": "many"}, "stock"),
        ({"stock": "1_0"}, "stock"),
        ({"stock": "\u0661"}, "stock"),
        ({"stock": True}, "stock"),
        ({"price": "1_000"}, "price"),
        ({"price": "+1.50"}, "price"),
        ({"price": "\uff11"}, "price"),
        ({"price": "1e2"}, "price"),
        ({"price": False}, "price"),
    ],
)
def test_bad_sku_changes_are_400_and_change_nothing(staff, change, field):
    make_sku(code="OTHER-1")
    sku = make_sku(code="M-1", price="2.50", stock=4)

    response = staff.patch(f"/api/v1/skus/{sku.pk}", change, format="json")

    assert response.status_code == 400
    assert field in response.json()
    sku.refresh_from_db()
    assert (sku.code, str(sku.price), sku.stock) == ("M-1", "2.50", 4)
    assert AuditEntry.objects.count() == 0


def test_a_sku_for_a_missing_product_or_a_missing_sku_is_404(staff):
    new = {"code": "N-1", "price": "1.00", "stock": 1}

    assert (
        staff.post("/api/v1/products/424242/skus", new, format="json").status_code
        == 404
    )
    assert (
        staff.patch("/api/v1/skus/424242", {"stock": 1}, format="json").status_code
        == 404
    )
    assert not Sku.objects.exists()


def test_a_race_lost_at_the_unique_index_names_the_skus_field(staff, monkeypatch):
    from adapters.django_orm.catalogue.repository import DjangoProductRepository

    make_sku(code="RACE-1")
    # As if the other staff member's SKU had committed after our check.
    monkeypatch.setattr(DjangoProductRepository, "existing_codes", lambda *a: set())

    response = staff.post(
        "/api/v1/products",
        {"name": "MUG", "skus": [{"code": "race-1", "price": "1", "stock": 1}]},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["skus"]
    assert Product.objects.count() == 1


def test_plain_and_numeric_prices_are_read_exactly(staff):
    sku = make_sku(code="M-1")

    for price, stored in [("12", "12.00"), (12.5, "12.50"), ("0.10", "0.10")]:
        response = staff.patch(
            f"/api/v1/skus/{sku.pk}", {"price": price}, format="json"
        )
        assert response.json()["price"] == stored
