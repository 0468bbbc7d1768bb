"""Reading and changing the caller's cart."""

from __future__ import annotations

from collections.abc import Callable

from application.ports import UnitOfWork
from domain.carts import Cart, CartLine, PricedCart, check_quantity
from domain.errors import InvalidRequest


def price_cart(uow: UnitOfWork, cart: Cart) -> PricedCart:
    """The cart's items at today's prices, in the order they were added."""
    skus = uow.products.get_skus(cart.sku_ids)
    products = uow.products.get_many({sku.product_id for sku in skus.values()})
    lines = []
    for item in sorted(cart.items, key=lambda item: item.id):
        sku = skus.get(item.sku_id)
        if sku is None or sku.product_id not in products:
            # Deleted from the catalogue since the cart was read (these reads
            # take no lock); the database drops the item with it.
            continue
        lines.append(
            CartLine(
                item_id=item.id,
                sku_id=sku.id,
                sku_code=sku.code,
                product_name=products[sku.product_id].name,
                unit_price=sku.price,
                quantity=item.quantity,
            )
        )
    return PricedCart(id=cart.id, lines=lines)


class GetCart:
    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self.uow = uow

    def __call__(self, user_id: int) -> PricedCart:
        with self.uow() as uow:
            return price_cart(uow, uow.carts.get_or_create(user_id))


class AddToCart:
    """Put a SKU in the cart, or more of it if it is there already."""

    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self.uow = uow

    def __call__(self, user_id: int, sku_id: int, quantity: int) -> PricedCart:
        check_quantity(quantity)
        with self.uow() as uow:
            sku = uow.products.get_skus([sku_id]).get(sku_id)
            products = uow.products.get_many([sku.product_id] if sku else [])
            if sku is None or sku.product_id not in products:
                # Also a SKU whose product was deleted between the two reads.
                raise InvalidRequest("Unknown SKU.", field="sku_id")
            if not products[sku.product_id].is_active:
                raise InvalidRequest("This product is not for sale.", field="sku_id")
            # Locked so that two additions at once both count.
            cart = uow.carts.get_or_create(user_id, for_update=True)
            cart.add(sku_id, quantity)
            return price_cart(uow, uow.carts.save(cart))


class ChangeCartItem:
    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self.uow = uow

    def __call__(self, user_id: int, item_id: int, quantity: int) -> PricedCart:
        check_quantity(quantity)
        with self.uow() as uow:
            cart = uow.carts.get_or_create(user_id, for_update=True)
            cart.change(item_id, quantity)
            return price_cart(uow, uow.carts.save(cart))


class RemoveCartItem:
    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self.uow = uow

    def __call__(self, user_id: int, item_id: int) -> PricedCart:
        with self.uow() as uow:
            cart = uow.carts.get_or_create(user_id, for_update=True)
            cart.remove(item_id)
            return price_cart(uow, uow.carts.save(cart))
