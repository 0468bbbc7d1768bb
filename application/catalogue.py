"""Reading and importing the catalogue."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable

import attrs

from application.ports import Page, PageRequest, UnitOfWork
from domain.catalogue import (
    Product,
    Sku,
    check_code,
    check_name,
    check_price,
    check_stock,
)
from domain.money import Money

logger = logging.getLogger(__name__)


class RankedSearch:
    """List products, ranked by how well the name matches the query."""

    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self.uow = uow

    def __call__(
        self, query: str, page: PageRequest, include_archived: bool = False
    ) -> Page[Product]:
        with self.uow() as uow:
            return uow.products.search(query.strip(), include_archived, page)


class GetProduct:
    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self.uow = uow

    def __call__(self, product_id: int, include_archived: bool = False) -> Product:
        with self.uow() as uow:
            return uow.products.get(product_id, include_archived)


@attrs.frozen
class CatalogueRow:
    """One SKU line of a catalogue file, checked as it is read."""

    sku_code: str = attrs.field(converter=check_code)
    name: str = attrs.field(converter=check_name)
    price: Money = attrs.field(
        converter=lambda value: check_price(Money.rounded(value))
    )
    stock: int = attrs.field(converter=lambda value: check_stock(int(value)))

    def sku(self) -> Sku:
        return Sku(code=self.sku_code, price=self.price, stock=self.stock)


@attrs.frozen
class ImportReport:
    products_created: int = 0
    skus_created: int = 0
    skus_skipped: int = 0

    def __add__(self, other: ImportReport) -> ImportReport:
        return ImportReport(
            self.products_created + other.products_created,
            self.skus_created + other.skus_created,
            self.skus_skipped + other.skus_skipped,
        )


class ImportCatalogue:
    """Create the products and SKUs of a catalogue file that do not exist yet.

    Rows sharing a name are SKUs of one product. A SKU whose code exists
    (ignoring case) is left exactly as it is, so importing twice changes
    nothing and never resets stock that orders have lowered since. Each
    batch is its own transaction: an interrupted import resumes where it
    stopped when run again.
    """

    def __init__(self, uow: Callable[[], UnitOfWork], batch_size: int = 1000) -> None:
        self.uow = uow
        self.batch_size = batch_size

    def __call__(
        self,
        rows: Iterable[CatalogueRow],
        progress: Callable[[int], None] = lambda done: None,
    ) -> ImportReport:
        report = ImportReport()
        remaining = iter(rows)
        while batch := tuple(itertools.islice(remaining, self.batch_size)):
            report += self._import_batch(batch)
            progress(len(batch))
        logger.info(
            "catalogue imported",
            extra={
                "products_created": report.products_created,
                "skus_created": report.skus_created,
            },
        )
        return report

    def _import_batch(self, rows: tuple[CatalogueRow, ...]) -> ImportReport:
        with self.uow() as uow:
            taken = uow.products.existing_codes(row.sku_code for row in rows)
            fresh: dict[str, CatalogueRow] = {}
            for row in rows:
                # A code already stored, or repeated in the file, keeps its
                # first version.
                if row.sku_code.upper() not in taken:
                    fresh.setdefault(row.sku_code.upper(), row)
            existing = uow.products.find_by_names(row.name for row in fresh.values())
            new_products: dict[str, Product] = {}
            extra_skus: list[Sku] = []
            for row in fresh.values():
                sku = row.sku()
                if row.name in existing:
                    sku.product_id = existing[row.name].id
                    extra_skus.append(sku)
                else:
                    new_products.setdefault(row.name, Product(name=row.name))
                    new_products[row.name].skus.append(sku)
            uow.products.add_many(list(new_products.values()))
            uow.products.add_skus(extra_skus)
        return ImportReport(len(new_products), len(fresh), len(rows) - len(fresh))
