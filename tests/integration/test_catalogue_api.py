import pytest

from adapters.django_orm.catalogue.models import Product, Sku
from tests.integration.conftest import client_for, make_user


@pytest.mark.django_db
def test_archived_products_are_hidden_from_shoppers_but_not_staff(api):
    live = Product.objects.create(name="LIVE MUG")
    gone = Product.objects.create(name="OLD MUG", is_active=False)
    staff = client_for(make_user("boss@example.com", staff=True))

    assert api.get(f"/api/v1/products/{gone.pk}").status_code == 404
    assert api.get(f"/api/v1/products/{live.pk}/").json()["name"] == "LIVE MUG"
    assert [
        p["name"]
        for p in api.get("/api/v1/products?include_archived=true").json()["results"]
    ] == ["LIVE MUG"]
    assert staff.get(f"/api/v1/products/{gone.pk}").status_code == 200
    assert staff.get("/api/v1/products?include_archived=TRUE").json()["count"] == 2
    assert staff.get("/api/v1/products").json()["count"] == 1


@pytest.mark.django_db
def test_a_product_shows_its_skus_with_money_as_strings(api):
    product = Product.objects.create(name="MUG", description="Blue")
    Sku.objects.create(product=product, code="M-1", price="2.5", stock=3)

    body = api.get(f"/api/v1/products/{product.pk}").json()

    assert body["skus"] == [
        {"id": body["skus"][0]["id"], "code": "M-1", "price": "2.50", "stock": 3}
    ]
    assert body["description"] == "Blue" and body["is_active"] is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/products/0",
        "/api/v1/products/999999999999999999",
        "/api/v1/products/9999999999999999999999",
        "/api/v1/products/abc",
    ],
)
def test_missing_products_are_404(api, path):
    assert api.get(path).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("params", ["page=0", "page=-1", "page=abc", "page=99"])
def test_bad_pages_are_404(api, params):
    Product.objects.create(name="MUG")

    assert api.get(f"/api/v1/products?{params}").status_code == 404


@pytest.mark.django_db
def test_a_bad_page_size_falls_back_and_a_big_one_is_capped(api):
    Product.objects.bulk_create(Product(name=f"P{i}") for i in range(120))

    assert len(api.get("/api/v1/products?page_size=abc").json()["results"]) == 20
    assert len(api.get("/api/v1/products?page_size=1000").json()["results"]) == 100
