"""An in-memory unit of work: rolled back by restoring a copy of the store."""

from __future__ import annotations

from collections.abc import Callable
from typing import Self

from adapters.memory.repositories import (
    InMemoryAuditLog,
    InMemoryCartRepository,
    InMemoryIdempotencyKeys,
    InMemoryOrderRepository,
    InMemoryProductRepository,
    InMemoryUserRepository,
    MemoryStore,
)
from application.ports import UnitOfWork


class InMemoryUnitOfWork(UnitOfWork):
    def __init__(self, store: MemoryStore) -> None:
        self.store = store
        self.users = InMemoryUserRepository(store)
        self.products = InMemoryProductRepository(store)
        self.carts = InMemoryCartRepository(store)
        self.orders = InMemoryOrderRepository(store)
        self.idempotency_keys = InMemoryIdempotencyKeys(store)
        self.audit = InMemoryAuditLog(store)
        self._callbacks: list[Callable[[], None]] = []

    def __enter__(self) -> Self:
        self.store.lock.acquire()
        self._snapshot = self.store.snapshot()
        self._callbacks = []
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is not None:
                self.store.restore(self._snapshot)
                self._callbacks = []
        finally:
            self.store.lock.release()
        for callback in self._callbacks:
            callback()

    def on_commit(self, callback: Callable[[], None]) -> None:
        self._callbacks.append(callback)
