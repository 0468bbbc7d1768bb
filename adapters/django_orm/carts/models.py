from __future__ import annotations

from django.conf import settings
from django.db import models


class Cart(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cart"
    )

    def __str__(self) -> str:
        return f"cart {self.pk} of user {self.user_id}"


class CartItem(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="items")
    # A SKU removed from the catalogue leaves the carts holding it.
    sku = models.ForeignKey("catalogue.Sku", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cart", "sku"], name="cart_item_one_per_sku"
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1, quantity__lte=1000),
                name="cart_item_quantity_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x SKU {self.sku_id}"
