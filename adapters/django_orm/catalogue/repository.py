from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Prefetch, Q, QuerySet, Value
from django.db.models.deletion import ProtectedError
from django.db.models.functions import Upper

from adapters.django_orm.catalogue.models import Product as ProductModel
from adapters.django_orm.catalogue.models import SearchGeneration
from adapters.django_orm.catalogue.models import Sku as SkuModel
from application.ports import Page, PageRequest, ProductRepository
from domain.catalogue import MAX_NAME_LENGTH, Product, Sku
from domain.errors import CodeTaken, NotFound, ProductReferenced
from domain.money import Money

logger = logging.getLogger(__name__)

# Cached counts are keyed by the search generation, so they never go stale;
# the timeout only bounds how long unused ones take room.
COUNT_CACHE_SECONDS = 3600
NEWEST_FIRST = ("-created_at", "-id")
T = TypeVar("T")


def sku_to_domain(row: SkuModel) -> Sku:
    return Sku(
        id=row.pk,
        product_id=row.product_id,
        code=row.code,
        price=Money(row.price),
        stock=row.stock,
    )


def product_to_domain(
    row: ProductModel, skus: Iterable[SkuModel] | None = None
) -> Product:
    return Product(
        id=row.pk,
        name=row.name,
        description=row.description,
        is_active=row.is_active,
        created_at=row.created_at,
        skus=[sku_to_domain(sku) for sku in (row.skus.all() if skus is None else skus)],
    )


def _rank_counts(matches: QuerySet[ProductModel], key: Upper) -> tuple[int, int, int]:
    """How many of `matches` equal the key, start with it, and in all: one
    pass over the matches."""
    counts = matches.aggregate(
        exact=Count("pk", filter=Q(search_key=key)),
        prefix=Count("pk", filter=Q(search_key__startswith=key)),
        total=Count("pk"),
    )
    return counts["exact"], counts["prefix"], counts["total"]


def _is_code_clash(error: IntegrityError) -> bool:
    return "sku_code_ci_unique" in str(error)


def _with_skus(queryset: QuerySet[ProductModel]) -> QuerySet[ProductModel]:
    return queryset.prefetch_related(
        Prefetch("skus", queryset=SkuModel.objects.order_by("id"))
    )


class DjangoProductRepository(ProductRepository):
    def get(
        self, product_id: int, include_archived: bool = False, for_update: bool = False
    ) -> Product:
        rows = ProductModel.objects.filter(pk=product_id)
        if not include_archived:
            rows = rows.filter(is_active=True)
        if for_update:
            row = rows.select_for_update().first()
            if row is None:
                raise NotFound()
            # The same lock order as checkout: SKUs by ascending id.
            skus = SkuModel.objects.filter(product=row).order_by("pk")
            return product_to_domain(row, skus.select_for_update())
        row = _with_skus(rows).first()
        if row is None:
            raise NotFound()
        return product_to_domain(row)

    def get_many(self, product_ids: Iterable[int]) -> dict[int, Product]:
        rows = _with_skus(ProductModel.objects.filter(pk__in=list(product_ids)))
        return {row.pk: product_to_domain(row) for row in rows}

    def get_skus(
        self, sku_ids: Iterable[int], for_update: bool = False
    ) -> dict[int, Sku]:
        rows = SkuModel.objects.filter(pk__in=list(sku_ids)).order_by("pk")
        if for_update:
            # ORDER BY id: PostgreSQL locks rows in the order it returns them,
            # so every checkout takes its locks in the same order. A row
            # deleted while we waited for its lock is simply not returned.
            rows = rows.select_for_update()
        return {row.pk: sku_to_domain(row) for row in rows}

    def save_stock(self, skus: Iterable[Sku]) -> None:
        rows = [SkuModel(pk=sku.id, stock=sku.stock) for sku in skus]
        SkuModel.objects.bulk_update(rows, ["stock"])

    def save(self, product: Product) -> None:
        ProductModel.objects.filter(pk=product.id).update(
            name=product.name,
            description=product.description,
            is_active=product.is_active,
        )

    def save_sku(self, sku: Sku) -> None:
        try:
            with transaction.atomic():
                SkuModel.objects.filter(pk=sku.id).update(
                    code=sku.code, price=sku.price.amount, stock=sku.stock
                )
        except IntegrityError as error:
            if _is_code_clash(error):
                raise CodeTaken(sku.code) from error
            raise

    def delete(self, product_id: int) -> None:
        try:
            ProductModel.objects.filter(pk=product_id).delete()
        except ProtectedError as error:
            # Only reachable if an order line was written without the SKU
            # lock; the PROTECT foreign key still refuses, with the same 409.
            raise ProductReferenced(len(error.protected_objects)) from error

    def add(self, product: Product) -> Product:
        self.add_many([product])
        return self.get(product.id, include_archived=True)

    def add_many(self, products: Sequence[Product]) -> None:
        rows = ProductModel.objects.bulk_create(
            [
                ProductModel(
                    name=product.name,
                    description=product.description,
                    is_active=product.is_active,
                )
                for product in products
            ]
        )
        for product, row in zip(products, rows, strict=True):
            product.id, product.created_at = row.pk, row.created_at
            for sku in product.skus:
                sku.product_id = row.pk
        self.add_skus([sku for product in products for sku in product.skus])

    def add_skus(self, skus: Sequence[Sku]) -> None:
        try:
            with transaction.atomic():
                rows = SkuModel.objects.bulk_create(
                    [
                        SkuModel(
                            product_id=sku.product_id,
                            code=sku.code,
                            price=sku.price.amount,
                            stock=sku.stock,
                        )
                        for sku in skus
                    ]
                )
        except IntegrityError as error:
            if not _is_code_clash(error):
                raise
            # Another transaction took a code between our check and insert.
            taken = self.existing_codes(sku.code for sku in skus)
            raise CodeTaken(min(taken, default=skus[0].code)) from error
        for sku, row in zip(skus, rows, strict=True):
            sku.id = row.pk

    def existing_codes(self, codes: Iterable[str]) -> set[str]:
        wanted = {code.upper() for code in codes}
        return set(
            SkuModel.objects.annotate(upper_code=Upper("code"))
            .filter(upper_code__in=wanted)
            .values_list("upper_code", flat=True)
        )

    def find_by_names(self, names: Iterable[str]) -> dict[str, Product]:
        found: dict[str, Product] = {}
        rows = _with_skus(ProductModel.objects.filter(name__in=set(names)))
        for row in rows.order_by("pk"):
            found.setdefault(row.name, product_to_domain(row))
        return found

    def search(
        self, query: str, include_archived: bool, page: PageRequest
    ) -> Page[Product]:
        """Rank by rank rather than one ranked query.

        Sorting every match by a computed rank reads all of them, which is
        what makes a frequent word slow. Instead each rank (equal, starts
        with, contains only) is its own query ordered newest first with a
        LIMIT, so PostgreSQL may walk the newest-first index and stop after
        a page (a frequent word), or collect the few matches from the
        trigram or pattern index (a rare one). The counts that place the
        page among the ranks are what costs: they are cached per search
        generation (see SearchGeneration), hence exact.
        """
        rows = ProductModel.objects.all()
        if not include_archived:
            rows = rows.filter(is_active=True)
        if not query:
            total = self._count(("all", include_archived), rows.count)
            newest = rows.order_by(*NEWEST_FIRST).values_list("pk", flat=True)
            return Page(self._products(newest[page.offset : page.end]), total)
        if "\x00" in query or len(query) > MAX_NAME_LENGTH:
            # No name can contain it (PostgreSQL text holds no NUL character,
            # names have at most MAX_NAME_LENGTH); spare the database.
            return Page([], 0)

        # Upper-cased by the database, as search_key is: both sides agree
        # on every character. Lookups escape %, _ and \ in it.
        key = Upper(Value(query))
        matches = rows.filter(search_key__contains=key)
        exact, prefix, total = self._count(
            ("ranked", include_archived, query), lambda: _rank_counts(matches, key)
        )
        ranks = [
            (rows.filter(search_key=key), exact),
            (
                rows.filter(search_key__startswith=key).exclude(search_key=key),
                prefix - exact,
            ),
            (matches.exclude(search_key__startswith=key), total - prefix),
        ]
        ids: list[int] = []
        first = 0  # position of the rank's first row in the whole ranking
        for rank, size in ranks:
            low, high = max(page.offset - first, 0), min(page.end - first, size)
            if low < high:
                newest = rank.order_by(*NEWEST_FIRST).values_list("pk", flat=True)
                ids += newest[low:high]
            first += size
        return Page(self._products(ids), total)

    def _products(self, ids: Iterable[int]) -> list[Product]:
        """The products with these ids and their SKUs, in the given order."""
        ids = list(ids)
        rows = _with_skus(ProductModel.objects.filter(pk__in=ids)).in_bulk()
        return [product_to_domain(rows[pk]) for pk in ids if pk in rows]

    def _count(self, question: tuple, compute: Callable[[], T]) -> T:
        """`compute()`, cached under the current search generation."""
        generation = self._generation()
        if generation is None:
            return compute()
        digest = hashlib.sha256(repr((generation, *question)).encode()).hexdigest()
        key = f"search-count:{digest}"
        try:
            found = cache.get(key)
        except Exception:
            # The cache only saves time: a search never fails over it.
            logger.warning("search count cache unreadable", exc_info=True)
            return compute()
        if found is None:
            found = compute()
            try:
                cache.set(key, found, COUNT_CACHE_SECONDS)
            except Exception:
                logger.warning("search count cache unwritable", exc_info=True)
        return found

    def _generation(self) -> str | None:
        # The trigger that renews the generation exists on PostgreSQL only;
        # on SQLite (the demo) every count is computed afresh.
        if connection.vendor != "postgresql":
            return None
        return (
            SearchGeneration.objects.filter(pk=1)
            .values_list("token", flat=True)
            .first()
        )
