"""The Django unit of work: one `transaction.atomic` block."""

from __future__ import annotations

from collections.abc import Callable
from typing import Self

from django.db import IntegrityError, transaction

from adapters.django_orm.audit.repository import DjangoAuditLog
from adapters.django_orm.carts.repository import DjangoCartRepository
from adapters.django_orm.catalogue.repository import DjangoProductRepository
from adapters.django_orm.orders.repository import (
    DjangoIdempotencyKeys,
    DjangoOrderRepository,
)
from adapters.django_orm.users.repository import DjangoUserRepository
from application.ports import UnitOfWork
from domain.errors import ConcurrentChange


class DjangoUnitOfWork(UnitOfWork):
    def __init__(self) -> None:
        self.users = DjangoUserRepository()
        self.products = DjangoProductRepository()
        self.carts = DjangoCartRepository()
        self.orders = DjangoOrderRepository()
        self.idempotency_keys = DjangoIdempotencyKeys()
        self.audit = DjangoAuditLog()

    def __enter__(self) -> Self:
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self._atomic.__exit__(exc_type, exc, tb)
        except IntegrityError as error:
            if exc_type is not None:
                raise
            # Django's foreign keys are checked at commit on PostgreSQL. One
            # that fails there points at a row another transaction deleted
            # meanwhile (a SKU put in a cart while a product was purged):
            # nothing was written, and trying again gives a clean answer.
            raise ConcurrentChange() from error

    def on_commit(self, callback: Callable[[], None]) -> None:
        # robust: a failing email after commit is logged by Django and does
        # not turn an order that exists into an error answer.
        transaction.on_commit(callback, robust=True)
