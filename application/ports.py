"""Ports: what the use cases need from the world, and nothing about how.

Adapters implement these (Django ORM for production, in-memory for unit
tests). Repositories work inside the unit of work that holds them: they see
its transaction and their writes land or vanish with it.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable, Sequence
from typing import Generic, Self, TypeVar

import attrs

from domain.audit import AuditEntry
from domain.carts import Cart
from domain.catalogue import Product, Sku
from domain.orders import Order
from domain.users import User

T = TypeVar("T")


@attrs.frozen
class PageRequest:
    offset: int = 0
    limit: int = 20

    @property
    def end(self) -> int:
        return self.offset + self.limit


@attrs.frozen
class Page(Generic[T]):
    items: list[T]
    count: int


class UserRepository(abc.ABC):
    @abc.abstractmethod
    def get(self, user_id: int) -> User:
        """Raise NotFound when there is no such user."""

    @abc.abstractmethod
    def find_by_email(self, email: str) -> User | None:
        """Look the email up ignoring case."""

    @abc.abstractmethod
    def add(self, email: str, password: str) -> User:
        """Store a new, inactive, unverified user; raise EmailTaken when the
        email exists in any case, even if another transaction just took it."""

    @abc.abstractmethod
    def mark_verified(self, user_id: int) -> None:
        """Activate the user and record that the email was verified."""


class ProductRepository(abc.ABC):
    @abc.abstractmethod
    def get(
        self, product_id: int, include_archived: bool = False, for_update: bool = False
    ) -> Product:
        """Raise NotFound when missing, or archived unless asked for.

        With `for_update` the product row and then its SKU rows (in id order)
        stay locked until the unit of work ends.
        """

    @abc.abstractmethod
    def get_many(self, product_ids: Iterable[int]) -> dict[int, Product]:
        """The products with these ids, archived ones included."""

    @abc.abstractmethod
    def get_skus(
        self, sku_ids: Iterable[int], for_update: bool = False
    ) -> dict[int, Sku]:
        """The SKUs that exist among `sku_ids`.

        With `for_update` the rows stay locked until the unit of work ends,
        taken in ascending id order so that two callers cannot deadlock.
        """

    @abc.abstractmethod
    def save_stock(self, skus: Iterable[Sku]) -> None:
        """Write back the stock of SKUs read with `for_update`."""

    @abc.abstractmethod
    def save(self, product: Product) -> None:
        """Write the product's name, description and is_active (not its SKUs)."""

    @abc.abstractmethod
    def save_sku(self, sku: Sku) -> None:
        """Write the SKU's code, price and stock; CodeTaken when another SKU
        has the code in any case, even if another transaction just took it."""

    @abc.abstractmethod
    def delete(self, product_id: int) -> None:
        """Remove the product and its SKUs (carts lose them too). The caller
        has checked, under lock, that no order line refers to the SKUs."""

    @abc.abstractmethod
    def add(self, product: Product) -> Product:
        """Store a new product and its SKUs, filling in ids and created_at;
        CodeTaken when a SKU code exists already in any case."""

    @abc.abstractmethod
    def add_many(self, products: Sequence[Product]) -> None:
        """Store many new products and SKUs at once (imports)."""

    @abc.abstractmethod
    def add_skus(self, skus: Sequence[Sku]) -> None:
        """Store new SKUs of existing products (`product_id` set); CodeTaken
        when a code exists already in any case."""

    @abc.abstractmethod
    def existing_codes(self, codes: Iterable[str]) -> set[str]:
        """Which of `codes` are taken, compared ignoring case (upper-cased)."""

    @abc.abstractmethod
    def find_by_names(self, names: Iterable[str]) -> dict[str, Product]:
        """Products whose name is exactly one of `names`, by name."""

    @abc.abstractmethod
    def search(
        self, query: str, include_archived: bool, page: PageRequest
    ) -> Page[Product]:
        """Products whose name contains `query` (ignoring case, taken
        literally), exact matches first, then prefix matches, then the rest;
        newest first within a rank, then higher id first. An empty query
        lists everything, newest first."""


class CartRepository(abc.ABC):
    @abc.abstractmethod
    def get_or_create(self, user_id: int, for_update: bool = False) -> Cart:
        """The user's one cart, made on first use; optionally locked."""

    @abc.abstractmethod
    def save(self, cart: Cart) -> Cart:
        """Write the cart's items (adds, changes, removals); new items get ids."""


class OrderRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, order: Order) -> Order:
        """Store a new order with its lines, filling in id and created_at."""

    @abc.abstractmethod
    def get(self, order_id: int, user_id: int, for_update: bool = False) -> Order:
        """The user's order; NotFound when missing or someone else's."""

    @abc.abstractmethod
    def list_for_user(self, user_id: int, page: PageRequest) -> Page[Order]:
        """The user's orders, newest first, then higher id first."""

    @abc.abstractmethod
    def save_status(self, order: Order) -> None: ...

    @abc.abstractmethod
    def count_lines_for_skus(self, sku_ids: Iterable[int]) -> int:
        """How many order lines, of any user and status, refer to these SKUs."""


class IdempotencyKeys(abc.ABC):
    @abc.abstractmethod
    def claim(self, user_id: int, key: str) -> int | None:
        """Claim `key` for the user inside the current unit of work.

        Returns None when the claim is new: the caller goes on and must
        `attach` the order it makes. Returns the order id when the key was
        used by a committed unit of work. When another unit of work holds
        an uncommitted claim on the same key, waits for it to end: if it
        committed, its order id comes back; if it rolled back, the claim
        is ours.
        """

    @abc.abstractmethod
    def attach(self, user_id: int, key: str, order_id: int) -> None: ...


class AuditLog(abc.ABC):
    """Where staff changes are written down, in the same unit of work as the
    change: a change that rolls back leaves no entry, and none goes missing."""

    @abc.abstractmethod
    def record(self, entry: AuditEntry) -> None: ...


class UnitOfWork(abc.ABC):
    """One atomic piece of work: every repository write, or none.

    Leaving the `with` block normally commits; an exception rolls back.
    Callbacks given to `on_commit` run after a commit, never after a
    rollback: that is where side effects such as emails belong.
    """

    users: UserRepository
    products: ProductRepository
    carts: CartRepository
    orders: OrderRepository
    idempotency_keys: IdempotencyKeys
    audit: AuditLog

    @abc.abstractmethod
    def __enter__(self) -> Self: ...

    @abc.abstractmethod
    def __exit__(self, exc_type, exc, tb) -> None: ...

    @abc.abstractmethod
    def on_commit(self, callback: Callable[[], None]) -> None: ...


class Notifier(abc.ABC):
    """Sends messages to people. Use cases call it through
    `UnitOfWork.on_commit`, so nothing is announced that did not happen."""

    @abc.abstractmethod
    def send_verification(self, email: str, token: str) -> None: ...

    @abc.abstractmethod
    def send_order_confirmation(self, email: str, order: Order) -> None: ...


class PasswordPolicy(abc.ABC):
    @abc.abstractmethod
    def problems(self, password: str, email: str) -> list[str]:
        """Why the password is not acceptable; empty when it is."""


class Credentials(abc.ABC):
    @abc.abstractmethod
    def check(self, email: str, password: str) -> User | None:
        """The user whose password this is, active or not; None otherwise.

        Takes about as long when the email is unknown, so that the answer
        time does not tell which emails have accounts."""


class VerificationTokens(abc.ABC):
    @abc.abstractmethod
    def make(self, user_id: int) -> str: ...

    @abc.abstractmethod
    def read(self, token: str) -> int:
        """The user id the token verifies; InvalidToken when it is forged,
        expired, or was used already (the user's state moved on)."""
