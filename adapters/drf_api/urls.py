"""API v1 routes. Each answers with and without a trailing slash."""

from __future__ import annotations

from django.urls import URLPattern, path, register_converter

from adapters.drf_api import carts, catalogue, identity, orders


class IdConverter:
    """A database id: at most 18 digits, so it always fits a bigint and a
    longer number is simply a 404."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")


def route(pattern: str, view, name: str) -> list[URLPattern]:
    return [path(pattern, view, name=name), path(f"{pattern}/", view)]


urlpatterns = [
    *route("auth/register", identity.RegisterView.as_view(), "register"),
    *route("auth/verify-email", identity.VerifyEmailView.as_view(), "verify-email"),
    *route(
        "auth/resend-verification",
        identity.ResendVerificationView.as_view(),
        "resend-verification",
    ),
    *route("auth/token", identity.TokenObtainView.as_view(), "token"),
    *route("auth/token/refresh", identity.TokenRefreshView.as_view(), "token-refresh"),
    *route("users/me", identity.MeView.as_view(), "me"),
    *route("products", catalogue.ProductListView.as_view(), "products"),
    *route(
        "products/<id:product_id>", catalogue.ProductDetailView.as_view(), "product"
    ),
    *route(
        "products/<id:product_id>/skus",
        catalogue.ProductSkuListView.as_view(),
        "product-skus",
    ),
    *route("skus/<id:sku_id>", catalogue.SkuDetailView.as_view(), "sku"),
    *route("cart", carts.CartView.as_view(), "cart"),
    *route("cart/items", carts.CartItemListView.as_view(), "cart-items"),
    *route("cart/items/<id:item_id>", carts.CartItemDetailView.as_view(), "cart-item"),
    *route("checkout", orders.CheckoutView.as_view(), "checkout"),
    *route("orders", orders.OrderListView.as_view(), "orders"),
    *route("orders/<id:order_id>", orders.OrderDetailView.as_view(), "order"),
    *route(
        "orders/<id:order_id>/cancel", orders.OrderCancelView.as_view(), "order-cancel"
    ),
]
