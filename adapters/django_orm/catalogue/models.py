from __future__ import annotations

from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone


class Product(models.Model):
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True, default="")
    # Archiving switches this off; products with order history are never
    # removed by default.
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    # What search compares the query with: the name in upper case, computed
    # by the database on every write, whatever path the write takes. On
    # PostgreSQL it carries a trigram GIN index (contains) and a
    # text_pattern_ops btree (equal, starts with); both come from migration
    # 0002, because SQLite knows neither.
    search_key = models.GeneratedField(
        expression=Upper("name"), output_field=models.TextField(), db_persist=True
    )

    class Meta:
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="product_newest_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class Sku(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="skus")
    code = models.CharField(max_length=64)
    price = models.DecimalField(max_digits=12, decimal_places=2)
    stock = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "SKU"
        constraints = [
            models.UniqueConstraint(Upper("code"), name="sku_code_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(stock__gte=0), name="sku_stock_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(price__gt=0), name="sku_price_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class SearchGeneration(models.Model):
    """One row whose token changes, by a PostgreSQL trigger, in the same
    transaction as any insert, delete, rename or (de)activation of products.

    Search result counts are cached under the token they were computed
    with, so a committed change makes every cached count unreachable at
    once, and an uncommitted one touches nothing that others read.
    """

    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return self.token
