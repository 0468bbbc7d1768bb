from __future__ import annotations

from adapters.django_orm.carts.models import Cart as CartModel
from adapters.django_orm.carts.models import CartItem as CartItemModel
from application.ports import CartRepository
from domain.carts import Cart, CartItem


class DjangoCartRepository(CartRepository):
    def get_or_create(self, user_id: int, for_update: bool = False) -> Cart:
        # get_or_create survives two first uses at once: the loser of the
        # unique (user) insert reads the winner's row.
        rows = (
            CartModel.objects.select_for_update() if for_update else CartModel.objects
        )
        row, _ = rows.get_or_create(user_id=user_id)
        items = CartItemModel.objects.filter(cart=row).order_by("pk")
        return Cart(
            id=row.pk,
            user_id=user_id,
            items=[
                CartItem(id=item.pk, sku_id=item.sku_id, quantity=item.quantity)
                for item in items
            ],
        )

    def save(self, cart: Cart) -> Cart:
        stored = {
            item.pk: item for item in CartItemModel.objects.filter(cart_id=cart.id)
        }
        kept = {item.id for item in cart.items if item.id is not None}
        CartItemModel.objects.filter(cart_id=cart.id).exclude(pk__in=kept).delete()
        changed = [
            CartItemModel(pk=item.id, quantity=item.quantity)
            for item in cart.items
            if item.id in stored and stored[item.id].quantity != item.quantity
        ]
        CartItemModel.objects.bulk_update(changed, ["quantity"])
        for item in cart.items:
            if item.id is None:
                item.id = CartItemModel.objects.create(
                    cart_id=cart.id, sku_id=item.sku_id, quantity=item.quantity
                ).pk
        return cart
