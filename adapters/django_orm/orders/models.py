from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from domain.orders import OrderStatus


class Order(models.Model):
    # Order history outlives nothing silently: a user with orders cannot be
    # deleted until someone decides what happens to them.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders"
    )
    status = models.CharField(
        max_length=16,
        choices=[(status.value, status.value) for status in OrderStatus],
        default=OrderStatus.PENDING.value,
    )
    created_at = models.DateTimeField(default=timezone.now)
    total = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        indexes = [
            models.Index(
                fields=["user", "-created_at", "-id"], name="order_user_newest_idx"
            )
        ]

    def __str__(self) -> str:
        return f"order {self.pk}"


class OrderLine(models.Model):
    """A snapshot of what was bought; the SKU link is kept for reporting and
    PROTECTs the SKU from deletion, but nothing shown is read through it."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    sku = models.ForeignKey("catalogue.Sku", on_delete=models.PROTECT, related_name="+")
    sku_code = models.CharField(max_length=64)
    product_name = models.CharField(max_length=255)
    unit_price = models.DecimalField(max_digits=12, decimal_places=2)
    quantity = models.PositiveIntegerField()
    line_total = models.DecimalField(max_digits=12, decimal_places=2)

    def __str__(self) -> str:
        return f"{self.quantity} x {self.sku_code}"


class IdempotencyKey(models.Model):
    """A checkout's Idempotency-Key, claimed inside the order's transaction."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    key = models.CharField(max_length=255)
    order = models.ForeignKey(Order, null=True, on_delete=models.CASCADE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], name="idempotency_key_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"key of user {self.user_id} for order {self.order_id}"
