"""Staff changes to the catalogue. Each one is written to the audit log in
its own unit of work, so the log holds every change that happened and no
change that did not."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence

import attrs

from application.ports import UnitOfWork
from domain.audit import AuditEntry, Snapshot
from domain.catalogue import (
    Product,
    Sku,
    check_code,
    check_description,
    check_name,
    check_price,
    check_stock,
)
from domain.errors import CodeTaken, NotFound, ProductReferenced
from domain.money import Money

logger = logging.getLogger(__name__)


@attrs.frozen
class SkuDraft:
    """A SKU as staff describe it, before it is stored."""

    code: str
    price: Money
    stock: int

    def sku(self, product_id: int | None = None) -> Sku:
        return Sku(
            code=check_code(self.code),
            price=check_price(self.price),
            stock=check_stock(self.stock),
            product_id=product_id,
        )


def sku_snapshot(sku: Sku) -> Snapshot:
    return {
        "id": sku.id,
        "code": sku.code,
        "price": str(sku.price),
        "stock": sku.stock,
    }


def product_snapshot(product: Product) -> Snapshot:
    return {
        "id": product.id,
        "name": product.name,
        "description": product.description,
        "is_active": product.is_active,
        "skus": [sku_snapshot(sku) for sku in product.skus],
    }


def _refuse_taken_codes(
    uow: UnitOfWork, codes: Iterable[str], field: str = "code"
) -> None:
    """CodeTaken for a code repeated among `codes` or already stored, both
    ignoring case. The unique index still decides a race between two staff."""
    seen: set[str] = set()
    for code in codes:
        if code.upper() in seen:
            raise CodeTaken(code, field=field)
        seen.add(code.upper())
    taken = uow.products.existing_codes(seen)
    if taken:
        raise CodeTaken(min(taken), field=field)


def _record(
    uow: UnitOfWork,
    actor_id: int,
    action: str,
    target_id: int,
    before: Snapshot | None,
    after: Snapshot | None,
) -> None:
    """Write the audit entry of a change; the action names its target type
    ("product.update" changes a product)."""
    target_type = action.partition(".")[0]
    uow.audit.record(
        AuditEntry(actor_id, action, target_type, target_id, before, after)
    )


class CreateProduct:
    """A new product with its SKUs, in one go."""

    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self.uow = uow

    def __call__(
        self,
        actor_id: int,
        name: str,
        description: str = "",
        skus: Sequence[SkuDraft] = (),
        is_active: bool = True,
    ) -> Product:
        product = Product(
            name=check_name(name),
            description=check_description(description),
            skus=[draft.sku() for draft in skus],
            is_active=is_active,
        )
        with self.uow() as uow:
            _refuse_taken_codes(uow, (sku.code for sku in product.skus), "skus")
            try:
                product = uow.products.add(product)
            except CodeTaken as race:
                # Lost to another staff member at the unique index: name the
                # field of this request, as the check above does.
                raise CodeTaken(race.code, field="skus") from race
            _record(
                uow,
                actor_id,
                "product.create",
                product.id,
                None,
                product_snapshot(product),
            )
        logger.info(
            "product created",
            extra={"product_id": product.id, "actor_id": actor_id},
        )
        return product


class UpdateProduct:
    """Rename, describe, archive or restore a product (`is_active`)."""

    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self.uow = uow

    def __call__(
        self,
        actor_id: int,
        product_id: int,
        name: str | None = None,
        description: str | None = None,
        is_active: bool | None = None,
    ) -> Product:
        with self.uow() as uow:
            product = uow.products.get(
                product_id, include_archived=True, for_update=True
            )
            before = product_snapshot(product)
            product.change(name=name, description=description, is_active=is_active)
            after = product_snapshot(product)
            if after != before:
                uow.products.save(product)
                _record(uow, actor_id, "product.update", product.id, before, after)
        logger.info(
            "product updated", extra={"product_id": product_id, "actor_id": actor_id}
        )
        return product


class ArchiveProduct:
    """Take a product off sale and keep everything: the default delete.

    Archived products leave listings, search and new cart additions; carts
    that already hold them are refused at checkout; orders are untouched.
    Archiving an archived product changes nothing.
    """

    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self.uow = uow

    def __call__(self, actor_id: int, product_id: int) -> None:
        with self.uow() as uow:
            product = uow.products.get(
                product_id, include_archived=True, for_update=True
            )
            if not product.is_active:
                return
            before = product_snapshot(product)
            product.archive()
            uow.products.save(product)
            _record(
                uow,
                actor_id,
                "product.archive",
                product_id,
                before,
                product_snapshot(product),
            )
        logger.info(
            "product archived", extra={"product_id": product_id, "actor_id": actor_id}
        )


class PurgeProduct:
    """Remove a product and its SKUs for good, only if no order refers to them.

    The product and SKU rows are locked first, in the order every checkout
    locks SKUs (by id), and the order lines are counted under that lock: a
    checkout either finished before (and the count sees its lines) or waits
    and then finds the SKUs gone. The audit entry keeps what was removed.
    """

    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self.uow = uow

    def __call__(self, actor_id: int, product_id: int) -> None:
        with self.uow() as uow:
            product = uow.products.get(
                product_id, include_archived=True, for_update=True
            )
            referenced = uow.orders.count_lines_for_skus(sku.id for sku in product.skus)
            if referenced:
                raise ProductReferenced(referenced)
            uow.products.delete(product_id)
            _record(
                uow,
                actor_id,
                "product.delete",
                product_id,
                product_snapshot(product),
                None,
            )
        logger.info(
            "product deleted", extra={"product_id": product_id, "actor_id": actor_id}
        )


class AddSku:
    """A new SKU for an existing product, archived or not."""

    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self.uow = uow

    def __call__(self, actor_id: int, product_id: int, draft: SkuDraft) -> Sku:
        sku = draft.sku(product_id)
        with self.uow() as uow:
            # Locked so that a purge cannot remove the product meanwhile.
            uow.products.get(product_id, include_archived=True, for_update=True)
            _refuse_taken_codes(uow, [sku.code])
            uow.products.add_skus([sku])
            _record(uow, actor_id, "sku.create", sku.id, None, sku_snapshot(sku))
        logger.info(
            "sku created",
            extra={"sku_id": sku.id, "product_id": product_id, "actor_id": actor_id},
        )
        return sku


class UpdateSku:
    """Change a SKU's code, price or stock. The row is locked, so a stock
    set by staff and a checkout taking stock happen one after the other."""

    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self.uow = uow

    def __call__(
        self,
        actor_id: int,
        sku_id: int,
        code: str | None = None,
        price: Money | None = None,
        stock: int | None = None,
    ) -> Sku:
        with self.uow() as uow:
            sku = uow.products.get_skus([sku_id], for_update=True).get(sku_id)
            if sku is None:
                raise NotFound()
            before = sku_snapshot(sku)
            sku.change(code=code, price=price, stock=stock)
            if sku.code.upper() != before["code"].upper():
                _refuse_taken_codes(uow, [sku.code])
            after = sku_snapshot(sku)
            if after != before:
                uow.products.save_sku(sku)
                _record(uow, actor_id, "sku.update", sku_id, before, after)
        logger.info("sku updated", extra={"sku_id": sku_id, "actor_id": actor_id})
        return sku
