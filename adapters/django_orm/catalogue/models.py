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
