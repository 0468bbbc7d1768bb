"""Request parsing and response shapes. Output serializers read domain
objects (attrs classes), never models."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from domain.money import Money

MAX_ID = 2**63 - 1


@extend_schema_field({"type": "string", "format": "decimal", "example": "12.50"})
class MoneyField(serializers.Field):
    """Money as a decimal string with two places."""

    def to_representation(self, value: Money) -> str:
        return str(value)


class IdField(serializers.IntegerField):
    def __init__(self, **kwargs) -> None:
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


# Requests ------------------------------------------------------------------


class RegisterSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        max_length=4096, trim_whitespace=False, write_only=True
    )


class VerifyEmailSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=1024)


class ResendVerificationSerializer(serializers.Serializer):
    email = serializers.CharField(max_length=254)


class CredentialsSerializer(serializers.Serializer):
    email = serializers.CharField(max_length=254)
    password = serializers.CharField(
        max_length=4096, trim_whitespace=False, write_only=True
    )


class RefreshSerializer(serializers.Serializer):
    refresh = serializers.CharField(max_length=4096)


class CartItemCreateSerializer(serializers.Serializer):
    sku_id = IdField()
    # The 1..1000 range is a domain rule (domain.carts); here only the type.
    quantity = serializers.IntegerField(min_value=-(2**31), max_value=2**31)


class CartItemUpdateSerializer(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=-(2**31), max_value=2**31)


# Responses -----------------------------------------------------------------


class UserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    is_active = serializers.BooleanField()


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    is_staff = serializers.BooleanField()


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class AccessTokenSerializer(serializers.Serializer):
    access = serializers.CharField()


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


class SkuSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    price = MoneyField()
    stock = serializers.IntegerField()


class ProductSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    is_active = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    skus = SkuSerializer(many=True)


class CartLineSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="item_id")
    sku_id = serializers.IntegerField()
    sku_code = serializers.CharField()
    product_name = serializers.CharField()
    unit_price = MoneyField()
    quantity = serializers.IntegerField()
    line_total = MoneyField()


class CartSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    items = CartLineSerializer(many=True, source="lines")
    total = MoneyField()


class OrderLineSerializer(serializers.Serializer):
    sku_id = serializers.IntegerField()
    sku_code = serializers.CharField()
    product_name = serializers.CharField()
    unit_price = MoneyField()
    quantity = serializers.IntegerField()
    line_total = MoneyField()


class OrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    total = MoneyField()
    items = OrderLineSerializer(many=True, source="lines")


def paginated(serializer: type[serializers.Serializer], name: str) -> type:
    """A schema-only serializer for a page of `serializer` results."""
    return type(
        name,
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer(many=True),
        },
    )


ProductPageSerializer = paginated(ProductSerializer, "ProductPage")
OrderPageSerializer = paginated(OrderSerializer, "OrderPage")
