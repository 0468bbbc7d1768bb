"""A shopper's cart: SKUs and quantities, priced only when shown or ordered."""

from __future__ import annotations

import attrs

from domain.errors import InvalidRequest, NotFound
from domain.money import Money, total

MIN_QUANTITY = 1
MAX_QUANTITY = 1000


def check_quantity(quantity: int) -> int:
    if not MIN_QUANTITY <= quantity <= MAX_QUANTITY:
        raise InvalidRequest(
            f"Quantity must be between {MIN_QUANTITY} and {MAX_QUANTITY}.",
            field="quantity",
        )
    return quantity


@attrs.define
class CartItem:
    sku_id: int
    quantity: int
    id: int | None = None


@attrs.define
class Cart:
    user_id: int
    items: list[CartItem] = attrs.Factory(list)
    id: int | None = None

    def add(self, sku_id: int, quantity: int) -> None:
        """Add to the SKU's line if there is one; the merged line obeys limits."""
        check_quantity(quantity)
        for item in self.items:
            if item.sku_id == sku_id:
                item.quantity = check_quantity(item.quantity + quantity)
                return
        self.items.append(CartItem(sku_id=sku_id, quantity=quantity))

    def change(self, item_id: int, quantity: int) -> None:
        self.item(item_id).quantity = check_quantity(quantity)

    def remove(self, item_id: int) -> None:
        self.items.remove(self.item(item_id))

    def item(self, item_id: int) -> CartItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise NotFound()

    def clear(self) -> None:
        self.items.clear()

    @property
    def sku_ids(self) -> list[int]:
        return sorted({item.sku_id for item in self.items})


@attrs.frozen
class CartLine:
    """A cart item as the shopper sees it: priced at today's SKU price."""

    item_id: int
    sku_id: int
    sku_code: str
    product_name: str
    unit_price: Money
    quantity: int

    @property
    def line_total(self) -> Money:
        return self.unit_price * self.quantity


@attrs.frozen
class PricedCart:
    id: int
    lines: list[CartLine]

    @property
    def total(self) -> Money:
        return total(line.line_total for line in self.lines)
