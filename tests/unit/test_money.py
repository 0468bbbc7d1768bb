from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.carts import CartLine
from domain.money import Money
from domain.orders import OrderLine

prices = st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2
).map(Money)
quantities = st.integers(min_value=1, max_value=1000)


@given(price=prices, quantity=quantities)
def test_a_line_total_is_exactly_unit_price_times_quantity(price, quantity):
    line = OrderLine(
        sku_id=1, sku_code="A", product_name="A", unit_price=price, quantity=quantity
    )

    assert line.line_total.amount == price.amount * quantity
    assert str(line.line_total) == f"{price.amount * quantity:.2f}"


@given(price=prices, quantity=quantities)
def test_a_cart_line_prices_like_an_order_line(price, quantity):
    line = CartLine(1, 1, "A", "A", price, quantity)

    assert line.line_total == price * quantity


def test_money_always_shows_two_places():
    assert str(Money("3")) == "3.00"
    assert str(Money("0.5")) == "0.50"


@pytest.mark.parametrize("bad", ["1.005", "abc", "NaN", "Infinity", ""])
def test_money_refuses_what_is_not_a_cent_amount(bad):
    with pytest.raises(ValueError):
        Money(bad)


def test_money_refuses_floats():
    with pytest.raises(TypeError):
        Money(0.1)


def test_rounded_rounds_half_up_to_the_cent():
    assert Money.rounded("2.345") == Money("2.35")
