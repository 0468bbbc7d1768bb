"""Place an order with the shop's use cases and no Django, no database.

This is what another service does to reuse `application/`: pick an adapter
for every port (here the in-memory ones from `adapters/memory/`, which
import nothing but the standard library and attrs), hand them to the use
cases, and call them. Run it from the repository root:

    .venv/bin/python examples/place_order_in_memory.py
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script from anywhere: make the repository's packages importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from adapters.memory.identity import (  # noqa: E402
    InMemoryVerificationTokens,
    MinimumLengthPolicy,
)
from adapters.memory.notifier import RecordingNotifier  # noqa: E402
from adapters.memory.repositories import MemoryStore  # noqa: E402
from adapters.memory.unit_of_work import InMemoryUnitOfWork  # noqa: E402
from application.carts import AddToCart  # noqa: E402
from application.catalogue import RankedSearch  # noqa: E402
from application.identity import RegisterUser, VerifyEmail  # noqa: E402
from application.orders import PlaceOrder  # noqa: E402
from application.ports import PageRequest  # noqa: E402
from domain.catalogue import Product, Sku  # noqa: E402
from domain.money import Money  # noqa: E402


def main() -> None:
    # The composition root: one store behind every unit of work.
    store = MemoryStore()

    def unit_of_work() -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(store)

    notifier = RecordingNotifier()
    tokens = InMemoryVerificationTokens()
    register = RegisterUser(unit_of_work, MinimumLengthPolicy(), tokens, notifier)
    verify = VerifyEmail(unit_of_work, tokens)
    search = RankedSearch(unit_of_work)
    add_to_cart = AddToCart(unit_of_work)
    place_order = PlaceOrder(unit_of_work, notifier)

    # A catalogue of two products, stored through the repository port.
    with unit_of_work() as uow:
        for name, code, price in [
            ("JUMBO BAG RED RETROSPOT", "85099B", "2.08"),
            ("RED RETROSPOT MUG", "21000R", "1.25"),
        ]:
            uow.products.add(
                Product(name=name, skus=[Sku(code=code, price=Money(price), stock=5)])
            )

    user = register("ann@example.com", "a long secret 42")
    verify(notifier.sent[-1].token)

    found = search("retrospot", PageRequest(offset=0, limit=10))
    print(f"search 'retrospot': {found.count} products")
    for product in found.items:
        print(f"  {product.name}")
        add_to_cart(user.id, product.skus[0].id, 2)

    placement = place_order(user.id, idempotency_key="example-1")
    order = placement.order
    print(f"order {order.id} {order.status.value}, total {order.total}")
    for line in order.lines:
        print(f"  {line.quantity} x {line.sku_code} at {line.unit_price}")

    again = place_order(user.id, idempotency_key="example-1")
    print(f"same key again: order {again.order.id}, replayed={again.replayed}")
    print(f"messages sent: {[message.kind for message in notifier.sent]}")
    print(f"django imported: {'django' in sys.modules}")


if __name__ == "__main__":
    main()
