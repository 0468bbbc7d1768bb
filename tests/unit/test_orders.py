import pytest

from adapters.memory.repositories import InMemoryCartRepository
from application.orders import PlaceOrder
from application.ports import PageRequest
from domain.errors import (
    EmptyCart,
    InsufficientStock,
    NotFound,
    OrderNotCancellable,
    ProductUnavailable,
)
from domain.orders import OrderStatus


def confirmations(shop):
    return [m for m in shop.notifier.sent if m.kind == "order_confirmation"]


def test_checkout_places_the_order_takes_stock_and_empties_the_cart(shop):
    user = shop.shopper()
    mug = shop.product("MUG", stock=5, price="2.50")
    shop.add_to_cart(user, mug.id, 2)

    placement = shop.place_order(user)

    order = placement.order
    assert not placement.replayed
    assert order.status is OrderStatus.PENDING
    assert [
        (line.sku_code, line.product_name, str(line.unit_price), line.quantity)
        for line in order.lines
    ] == [(mug.code, "MUG", "2.50", 2)]
    assert str(order.total) == "5.00"
    assert shop.stock(mug.id) == 3
    assert shop.get_cart(user).lines == []
    assert [m.order.id for m in confirmations(shop)] == [order.id]


def test_an_empty_cart_cannot_be_checked_out(shop):
    user = shop.shopper()

    with pytest.raises(EmptyCart):
        shop.place_order(user)

    assert confirmations(shop) == []


def test_insufficient_stock_changes_nothing(shop):
    user = shop.shopper()
    plenty, scarce = shop.product("A", stock=10), shop.product("B", stock=1)
    shop.add_to_cart(user, plenty.id, 3)
    shop.add_to_cart(user, scarce.id, 2)

    with pytest.raises(InsufficientStock) as error:
        shop.place_order(user)

    assert str(error.value) == f"Insufficient stock for {scarce.code}."
    assert (shop.stock(plenty.id), shop.stock(scarce.id)) == (10, 1)
    assert len(shop.get_cart(user).lines) == 2
    assert shop.store.orders == {}
    assert confirmations(shop) == []


def test_a_repeated_key_returns_the_first_order(shop):
    user = shop.shopper()
    mug = shop.product(stock=5)
    shop.add_to_cart(user, mug.id, 1)
    first = shop.place_order(user, "key-1")
    shop.add_to_cart(user, mug.id, 1)

    again = shop.place_order(user, "key-1")

    assert again.replayed and again.order.id == first.order.id
    assert len(shop.store.orders) == 1
    assert shop.stock(mug.id) == 4
    assert len(confirmations(shop)) == 1


def test_a_key_whose_checkout_failed_can_be_used_again(shop):
    user = shop.shopper()
    with pytest.raises(EmptyCart):
        shop.place_order(user, "key-1")
    mug = shop.product(stock=5)
    shop.add_to_cart(user, mug.id, 1)

    placement = shop.place_order(user, "key-1")

    assert not placement.replayed


def test_keys_belong_to_one_user(shop):
    ann, bob = shop.shopper("ann@example.com"), shop.shopper("bob@example.com")
    mug = shop.product(stock=5)
    for user in (ann, bob):
        shop.add_to_cart(user, mug.id, 1)

    orders = {shop.place_order(user, "same").order.id for user in (ann, bob)}

    assert len(orders) == 2


def test_an_archived_product_in_the_cart_fails_checkout(shop):
    user = shop.shopper()
    mug = shop.product(stock=5)
    shop.add_to_cart(user, mug.id, 1)
    shop.store.products[mug.product_id].is_active = False

    with pytest.raises(ProductUnavailable):
        shop.place_order(user)

    assert shop.stock(mug.id) == 5


def test_cancelling_returns_stock(shop):
    user = shop.shopper()
    mug = shop.product(stock=5)
    shop.add_to_cart(user, mug.id, 4)
    order = shop.place_order(user).order

    cancelled = shop.cancel_order(user, order.id)

    assert cancelled.status is OrderStatus.CANCELLED
    assert shop.stock(mug.id) == 5
    with pytest.raises(OrderNotCancellable):
        shop.cancel_order(user, order.id)
    assert shop.stock(mug.id) == 5


def test_shipped_orders_cannot_be_cancelled(shop):
    user = shop.shopper()
    mug = shop.product(stock=5)
    shop.add_to_cart(user, mug.id, 1)
    order = shop.place_order(user).order
    shop.store.orders[order.id].status = OrderStatus.SHIPPED

    with pytest.raises(OrderNotCancellable):
        shop.cancel_order(user, order.id)

    assert shop.stock(mug.id) == 4


def test_another_users_order_is_not_found(shop):
    ann, bob = shop.shopper("ann@example.com"), shop.shopper("bob@example.com")
    mug = shop.product()
    shop.add_to_cart(ann, mug.id, 1)
    order = shop.place_order(ann).order

    with pytest.raises(NotFound):
        shop.get_order(bob, order.id)
    with pytest.raises(NotFound):
        shop.cancel_order(bob, order.id)
    assert shop.list_orders(bob, PageRequest()).count == 0


def test_orders_are_listed_newest_first(shop):
    user = shop.shopper()
    mug = shop.product(stock=10)
    placed = []
    for _ in range(3):
        shop.add_to_cart(user, mug.id, 1)
        placed.append(shop.place_order(user).order.id)

    page = shop.list_orders(user, PageRequest(offset=0, limit=2))

    assert page.count == 3
    assert [order.id for order in page.items] == placed[::-1][:2]


class CartsThatFailToSave(InMemoryCartRepository):
    def save(self, cart):
        raise RuntimeError("disk full")


def test_a_failure_after_the_order_is_written_rolls_back_and_sends_nothing(shop):
    user = shop.shopper()
    mug = shop.product(stock=5)
    shop.add_to_cart(user, mug.id, 1)

    def failing_uow():
        uow = shop.uow()
        uow.carts = CartsThatFailToSave(shop.store)
        return uow

    with pytest.raises(RuntimeError):
        PlaceOrder(failing_uow, shop.notifier)(user)

    assert shop.store.orders == {}
    assert shop.stock(mug.id) == 5
    assert len(shop.get_cart(user).lines) == 1
    assert confirmations(shop) == []
