"""Checking out, and following or cancelling orders."""

from __future__ import annotations

import logging
from collections.abc import Callable

import attrs

from application.ports import Notifier, Page, PageRequest, UnitOfWork
from domain.errors import Conflict
from domain.orders import Order, place_order

logger = logging.getLogger(__name__)


@attrs.frozen
class Placement:
    order: Order
    # True when the idempotency key had been used: this is the first order,
    # returned again, and nothing was placed now.
    replayed: bool = False


class PlaceOrder:
    """Turn the caller's cart into an order, once per idempotency key.

    In one unit of work: claim the key first (a concurrent request with the
    same key waits for us and then gets our order), lock the cart, then lock
    the SKUs in id order, check and take their stock, write the order with
    its line snapshots, empty the cart, and ask for the confirmation email
    to leave after commit.
    """

    def __init__(self, uow: Callable[[], UnitOfWork], notifier: Notifier) -> None:
        self.uow = uow
        self.notifier = notifier

    def __call__(self, user_id: int, idempotency_key: str | None = None) -> Placement:
        try:
            with self.uow() as uow:
                if idempotency_key is not None:
                    earlier = uow.idempotency_keys.claim(user_id, idempotency_key)
                    if earlier is not None:
                        return Placement(
                            uow.orders.get(earlier, user_id), replayed=True
                        )
                order = self._place(uow, user_id)
                if idempotency_key is not None:
                    uow.idempotency_keys.attach(user_id, idempotency_key, order.id)
        except Conflict as refusal:
            logger.info(
                "checkout refused",
                extra={"user_id": user_id, "reason": refusal.detail},
            )
            raise
        logger.info(
            "order placed",
            extra={"order_id": order.id, "user_id": user_id, "lines": len(order.lines)},
        )
        return Placement(order)

    def _place(self, uow: UnitOfWork, user_id: int) -> Order:
        cart = uow.carts.get_or_create(user_id, for_update=True)
        skus = uow.products.get_skus(cart.sku_ids, for_update=True)
        products = uow.products.get_many({sku.product_id for sku in skus.values()})
        order = place_order(cart, skus, products)
        uow.products.save_stock(skus.values())
        order = uow.orders.add(order)
        cart.clear()
        uow.carts.save(cart)
        email = uow.users.get(user_id).email
        uow.on_commit(lambda: self.notifier.send_order_confirmation(email, order))
        return order


class CancelOrder:
    """Cancel a pending or paid order and put its stock back."""

    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self.uow = uow

    def __call__(self, user_id: int, order_id: int) -> Order:
        with self.uow() as uow:
            order = uow.orders.get(order_id, user_id, for_update=True)
            order.cancel()
            held = order.quantities()
            skus = uow.products.get_skus(held, for_update=True)
            for sku_id, quantity in held.items():
                skus[sku_id].give_back(quantity)
            uow.products.save_stock(skus.values())
            uow.orders.save_status(order)
        logger.info("order cancelled", extra={"order_id": order_id, "user_id": user_id})
        return order


class GetOrder:
    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self.uow = uow

    def __call__(self, user_id: int, order_id: int) -> Order:
        with self.uow() as uow:
            return uow.orders.get(order_id, user_id)


class ListOrders:
    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self.uow = uow

    def __call__(self, user_id: int, page: PageRequest) -> Page[Order]:
        with self.uow() as uow:
            return uow.orders.list_for_user(user_id, page)
