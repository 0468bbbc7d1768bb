"""Django's admin: users, products with SKUs, read-only orders, the audit log."""

import pytest
from dependency_injector import providers
from django.apps import apps
from django.test import Client

from adapters.django_orm.audit.models import AuditEntry
from adapters.django_orm.catalogue.models import Product, Sku
from adapters.django_orm.orders.models import Order
from adapters.django_orm.users.models import User
from domain.errors import CodeTaken
from tests.integration.conftest import client_for, make_sku, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss() -> Client:
    client = Client()
    client.force_login(make_user("boss@example.com", staff=True))
    return client


def sku_forms(*rows: dict, initial: int = 0) -> dict:
    data = {
        "skus-TOTAL_FORMS": str(len(rows)),
        "skus-INITIAL_FORMS": str(initial),
        "skus-MIN_NUM_FORMS": "0",
        "skus-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"skus-{index}-{name}": value for name, value in row.items()})
    return data


@pytest.mark.parametrize(
    "page",
    [
        "/admin/users/user/",
        "/admin/users/user/add/",
        "/admin/catalogue/product/",
        "/admin/catalogue/product/add/",
        "/admin/orders/order/",
        "/admin/audit/auditentry/",
    ],
)
def test_staff_open_every_admin_page(boss, page):
    make_sku("MUG")

    assert boss.get(page).status_code == 200


def test_shoppers_are_sent_to_the_admin_login(db):
    client = Client()
    client.force_login(make_user())

    assert client.get("/admin/catalogue/product/").status_code == 302


def test_a_product_added_in_the_admin_is_audited_like_one_from_the_api(boss):
    response = boss.post(
        "/admin/catalogue/product/add/",
        {
            "name": "TEA POT",
            "description": "Brown",
            "is_active": "on",
            **sku_forms({"code": "TP-1", "price": "12.00", "stock": "7"}),
        },
    )

    assert response.status_code == 302
    product = Product.objects.get()
    assert [(s.code, str(s.price), s.stock) for s in product.skus.all()] == [
        ("TP-1", "12.00", 7)
    ]
    assert [(e.action, e.actor_email) for e in AuditEntry.objects.order_by("pk")] == [
        ("product.create", "boss@example.com"),
        ("sku.create", "boss@example.com"),
    ]


def test_an_admin_edit_changes_what_changed_and_never_the_stock(boss):
    sku = make_sku("MUG", price="2.50", stock=10, code="M-1")
    page = f"/admin/catalogue/product/{sku.product_id}/change/"
    # Checkouts sell 4 while the page is open; the form still says 10.
    Sku.objects.filter(pk=sku.pk).update(stock=6)

    response = boss.post(
        page,
        {
            "name": "BIG MUG",
            "description": "",
            "is_active": "on",
            **sku_forms(
                {
                    "id": sku.pk,
                    "product": sku.product_id,
                    "code": "M-1",
                    "price": "3.00",
                    "stock": "10",
                },
                initial=1,
            ),
        },
    )

    assert response.status_code == 302
    sku.refresh_from_db()
    assert (sku.product.name, str(sku.price), sku.stock) == ("BIG MUG", "3.00", 6)
    update = AuditEntry.objects.get(action="sku.update")
    assert (update.before["price"], update.after["price"]) == ("2.50", "3.00")
    assert AuditEntry.objects.filter(action="product.update").count() == 1


def test_a_duplicate_code_in_the_admin_is_a_form_error(boss):
    make_sku("CUP", code="TAKEN")

    response = boss.post(
        "/admin/catalogue/product/add/",
        {
            "name": "MUG",
            "description": "",
            "is_active": "on",
            **sku_forms({"code": "taken", "price": "1.00", "stock": "1"}),
        },
    )

    assert response.status_code == 200
    assert Product.objects.count() == 1 and not AuditEntry.objects.exists()


def test_the_admin_deletes_no_product(boss):
    sku = make_sku("MUG")

    response = boss.post(
        f"/admin/catalogue/product/{sku.product_id}/delete/", {"post": "yes"}
    )

    assert response.status_code == 403
    assert Product.objects.filter(pk=sku.product_id).exists()


def test_orders_and_their_lines_are_read_only_in_the_admin(boss):
    sku = make_sku("MUG", stock=5)
    shopper = client_for(make_user())
    shopper.post("/api/v1/cart/items", {"sku_id": sku.pk, "quantity": 2}, format="json")
    order_id = shopper.post("/api/v1/checkout").json()["id"]
    page = f"/admin/orders/order/{order_id}/change/"

    shown = boss.get(page)
    edited = boss.post(page, {"status": "shipped", "total": "0.01"})

    assert shown.status_code == 200
    assert b"MUG" in shown.content and b'name="lines-0-quantity"' not in shown.content
    assert b'name="status"' not in shown.content
    assert edited.status_code == 403
    order = Order.objects.get(pk=order_id)
    assert (order.status, str(order.total)) == ("pending", "5.00")
    assert boss.get("/admin/orders/order/add/").status_code == 403


def test_the_audit_log_is_read_only(boss):
    staff = client_for(User.objects.get(email="boss@example.com"))
    staff.post("/api/v1/products", {"name": "MUG"}, format="json")
    entry = AuditEntry.objects.get()
    page = f"/admin/audit/auditentry/{entry.pk}/change/"

    shown = boss.get(page)

    assert shown.status_code == 200 and b"product.create" in shown.content
    assert boss.post(page, {"action": "forged"}).status_code == 403
    assert boss.post(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    assert AuditEntry.objects.get().action == "product.create"


def test_staff_add_a_user_in_the_admin(boss):
    response = boss.post(
        "/admin/users/user/add/",
        {
            "email": "new@example.com",
            "usable_password": "true",
            "password1": "a long secret 42",
            "password2": "a long secret 42",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="new@example.com")
    assert user.check_password("a long secret 42") and not user.is_active


@pytest.mark.parametrize(
    "product, skus",
    [
        ({"name": "MUG", "description": "x" * 10_001}, [{"code": "OK-1"}]),
        ({"name": "MUG", "description": ""}, [{"code": "bad code!"}]),
        ({"name": "MUG", "description": ""}, [{"code": "DUP"}, {"code": "dup"}]),
    ],
    ids=["long description", "bad code", "codes differing in case"],
)
def test_domain_rules_are_form_errors_in_the_admin(boss, product, skus):
    rows = [{"price": "1.00", "stock": "1", **sku} for sku in skus]

    response = boss.post(
        "/admin/catalogue/product/add/",
        {"is_active": "on", **product, **sku_forms(*rows)},
    )

    assert response.status_code == 200
    assert b"errorlist" in response.content
    assert not Product.objects.exists() and not AuditEntry.objects.exists()


def test_a_race_lost_at_save_is_a_message_not_a_crash(boss):
    def taken_meanwhile(*args, **kwargs):
        raise CodeTaken("TP-1", field="skus")

    container = apps.get_app_config("shop").container
    with container.create_product.override(providers.Object(taken_meanwhile)):
        response = boss.post(
            "/admin/catalogue/product/add/",
            {
                "name": "TEA POT",
                "description": "",
                "is_active": "on",
                **sku_forms({"code": "TP-1", "price": "1.00", "stock": "1"}),
            },
            follow=True,
        )

    assert response.status_code == 200
    assert b"A SKU with code TP-1 already exists." in response.content
    assert not Product.objects.exists()
