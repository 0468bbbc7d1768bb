"""Stock stays consistent whatever shoppers do, in whatever order."""

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import Conflict, EmptyCart, InvalidRequest
from domain.orders import OrderStatus
from tests.unit.shop import InMemoryShop

INITIAL_STOCK = [3, 5, 8]

actions = st.lists(
    st.one_of(
        st.tuples(
            st.just("add"),
            st.integers(0, 1),  # shopper
            st.integers(0, len(INITIAL_STOCK) - 1),  # sku
            st.integers(1, 6),  # quantity
        ),
        st.tuples(st.just("checkout"), st.integers(0, 1)),
        st.tuples(st.just("cancel"), st.integers(0, 1), st.integers(0, 5)),
    ),
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(actions=actions)
def test_stock_never_goes_negative_and_matches_live_orders(actions):
    shop = InMemoryShop()
    users = [shop.shopper("a@example.com"), shop.shopper("b@example.com")]
    skus = [shop.product(f"P{i}", stock=n) for i, n in enumerate(INITIAL_STOCK)]
    placed = {user: [] for user in users}

    for action in actions:
        user = users[action[1]]
        try:
            if action[0] == "add":
                shop.add_to_cart(user, skus[action[2]].id, action[3])
            elif action[0] == "checkout":
                placed[user].append(shop.place_order(user).order.id)
            elif placed[user]:
                order_id = placed[user][action[2] % len(placed[user])]
                shop.cancel_order(user, order_id)
        except (Conflict, EmptyCart, InvalidRequest):
            pass

        held = {sku.id: 0 for sku in skus}
        for order in shop.store.orders.values():
            if order.status is not OrderStatus.CANCELLED:
                for sku_id, quantity in order.quantities().items():
                    held[sku_id] += quantity
        for sku, initial in zip(skus, INITIAL_STOCK, strict=True):
            assert shop.stock(sku.id) >= 0
            assert shop.stock(sku.id) == initial - held[sku.id]
