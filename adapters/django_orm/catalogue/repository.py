from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.db.models.functions import Upper

from adapters.django_orm.catalogue.models import Product as ProductModel
from adapters.django_orm.catalogue.models import Sku as SkuModel
from application.ports import Page, PageRequest, ProductRepository
from domain.catalogue import Product, Sku
from domain.errors import NotFound
from domain.money import Money
from domain.search import CONTAINS, EXACT, PREFIX


def sku_to_domain(row: SkuModel) -> Sku:
    return Sku(
        id=row.pk,
        product_id=row.product_id,
        code=row.code,
        price=Money(row.price),
        stock=row.stock,
    )


def product_to_domain(row: ProductModel) -> Product:
    return Product(
        id=row.pk,
        name=row.name,
        description=row.description,
        is_active=row.is_active,
        created_at=row.created_at,
        skus=[sku_to_domain(sku) for sku in row.skus.all()],
    )


def _with_skus(queryset: QuerySet[ProductModel]) -> QuerySet[ProductModel]:
    return queryset.prefetch_related(
        Prefetch("skus", queryset=SkuModel.objects.order_by("id"))
    )


class DjangoProductRepository(ProductRepository):
    def get(self, product_id: int, include_archived: bool = False) -> Product:
        rows = _with_skus(ProductModel.objects.filter(pk=product_id))
        if not include_archived:
            rows = rows.filter(is_active=True)
        row = rows.first()
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
            # so every checkout takes its locks in the same order.
            rows = rows.select_for_update()
        return {row.pk: sku_to_domain(row) for row in rows}

    def save_stock(self, skus: Iterable[Sku]) -> None:
        rows = [SkuModel(pk=sku.id, stock=sku.stock) for sku in skus]
        SkuModel.objects.bulk_update(rows, ["stock"])

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
        rows = ProductModel.objects.all()
        if not include_archived:
            rows = rows.filter(is_active=True)
        if query:
            # Django escapes %, _ and \ in these lookups: the query is literal.
            rows = rows.filter(name__icontains=query).annotate(
                rank=Case(
                    When(name__iexact=query, then=Value(EXACT)),
                    When(name__istartswith=query, then=Value(PREFIX)),
                    default=Value(CONTAINS),
                    output_field=IntegerField(),
                )
            )
            rows = rows.order_by("-rank", "-created_at", "-id")
        else:
            rows = rows.order_by("-created_at", "-id")
        count = rows.count()
        chosen = _with_skus(rows)[page.offset : page.offset + page.limit]
        return Page([product_to_domain(row) for row in chosen], count)
