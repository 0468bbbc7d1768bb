"""Money: a Decimal amount with exactly two places, never a float."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import attrs

CENT = Decimal("0.01")
# Matches the Decimal(12, 2) column that stores prices and totals.
MAX_AMOUNT = Decimal("9999999999.99")


def _to_decimal(value: Decimal | int | str) -> Decimal:
    if isinstance(value, float):
        raise TypeError("Money is never built from a float")
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise ValueError(f"not an amount: {value!r}") from exc
    if not amount.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    return amount


@attrs.frozen(order=True)
class Money:
    amount: Decimal = attrs.field(converter=_to_decimal)

    def __attrs_post_init__(self) -> None:
        if self.amount != self.amount.quantize(CENT):
            raise ValueError(f"money has at most two decimal places: {self.amount}")
        # Normalise 1.5 to 1.50 so equal amounts also print alike.
        object.__setattr__(self, "amount", self.amount.quantize(CENT))

    @classmethod
    def zero(cls) -> Money:
        return cls(Decimal("0.00"))

    @classmethod
    def rounded(cls, value: Decimal | int | str) -> Money:
        """Round half-up to the cent; for figures from outside, like a CSV."""
        return cls(_to_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP))

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + other.amount)

    def __mul__(self, quantity: int) -> Money:
        if not isinstance(quantity, int) or isinstance(quantity, bool):
            return NotImplemented
        # A cent amount times an integer stays a cent amount: exact.
        return Money(self.amount * quantity)

    __rmul__ = __mul__

    def __str__(self) -> str:
        return f"{self.amount:.2f}"


def total(amounts: Iterable[Money]) -> Money:
    result = Money.zero()
    for amount in amounts:
        result = result + amount
    return result
