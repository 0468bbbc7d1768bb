"""Request parsing and response shapes. Output serializers read domain
objects (attrs classes), never models."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request

from domain.carts import MAX_QUANTITY, MIN_QUANTITY
from domain.catalogue import (
    MAX_CODE_LENGTH,
    MAX_DESCRIPTION_LENGTH,
    MAX_NAME_LENGTH,
    check_code,
    check_name,
    check_price,
    check_stock,
)
from domain.errors import InvalidRequest
from domain.money import Money

MAX_ID = 2**63 - 1
ASCII_INTEGER = re.compile(r"-?[0-9]{1,30}")
ASCII_DECIMAL = re.compile(r"-?[0-9]{1,30}(\.[0-9]{1,30})?")


@extend_schema_field({"type": "string", "format": "decimal", "example": "12.50"})
class MoneyField(serializers.Field):
    """Money as a decimal string with two places."""

    def to_representation(self, value: Money) -> str:
        return str(value)


def validated(serializer_class: type[serializers.Serializer], request: Request) -> dict:
    """The request body checked by `serializer_class`; a 400 otherwise."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def domain_rule(check: Callable) -> Callable:
    """A domain check as a field validator: the rule stays in domain/, and
    DRF reports it under the field's name, nested lists included."""

    def validate(value) -> None:
        try:
            check(value)
        except InvalidRequest as error:
            raise serializers.ValidationError(error.messages) from error

    return validate


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer, or a string of ASCII digits. Python's int() also reads
    "1_000", "١" (Arabic-Indic) and "１" (full width): not a shop's input."""

    def to_internal_value(self, data) -> int:
        if isinstance(data, bool) or not (
            isinstance(data, int)
            or (isinstance(data, str) and ASCII_INTEGER.fullmatch(data))
        ):
            self.fail("invalid")
        return super().to_internal_value(data)


class IdField(StrictIntegerField):
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


@extend_schema_field(
    {"type": "integer", "minimum": MIN_QUANTITY, "maximum": MAX_QUANTITY}
)
class QuantityField(StrictIntegerField):
    """How many of a SKU. The 1..1000 range is a domain rule (domain.carts),
    checked by the use case; here only the type and a bound on the size."""

    def __init__(self, **kwargs) -> None:
        super().__init__(min_value=-(2**31), max_value=2**31, **kwargs)


class CartItemCreateSerializer(serializers.Serializer):
    sku_id = IdField()
    quantity = QuantityField()


class CartItemUpdateSerializer(serializers.Serializer):
    quantity = QuantityField()


class PriceField(serializers.DecimalField):
    """A price in, as a JSON string or number with at most two decimals."""

    def __init__(self, **kwargs) -> None:
        super().__init__(
            max_digits=12,
            decimal_places=2,
            validators=[domain_rule(check_price)],
            **kwargs,
        )

    def to_internal_value(self, data) -> Money:
        # A JSON number, or a plain decimal string: "12.50", not "1_2.5",
        # "+12.5", "1e3" or digits of other scripts, which Decimal accepts.
        if isinstance(data, bool) or not (
            isinstance(data, int | float)
            or (isinstance(data, str) and ASCII_DECIMAL.fullmatch(data))
        ):
            self.fail("invalid")
        amount: Decimal = super().to_internal_value(data)
        return Money(amount)


def code_field(**kwargs) -> serializers.CharField:
    return serializers.CharField(
        max_length=MAX_CODE_LENGTH, validators=[domain_rule(check_code)], **kwargs
    )


def stock_field(**kwargs) -> StrictIntegerField:
    return StrictIntegerField(validators=[domain_rule(check_stock)], **kwargs)


def name_field(**kwargs) -> serializers.CharField:
    return serializers.CharField(
        max_length=MAX_NAME_LENGTH, validators=[domain_rule(check_name)], **kwargs
    )


def description_field(**kwargs) -> serializers.CharField:
    return serializers.CharField(
        max_length=MAX_DESCRIPTION_LENGTH,
        allow_blank=True,
        trim_whitespace=False,
        required=False,
        **kwargs,
    )


class SkuWriteSerializer(serializers.Serializer):
    code = code_field()
    price = PriceField()
    stock = stock_field()


class SkuChangeSerializer(serializers.Serializer):
    """PATCH: any of code, price and stock."""

    code = code_field(required=False)
    price = PriceField(required=False)
    stock = stock_field(required=False)


class ProductWriteSerializer(serializers.Serializer):
    name = name_field()
    description = description_field(default="")
    skus = SkuWriteSerializer(many=True, required=False, max_length=100)


class ProductChangeSerializer(serializers.Serializer):
    """PATCH: any of name, description and is_active."""

    name = name_field(required=False)
    description = description_field()
    is_active = serializers.BooleanField(required=False)


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
