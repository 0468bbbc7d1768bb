"""One behaviour contract for the ports, run against every adapter set.

Subclasses provide `uow` (a fixture returning a unit-of-work factory); the
in-memory set runs it in tests/unit, the Django set on PostgreSQL in
tests/integration. If the doubles drift from the real thing, this fails.
"""

from __future__ import annotations

import pytest

from application.ports import PageRequest
from domain.carts import Cart
from domain.catalogue import Product, Sku
from domain.errors import EmailTaken, NotFound
from domain.money import Money
from domain.orders import Order, OrderLine, OrderStatus


class PortContract:
    def user(self, uow_factory, email: str = "ann@example.com") -> int:
        with uow_factory() as uow:
            return uow.users.add(email, "long enough password").id

    def product(self, uow_factory, name: str, code: str, stock: int = 5) -> Product:
        with uow_factory() as uow:
            return uow.products.add(
                Product(
                    name=name, skus=[Sku(code=code, price=Money("1.50"), stock=stock)]
                )
            )

    def test_users_are_found_by_email_ignoring_case(self, uow):
        user_id = self.user(uow, "Ann@Example.com")

        with uow() as work:
            found = work.users.find_by_email("ann@EXAMPLE.com")
            with pytest.raises(EmailTaken):
                work.users.add("ANN@example.com", "another password")

        assert found.id == user_id
        assert (found.is_active, found.email_verified) == (False, False)

    def test_marking_verified_activates(self, uow):
        user_id = self.user(uow)

        with uow() as work:
            work.users.mark_verified(user_id)
        with uow() as work:
            user = work.users.get(user_id)

        assert (user.is_active, user.email_verified) == (True, True)

    def test_products_come_back_with_their_skus(self, uow):
        product = self.product(uow, "MUG", "m-1")

        with uow() as work:
            found = work.products.get(product.id)
            skus = work.products.get_skus([product.skus[0].id, 10**9], for_update=True)

        assert found.name == "MUG" and found.created_at is not None
        assert [(s.code, str(s.price), s.stock) for s in found.skus] == [
            ("m-1", "1.50", 5)
        ]
        assert list(skus) == [product.skus[0].id]

    def test_codes_are_compared_ignoring_case(self, uow):
        self.product(uow, "MUG", "Mug-1")

        with uow() as work:
            assert work.products.existing_codes(["MUG-1", "mug-2"]) == {"MUG-1"}

    def test_search_ranks_exact_then_prefix_then_contains(self, uow):
        for index, name in enumerate(["A MUG", "MUG", "MUG TREE", "mug"]):
            self.product(uow, name, f"c{index}")

        with uow() as work:
            page = work.products.search("Mug", False, PageRequest(0, 10))
            literal = work.products.search("M_G", False, PageRequest(0, 10))

        assert [p.name for p in page.items] == ["mug", "MUG", "MUG TREE", "A MUG"]
        assert literal.count == 0

    def test_stock_is_written_back(self, uow):
        product = self.product(uow, "MUG", "m-1", stock=5)
        sku_id = product.skus[0].id

        with uow() as work:
            sku = work.products.get_skus([sku_id], for_update=True)[sku_id]
            sku.take(2)
            work.products.save_stock([sku])
        with uow() as work:
            assert work.products.get_skus([sku_id])[sku_id].stock == 3

    def test_a_failed_unit_of_work_leaves_nothing_and_runs_no_callback(self, uow):
        ran = []

        with pytest.raises(RuntimeError):
            with uow() as work:
                work.users.add("ann@example.com", "long enough password")
                work.on_commit(lambda: ran.append("sent"))
                raise RuntimeError("boom")

        with uow() as work:
            assert work.users.find_by_email("ann@example.com") is None
        assert ran == []

    def test_callbacks_run_after_commit(self, uow):
        ran = []

        with uow() as work:
            work.on_commit(lambda: ran.append("sent"))
            assert ran == []

        assert ran == ["sent"]

    def test_carts_keep_items_in_the_order_added(self, uow):
        user_id = self.user(uow)
        mug = self.product(uow, "MUG", "m-1").skus[0]
        cup = self.product(uow, "CUP", "c-1").skus[0]

        with uow() as work:
            cart = work.carts.get_or_create(user_id, for_update=True)
            cart.add(cup.id, 1)
            cart.add(mug.id, 2)
            saved = work.carts.save(cart)
        with uow() as work:
            again = work.carts.get_or_create(user_id)
            again.remove(saved.items[0].id)
            work.carts.save(again)
        with uow() as work:
            final: Cart = work.carts.get_or_create(user_id)

        assert final.id == saved.id
        assert [(i.sku_id, i.quantity) for i in final.items] == [(mug.id, 2)]

    def test_orders_are_the_owners_only_and_listed_newest_first(self, uow):
        ann, bob = self.user(uow, "ann@example.com"), self.user(uow, "bob@example.com")
        sku = self.product(uow, "MUG", "m-1").skus[0]
        line = OrderLine(sku.id, "m-1", "MUG", Money("1.50"), 3)
        with uow() as work:
            first = work.orders.add(Order(user_id=ann, lines=[line]))
            second = work.orders.add(Order(user_id=ann, lines=[line]))
            second.status = OrderStatus.CANCELLED
            work.orders.save_status(second)

        with uow() as work:
            page = work.orders.list_for_user(ann, PageRequest(0, 10))
            with pytest.raises(NotFound):
                work.orders.get(first.id, bob)

        assert [(o.id, o.status) for o in page.items] == [
            (second.id, OrderStatus.CANCELLED),
            (first.id, OrderStatus.PENDING),
        ]
        assert str(page.items[0].total) == "4.50"

    def test_an_idempotency_key_is_claimed_once(self, uow):
        ann = self.user(uow)
        sku = self.product(uow, "MUG", "m-1").skus[0]

        with uow() as work:
            assert work.idempotency_keys.claim(ann, "k") is None
            order = work.orders.add(
                Order(
                    user_id=ann,
                    lines=[OrderLine(sku.id, "m-1", "MUG", Money("1.50"), 1)],
                )
            )
            work.idempotency_keys.attach(ann, "k", order.id)
        with uow() as work:
            assert work.idempotency_keys.claim(ann, "k") == order.id
