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
from domain.errors import CodeTaken, EmailTaken, NotFound
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

    def test_search_pages_run_across_the_ranks(self, uow):
        for index, name in enumerate(
            ["A TEA", "TEA POT", "TEA", "BIG TEA CUP", "TEAL", "MY TEA"]
        ):
            self.product(uow, name, f"t{index}")

        with uow() as work:
            pages = [
                [p.name for p in work.products.search("tea", False, page).items]
                for page in (PageRequest(0, 2), PageRequest(2, 2), PageRequest(4, 2))
            ]
            last = work.products.search("tea", False, PageRequest(5, 10))

        assert pages == [
            ["TEA", "TEAL"],
            ["TEA POT", "MY TEA"],
            ["BIG TEA CUP", "A TEA"],
        ]
        assert (last.count, [p.name for p in last.items]) == (6, ["A TEA"])

    def test_a_query_no_name_can_hold_matches_nothing(self, uow):
        self.product(uow, "MUG", "m-1")

        with uow() as work:
            for query in ("M\x00G", "M" * 256):
                assert work.products.search(query, True, PageRequest()).count == 0

    def test_product_and_sku_changes_are_written(self, uow):
        product = self.product(uow, "MUG", "m-1", stock=5)
        sku = product.skus[0]

        with uow() as work:
            locked = work.products.get(product.id, for_update=True)
            locked.change(name="CUP", description="Tall", is_active=False)
            work.products.save(locked)
            sku.change(code="C-1", price=Money("9.99"), stock=7)
            work.products.save_sku(sku)
        with uow() as work:
            found = work.products.get(product.id, include_archived=True)
            with pytest.raises(NotFound):
                work.products.get(product.id)

        assert (found.name, found.description, found.is_active) == (
            "CUP",
            "Tall",
            False,
        )
        assert [(s.code, str(s.price), s.stock) for s in found.skus] == [
            ("C-1", "9.99", 7)
        ]

    def test_the_store_refuses_a_taken_code_in_any_case(self, uow):
        mug = self.product(uow, "MUG", "Mug-1")
        cup = self.product(uow, "CUP", "cup-1")

        with pytest.raises(CodeTaken):
            with uow() as work:
                work.products.add_skus(
                    [Sku(code="MUG-1", price=Money("1"), stock=1, product_id=cup.id)]
                )
        with pytest.raises(CodeTaken):
            with uow() as work:
                sku = cup.skus[0]
                sku.change(code="mug-1")
                work.products.save_sku(sku)

        with uow() as work:
            assert work.products.get(cup.id).skus[0].code == "cup-1"
            assert len(work.products.get(mug.id).skus) == 1

    def test_deleting_a_product_takes_its_skus_out_of_carts(self, uow):
        user_id = self.user(uow)
        mug = self.product(uow, "MUG", "m-1")
        cup = self.product(uow, "CUP", "c-1")
        with uow() as work:
            cart = work.carts.get_or_create(user_id, for_update=True)
            cart.add(mug.skus[0].id, 1)
            cart.add(cup.skus[0].id, 1)
            work.carts.save(cart)

        with uow() as work:
            work.products.delete(mug.id)
        with uow() as work:
            with pytest.raises(NotFound):
                work.products.get(mug.id, include_archived=True)
            assert work.products.get_skus([mug.skus[0].id]) == {}
            items = work.carts.get_or_create(user_id).items

        assert [item.sku_id for item in items] == [cup.skus[0].id]

    def test_order_lines_are_counted_by_sku(self, uow):
        ann = self.user(uow)
        mug = self.product(uow, "MUG", "m-1").skus[0]
        cup = self.product(uow, "CUP", "c-1").skus[0]
        with uow() as work:
            for sku in (mug, mug, cup):
                work.orders.add(
                    Order(
                        user_id=ann,
                        lines=[OrderLine(sku.id, sku.code, "X", Money("1.50"), 1)],
                    )
                )

        with uow() as work:
            assert work.orders.count_lines_for_skus([mug.id]) == 2
            assert work.orders.count_lines_for_skus([mug.id, cup.id]) == 3
            assert work.orders.count_lines_for_skus([]) == 0
