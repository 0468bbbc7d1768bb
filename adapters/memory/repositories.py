"""Repositories over plain dictionaries, with the ORM ones' behaviour."""

from __future__ import annotations

import copy
import itertools
import threading
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

import attrs

from application.ports import (
    AuditLog,
    CartRepository,
    IdempotencyKeys,
    OrderRepository,
    Page,
    PageRequest,
    ProductRepository,
    UserRepository,
)
from domain.audit import AuditEntry
from domain.carts import Cart
from domain.catalogue import Product, Sku
from domain.errors import CodeTaken, EmailTaken, NotFound
from domain.orders import Order
from domain.search import match_rank
from domain.users import User


@attrs.define
class MemoryStore:
    """Everything the in-memory repositories hold; copied for rollbacks."""

    users: dict[int, User] = attrs.Factory(dict)
    passwords: dict[int, str] = attrs.Factory(dict)
    products: dict[int, Product] = attrs.Factory(dict)
    skus: dict[int, Sku] = attrs.Factory(dict)
    carts: dict[int, Cart] = attrs.Factory(dict)
    orders: dict[int, Order] = attrs.Factory(dict)
    idempotency_keys: dict[tuple[int, str], int | None] = attrs.Factory(dict)
    audit: list[AuditEntry] = attrs.Factory(list)
    ids: itertools.count = attrs.Factory(lambda: itertools.count(1))
    # Held by a unit of work from start to end: units of work run one at a
    # time, the strictest isolation there is.
    lock: threading.RLock = attrs.Factory(threading.RLock)

    def next_id(self) -> int:
        return next(self.ids)

    def snapshot(self) -> dict[str, object]:
        """A deep copy of the data, for rolling back to."""
        return {
            field.name: copy.deepcopy(getattr(self, field.name))
            for field in attrs.fields(MemoryStore)
            if field.name not in ("ids", "lock")
        }

    def restore(self, snapshot: dict[str, object]) -> None:
        for name, value in snapshot.items():
            setattr(self, name, value)


def _now() -> datetime:
    return datetime.now(UTC)


class InMemoryUserRepository(UserRepository):
    def __init__(self, store: MemoryStore) -> None:
        self.store = store

    def get(self, user_id: int) -> User:
        try:
            return copy.deepcopy(self.store.users[user_id])
        except KeyError:
            raise NotFound() from None

    def find_by_email(self, email: str) -> User | None:
        for user in self.store.users.values():
            if user.email.casefold() == email.strip().casefold():
                return copy.deepcopy(user)
        return None

    def add(self, email: str, password: str) -> User:
        if self.find_by_email(email) is not None:
            raise EmailTaken()
        user = User(email=email.strip(), id=self.store.next_id())
        self.store.users[user.id] = user
        self.store.passwords[user.id] = password
        return copy.deepcopy(user)

    def mark_verified(self, user_id: int) -> None:
        user = self.store.users[user_id]
        user.is_active = user.email_verified = True


class InMemoryProductRepository(ProductRepository):
    def __init__(self, store: MemoryStore) -> None:
        self.store = store

    def _with_skus(self, product: Product) -> Product:
        found = copy.deepcopy(product)
        found.skus = sorted(
            (
                copy.deepcopy(sku)
                for sku in self.store.skus.values()
                if sku.product_id == product.id
            ),
            key=lambda sku: sku.id,
        )
        return found

    def get(
        self, product_id: int, include_archived: bool = False, for_update: bool = False
    ) -> Product:
        # The unit of work holds the store's lock: everything is locked.
        product = self.store.products.get(product_id)
        if product is None or not (product.is_active or include_archived):
            raise NotFound()
        return self._with_skus(product)

    def get_many(self, product_ids: Iterable[int]) -> dict[int, Product]:
        return {
            pid: self._with_skus(self.store.products[pid])
            for pid in product_ids
            if pid in self.store.products
        }

    def get_skus(
        self, sku_ids: Iterable[int], for_update: bool = False
    ) -> dict[int, Sku]:
        # The unit of work holds the store's lock: everything is locked.
        return {
            sid: copy.deepcopy(self.store.skus[sid])
            for sid in sorted(set(sku_ids))
            if sid in self.store.skus
        }

    def save_stock(self, skus: Iterable[Sku]) -> None:
        for sku in skus:
            if sku.stock < 0:
                raise ValueError("stock may not go negative")  # the CHECK constraint
            self.store.skus[sku.id].stock = sku.stock

    def save(self, product: Product) -> None:
        stored = self.store.products[product.id]
        stored.name, stored.description = product.name, product.description
        stored.is_active = product.is_active

    def save_sku(self, sku: Sku) -> None:
        for other in self.store.skus.values():
            if other.id != sku.id and other.code.upper() == sku.code.upper():
                raise CodeTaken(sku.code)  # the unique index
        self.store.skus[sku.id] = copy.deepcopy(sku)

    def delete(self, product_id: int) -> None:
        del self.store.products[product_id]
        for sku_id in [
            sku.id for sku in self.store.skus.values() if sku.product_id == product_id
        ]:
            del self.store.skus[sku_id]

    def add(self, product: Product) -> Product:
        self.add_many([product])
        return self._with_skus(self.store.products[product.id])

    def add_many(self, products: Sequence[Product]) -> None:
        for product in products:
            product.id = self.store.next_id()
            product.created_at = _now()
            self.store.products[product.id] = copy.deepcopy(
                attrs.evolve(product, skus=[])
            )
            for sku in product.skus:
                sku.product_id = product.id
            self.add_skus(product.skus)

    def add_skus(self, skus: Sequence[Sku]) -> None:
        seen = {sku.code.upper() for sku in self.store.skus.values()}
        for sku in skus:
            if sku.code.upper() in seen:
                raise CodeTaken(sku.code)  # the unique index
            seen.add(sku.code.upper())
        for sku in skus:
            sku.id = self.store.next_id()
            self.store.skus[sku.id] = copy.deepcopy(sku)

    def existing_codes(self, codes: Iterable[str]) -> set[str]:
        stored = {sku.code.upper() for sku in self.store.skus.values()}
        return {code.upper() for code in codes} & stored

    def find_by_names(self, names: Iterable[str]) -> dict[str, Product]:
        wanted = set(names)
        found: dict[str, Product] = {}
        for product in sorted(self.store.products.values(), key=lambda p: p.id):
            if product.name in wanted:
                found.setdefault(product.name, self._with_skus(product))
        return found

    def search(
        self, query: str, include_archived: bool, page: PageRequest
    ) -> Page[Product]:
        ranked = []
        for product in self.store.products.values():
            if not (product.is_active or include_archived):
                continue
            rank = match_rank(product.name, query) if query else 0
            if rank is not None:
                ranked.append((rank, product.created_at, product.id, product))
        ranked.sort(key=lambda entry: entry[:3], reverse=True)
        chosen = ranked[page.offset : page.offset + page.limit]
        return Page([self._with_skus(entry[3]) for entry in chosen], len(ranked))


class InMemoryCartRepository(CartRepository):
    def __init__(self, store: MemoryStore) -> None:
        self.store = store

    def get_or_create(self, user_id: int, for_update: bool = False) -> Cart:
        if user_id not in self.store.carts:
            self.store.carts[user_id] = Cart(user_id=user_id, id=self.store.next_id())
        cart = copy.deepcopy(self.store.carts[user_id])
        # A SKU deleted from the catalogue leaves the cart with it.
        cart.items = [item for item in cart.items if item.sku_id in self.store.skus]
        return cart

    def save(self, cart: Cart) -> Cart:
        for item in cart.items:
            if item.id is None:
                item.id = self.store.next_id()
        self.store.carts[cart.user_id] = copy.deepcopy(cart)
        return copy.deepcopy(cart)


class InMemoryOrderRepository(OrderRepository):
    def __init__(self, store: MemoryStore) -> None:
        self.store = store

    def add(self, order: Order) -> Order:
        order.id = self.store.next_id()
        order.created_at = _now()
        self.store.orders[order.id] = copy.deepcopy(order)
        return order

    def get(self, order_id: int, user_id: int, for_update: bool = False) -> Order:
        order = self.store.orders.get(order_id)
        if order is None or order.user_id != user_id:
            raise NotFound()
        return copy.deepcopy(order)

    def list_for_user(self, user_id: int, page: PageRequest) -> Page[Order]:
        mine = sorted(
            (order for order in self.store.orders.values() if order.user_id == user_id),
            key=lambda order: (order.created_at, order.id),
            reverse=True,
        )
        chosen = mine[page.offset : page.offset + page.limit]
        return Page([copy.deepcopy(order) for order in chosen], len(mine))

    def save_status(self, order: Order) -> None:
        self.store.orders[order.id].status = order.status

    def count_lines_for_skus(self, sku_ids: Iterable[int]) -> int:
        wanted = set(sku_ids)
        return sum(
            line.sku_id in wanted
            for order in self.store.orders.values()
            for line in order.lines
        )


class InMemoryIdempotencyKeys(IdempotencyKeys):
    def __init__(self, store: MemoryStore) -> None:
        self.store = store

    def claim(self, user_id: int, key: str) -> int | None:
        # The store's lock serialises units of work, so a claim seen here was
        # committed, with its order attached.
        if (user_id, key) in self.store.idempotency_keys:
            return self.store.idempotency_keys[(user_id, key)]
        self.store.idempotency_keys[(user_id, key)] = None
        return None

    def attach(self, user_id: int, key: str, order_id: int) -> None:
        self.store.idempotency_keys[(user_id, key)] = order_id


class InMemoryAuditLog(AuditLog):
    def __init__(self, store: MemoryStore) -> None:
        self.store = store

    def record(self, entry: AuditEntry) -> None:
        self.store.audit.append(attrs.evolve(entry, at=_now()))
