import pytest
from dependency_injector import providers
from django.apps import apps
from django.core import mail

from adapters.django_orm.carts.models import CartItem
from adapters.django_orm.carts.repository import DjangoCartRepository
from adapters.django_orm.catalogue.models import Product, Sku
from adapters.django_orm.orders.models import IdempotencyKey, Order
from adapters.django_orm.unit_of_work import DjangoUnitOfWork
from tests.integration.conftest import client_for, make_sku, make_user


def add(client, sku, quantity=1):
    return client.post(
        "/api/v1/cart/items", {"sku_id": sku.pk, "quantity": quantity}, format="json"
    )


def checkout(client, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post("/api/v1/checkout", **headers)


@pytest.mark.django_db(transaction=True)
def test_checkout_answers_the_order_and_mails_it_after_commit(shopper):
    user, client = shopper
    mug, cup = make_sku("MUG", "2.50", stock=5), make_sku("CUP", "0.85", stock=9)
    add(client, mug, 2)
    add(client, cup, 3)

    response = checkout(client)

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending"
    assert body["total"] == "7.55"
    assert body["items"] == [
        {
            "sku_id": mug.pk,
            "sku_code": mug.code,
            "product_name": "MUG",
            "unit_price": "2.50",
            "quantity": 2,
            "line_total": "5.00",
        },
        {
            "sku_id": cup.pk,
            "sku_code": cup.code,
            "product_name": "CUP",
            "unit_price": "0.85",
            "quantity": 3,
            "line_total": "2.55",
        },
    ]
    assert (Sku.objects.get(pk=mug.pk).stock, Sku.objects.get(pk=cup.pk).stock) == (
        3,
        6,
    )
    assert client.get("/api/v1/cart").json()["items"] == []
    [message] = mail.outbox
    assert message.to == [user.email]
    assert f"order {body['id']}" in message.body
    assert f"2 x {mug.code} MUG at 2.50 = 5.00" in message.body
    assert "Total: 7.55" in message.body


@pytest.mark.django_db
def test_an_empty_cart_is_400(shopper):
    _, client = shopper

    response = checkout(client)

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Cart is empty."},
    )


@pytest.mark.django_db
def test_insufficient_stock_is_409_and_changes_nothing(shopper):
    _, client = shopper
    mug, rare = make_sku("MUG", stock=5), make_sku("RARE", stock=1, code="R-1")
    add(client, mug, 2)
    add(client, rare, 1)
    Sku.objects.filter(pk=rare.pk).update(stock=0)

    response = checkout(client)

    assert (response.status_code, response.json()) == (
        409,
        {"detail": "Insufficient stock for R-1."},
    )
    assert Sku.objects.get(pk=mug.pk).stock == 5
    assert Order.objects.count() == 0
    assert len(client.get("/api/v1/cart").json()["items"]) == 2


@pytest.mark.django_db
def test_a_repeated_key_returns_the_first_order_with_200_after_the_cart_emptied(
    shopper,
):
    _, client = shopper
    mug = make_sku(stock=5)
    add(client, mug)
    first = checkout(client, "abc")

    again = checkout(client, "abc")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert Order.objects.count() == 1


@pytest.mark.django_db
def test_a_key_whose_checkout_failed_is_free_again(shopper):
    _, client = shopper
    assert checkout(client, "abc").status_code == 400
    add(client, make_sku(stock=5))

    assert checkout(client, "abc").status_code == 201
    assert IdempotencyKey.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "x" * 256, "caf\u00e9", "tab\there"])
def test_a_malformed_idempotency_key_is_400_and_places_nothing(shopper, key):
    _, client = shopper
    add(client, make_sku(stock=5))

    response = checkout(client, key)

    assert response.status_code == 400
    assert Order.objects.count() == 0


class FailingCarts(DjangoCartRepository):
    """Fails while emptying the cart, after the order rows were written."""

    def save(self, cart):
        if not cart.items:
            raise RuntimeError("injected failure after the order was written")
        return super().save(cart)


class FailingUnitOfWork(DjangoUnitOfWork):
    def __init__(self):
        super().__init__()
        self.carts = FailingCarts()


@pytest.mark.django_db(transaction=True)
def test_a_failure_inside_the_checkout_leaves_no_order_no_stock_change_no_email(
    shopper,
):
    _, client = shopper
    mug = make_sku(stock=5)
    add(client, mug, 2)
    container = apps.get_app_config("shop").container

    with container.unit_of_work.override(providers.Factory(FailingUnitOfWork)):
        response = checkout(client, "will-fail")

    assert response.status_code == 500
    assert response.json() == {"detail": "Internal server error."}
    assert Order.objects.count() == 0
    assert IdempotencyKey.objects.count() == 0
    assert Sku.objects.get(pk=mug.pk).stock == 5
    assert CartItem.objects.count() == 1
    assert mail.outbox == []
    # The key was not burnt by the failed attempt.
    assert checkout(client, "will-fail").status_code == 201


@pytest.mark.django_db
def test_the_order_is_a_snapshot(shopper):
    _, client = shopper
    mug = make_sku("MUG", "2.50", stock=5, code="MUG-1")
    add(client, mug, 2)
    order = checkout(client).json()

    Product.objects.filter(pk=mug.product_id).update(name="RENAMED", is_active=False)
    Sku.objects.filter(pk=mug.pk).update(code="NEW-CODE", price="99.99")

    for answer in (
        client.get(f"/api/v1/orders/{order['id']}").json(),
        client.get("/api/v1/orders").json()["results"][0],
    ):
        assert answer == order
        assert answer["items"][0]["product_name"] == "MUG"
        assert answer["items"][0]["unit_price"] == "2.50"
        assert answer["items"][0]["sku_code"] == "MUG-1"


@pytest.mark.django_db
def test_orders_are_listed_newest_first_and_paged(shopper):
    _, client = shopper
    mug = make_sku(stock=50)
    ids = []
    for _ in range(3):
        add(client, mug)
        ids.append(checkout(client).json()["id"])

    first = client.get("/api/v1/orders?page_size=2").json()
    second = client.get("/api/v1/orders?page_size=2&page=2").json()

    assert first["count"] == 3
    assert [o["id"] for o in first["results"] + second["results"]] == ids[::-1]
    assert first["previous"] is None and "page=2" in first["next"]
    assert second["next"] is None
    assert client.get("/api/v1/orders?page=3&page_size=2").status_code == 404


@pytest.mark.django_db
def test_cancelling_returns_stock_once(shopper):
    _, client = shopper
    mug = make_sku(stock=5)
    add(client, mug, 4)
    order_id = checkout(client).json()["id"]

    cancelled = client.post(f"/api/v1/orders/{order_id}/cancel")
    again = client.post(f"/api/v1/orders/{order_id}/cancel/")

    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    assert again.status_code == 409
    assert Sku.objects.get(pk=mug.pk).stock == 5


@pytest.mark.django_db
def test_a_shipped_order_cannot_be_cancelled(shopper):
    _, client = shopper
    mug = make_sku(stock=5)
    add(client, mug)
    order_id = checkout(client).json()["id"]
    Order.objects.filter(pk=order_id).update(status="shipped")

    assert client.post(f"/api/v1/orders/{order_id}/cancel").status_code == 409
    assert Sku.objects.get(pk=mug.pk).stock == 4


@pytest.mark.django_db
def test_another_users_order_and_cart_item_are_404(shopper):
    _, ann = shopper
    bob = client_for(make_user("bob@example.com"))
    mug = make_sku(stock=5)
    item_id = add(ann, mug).json()["items"][0]["id"]
    add(bob, mug)
    order_id = checkout(bob).json()["id"]

    assert ann.get(f"/api/v1/orders/{order_id}").status_code == 404
    assert ann.post(f"/api/v1/orders/{order_id}/cancel").status_code == 404
    assert (
        bob.patch(
            f"/api/v1/cart/items/{item_id}", {"quantity": 2}, format="json"
        ).status_code
        == 404
    )
    assert bob.delete(f"/api/v1/cart/items/{item_id}").status_code == 404
    assert ann.get("/api/v1/cart").json()["items"][0]["quantity"] == 1
    assert Order.objects.get(pk=order_id).status == "pending"


@pytest.mark.django_db
def test_orders_need_a_token(api):
    for method, path in [
        ("get", "/api/v1/orders"),
        ("post", "/api/v1/checkout"),
        ("get", "/api/v1/cart"),
    ]:
        assert getattr(api, method)(path).status_code == 401


def test_an_order_over_the_largest_amount_is_400_and_changes_nothing(shopper):
    _, client = shopper
    sku = make_sku(price="9999999999.99", stock=10)
    client.post("/api/v1/cart/items", {"sku_id": sku.pk, "quantity": 2}, format="json")

    response = client.post("/api/v1/checkout")

    assert response.status_code == 400
    assert "at most 9999999999.99" in response.json()["detail"]
    assert Sku.objects.get(pk=sku.pk).stock == 10
    assert not Order.objects.exists()


def test_a_cancellation_the_stock_cannot_hold_is_409_and_changes_nothing(shopper):
    _, client = shopper
    sku = make_sku(stock=10)
    client.post("/api/v1/cart/items", {"sku_id": sku.pk, "quantity": 5}, format="json")
    order = client.post("/api/v1/checkout").json()
    Sku.objects.filter(pk=sku.pk).update(stock=2**31 - 1)

    response = client.post(f"/api/v1/orders/{order['id']}/cancel")

    assert response.status_code == 409
    assert response.json() == {
        "detail": f"Stock of {sku.code} cannot take these units back."
    }
    assert Order.objects.get().status == "pending"
