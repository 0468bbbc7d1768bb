"""A span around every use case, attached at the composition root.

`application/` stays free of OpenTelemetry: `trace_use_cases` replaces each
container provider of a class from `application/` with one that hands out
the same use case behind `TracedUseCase`. A use case added to the container
later gets its span, named after its class, without anything written here.

What a span carries:

- every integer argument whose name ends in `_id` (`user_id`, `order_id`,
  `sku_id`, ...), as `shop.<name>`: ids are safe to export, whereas emails,
  passwords, tokens and search strings are never read;
- what `RESULT_ATTRIBUTES` extracts from the result: one entry per use case
  whose result is worth describing (an order id, a line or result count).

A domain error (not found, invalid request, conflict such as insufficient
stock, authentication) is the use case answering as designed: the span
gets a `refused` event naming the error and keeps its status unset. Any
other exception sets the status to ERROR and is recorded on the span.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable, Mapping
from typing import Any

from dependency_injector import containers, providers
from opentelemetry.trace import Status, StatusCode
from opentelemetry.util.types import AttributeValue

from application import carts, catalogue, catalogue_admin, identity, orders
from config import telemetry
from domain.errors import DomainError

logger = logging.getLogger(__name__)

Attributes = Mapping[str, AttributeValue]


def _page(page) -> Attributes:
    return {"shop.result_count": len(page.items), "shop.total_count": page.count}


def _cart(cart) -> Attributes:
    return {"shop.cart_id": cart.id, "shop.line_count": len(cart.lines)}


RESULT_ATTRIBUTES: dict[type, Callable[[Any], Attributes]] = {
    identity.RegisterUser: lambda user: {"shop.user_id": user.id},
    identity.LogIn: lambda user: {"shop.user_id": user.id},
    catalogue.RankedSearch: _page,
    catalogue.ImportCatalogue: lambda report: {
        "shop.products_created": report.products_created,
        "shop.skus_created": report.skus_created,
        "shop.skus_skipped": report.skus_skipped,
    },
    catalogue_admin.CreateProduct: lambda product: {
        "shop.product_id": product.id,
        "shop.sku_count": len(product.skus),
    },
    catalogue_admin.AddSku: lambda sku: {"shop.sku_id": sku.id},
    carts.GetCart: _cart,
    carts.AddToCart: _cart,
    carts.ChangeCartItem: _cart,
    carts.RemoveCartItem: _cart,
    orders.PlaceOrder: lambda placement: {
        "shop.order_id": placement.order.id,
        "shop.line_count": len(placement.order.lines),
        "shop.replayed": placement.replayed,
    },
    orders.CancelOrder: lambda order: {"shop.line_count": len(order.lines)},
    orders.ListOrders: _page,
}


class TracedUseCase:
    """Calls a use case inside a span named after its class, when tracing is on."""

    def __init__(self, use_case: Callable[..., Any]) -> None:
        self._use_case = use_case
        self._name = type(use_case).__name__

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        tracer = telemetry.tracer(__name__)
        if tracer is None:
            return self._use_case(*args, **kwargs)
        # Status and exception are handled below: a domain error is no error.
        with tracer.start_as_current_span(
            self._name, record_exception=False, set_status_on_exception=False
        ) as span:
            span.set_attributes(id_attributes(self._use_case, args, kwargs))
            try:
                result = self._use_case(*args, **kwargs)
            except DomainError as refusal:
                span.add_event("refused", {"shop.error": type(refusal).__name__})
                raise
            except Exception as error:
                span.record_exception(error)
                span.set_status(Status(StatusCode.ERROR, type(error).__name__))
                raise
            describe = RESULT_ATTRIBUTES.get(type(self._use_case))
            if describe is not None:
                # The use case did its work: a wrong extractor must not turn
                # that into a failed request.
                try:
                    span.set_attributes(describe(result))
                except Exception:
                    logger.warning(
                        "span attributes not extracted",
                        extra={"use_case": self._name},
                        exc_info=True,
                    )
            return result

    def __getattr__(self, name: str) -> Any:
        # Anything else (a use case's settings, say) is the use case's own.
        return getattr(self._use_case, name)


def id_attributes(
    use_case: Callable[..., Any], args: tuple, kwargs: dict
) -> Attributes:
    """`shop.<name>` for every integer argument named `*_id`."""
    try:
        # `None` stands for `self`.
        bound = _signature(type(use_case)).bind(None, *args, **kwargs)
    except TypeError:
        return {}  # the call itself will fail, and say why
    return {
        f"shop.{name}": value
        for name, value in bound.arguments.items()
        if name.endswith("_id") and isinstance(value, int)
    }


@functools.cache
def _signature(use_case_class: type) -> inspect.Signature:
    return inspect.signature(use_case_class.__call__)


def trace_use_cases(container: containers.Container) -> None:
    """Put every use case the container provides behind `TracedUseCase`.

    A use case is what a Factory provider builds from a class of
    `application/`. Arguments given when the provider is called (such as
    `container.import_catalogue(batch_size=...)`) still reach the use case's
    constructor, and `override` on the container's other providers (a unit
    of work, a notifier) still takes effect.
    """
    for name, provider in list(container.providers.items()):
        if isinstance(provider, providers.Factory) and _is_use_case(provider.cls):
            container.set_provider(name, providers.Callable(_traced, provider.provider))


def _is_use_case(cls: type) -> bool:
    return cls.__module__.partition(".")[0] == "application"


def _traced(build: providers.Provider, *args: Any, **kwargs: Any) -> TracedUseCase:
    return TracedUseCase(build(*args, **kwargs))
