"""Orders and the rule that turns a cart into one."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime

import attrs

from domain.carts import Cart
from domain.catalogue import Product, Sku
from domain.errors import (
    EmptyCart,
    InsufficientStock,
    OrderNotCancellable,
    OrderTooLarge,
    ProductUnavailable,
)
from domain.money import MAX_AMOUNT, Money, total


class OrderStatus(enum.StrEnum):
    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"
    CANCELLED = "cancelled"


CANCELLABLE = frozenset({OrderStatus.PENDING, OrderStatus.PAID})


@attrs.frozen
class OrderLine:
    """What was bought, as it was when bought: later catalogue edits never
    reach an order line."""

    sku_id: int
    sku_code: str
    product_name: str
    unit_price: Money
    quantity: int

    @property
    def line_total(self) -> Money:
        return self.unit_price * self.quantity


@attrs.define
class Order:
    user_id: int
    lines: list[OrderLine]
    status: OrderStatus = OrderStatus.PENDING
    id: int | None = None
    created_at: datetime | None = None

    @property
    def total(self) -> Money:
        return total(line.line_total for line in self.lines)

    def quantities(self) -> dict[int, int]:
        """Units held per SKU id (one SKU may sit on one line only)."""
        held: dict[int, int] = {}
        for line in self.lines:
            held[line.sku_id] = held.get(line.sku_id, 0) + line.quantity
        return held

    def cancel(self) -> None:
        if self.status not in CANCELLABLE:
            raise OrderNotCancellable(self.status.value)
        self.status = OrderStatus.CANCELLED


def place_order(
    cart: Cart, skus: Mapping[int, Sku], products: Mapping[int, Product]
) -> Order:
    """Turn the cart into an order, taking the stock it needs from `skus`.

    The caller must hold `skus` locked: this checks and lowers their stock in
    memory and the caller writes them back in the same transaction. Nothing
    is taken unless every line can be served.
    """
    if not cart.items:
        raise EmptyCart()
    for item in sorted(cart.items, key=lambda item: item.sku_id):
        sku = skus.get(item.sku_id)
        # A SKU missing here was deleted after the cart was read.
        if sku is None or not products[sku.product_id].is_active:
            raise ProductUnavailable(sku.code if sku else None)
        if item.quantity > sku.stock:
            raise InsufficientStock(sku.code)
    lines = [
        OrderLine(
            sku_id=sku.id,
            sku_code=sku.code,
            product_name=products[sku.product_id].name,
            unit_price=sku.price,
            quantity=item.quantity,
        )
        for item in cart.items
        for sku in [skus[item.sku_id]]
    ]
    order = Order(user_id=cart.user_id, lines=lines)
    if order.total.amount > MAX_AMOUNT:  # no line total exceeds the total
        raise OrderTooLarge(str(MAX_AMOUNT))
    for item in cart.items:
        skus[item.sku_id].take(item.quantity)
    return order
