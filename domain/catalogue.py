"""Products and their SKUs (stock keeping units)."""

from __future__ import annotations

import re
from datetime import datetime

import attrs

from domain.errors import InsufficientStock, InvalidRequest, StockFull
from domain.money import MAX_AMOUNT, Money

MAX_NAME_LENGTH = 255
MAX_DESCRIPTION_LENGTH = 10_000
MAX_CODE_LENGTH = 64
# Stock is stored in a 32-bit integer column.
MAX_STOCK = 2**31 - 1
_CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def check_name(name: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise InvalidRequest("Name may not be blank.", field="name")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidRequest(
            f"Name has at most {MAX_NAME_LENGTH} characters.", field="name"
        )
    return name.strip()


def check_description(description: str) -> str:
    if not isinstance(description, str) or len(description) > MAX_DESCRIPTION_LENGTH:
        raise InvalidRequest(
            f"Description has at most {MAX_DESCRIPTION_LENGTH} characters.",
            field="description",
        )
    return description


def check_code(code: str) -> str:
    """SKU codes are letters, digits, '.', '_' and '-'; unique ignoring case."""
    if (
        not isinstance(code, str)
        or len(code) > MAX_CODE_LENGTH
        or not _CODE_PATTERN.fullmatch(code)
    ):
        raise InvalidRequest(
            "Code is 1 to 64 letters, digits, '.', '_' or '-'.", field="code"
        )
    return code


def check_price(price: Money) -> Money:
    if price.amount <= 0:
        raise InvalidRequest("Price must be greater than zero.", field="price")
    if price.amount > MAX_AMOUNT:
        raise InvalidRequest(f"Price is at most {MAX_AMOUNT}.", field="price")
    return price


def check_stock(stock: int) -> int:
    if stock < 0:
        raise InvalidRequest("Stock may not be negative.", field="stock")
    if stock > MAX_STOCK:
        raise InvalidRequest(f"Stock is at most {MAX_STOCK}.", field="stock")
    return stock


@attrs.define
class Sku:
    """One sellable variant of a product, with its own code, price and stock."""

    code: str
    price: Money
    stock: int
    id: int | None = None
    product_id: int | None = None

    def take(self, quantity: int) -> None:
        if quantity > self.stock:
            raise InsufficientStock(self.code)
        self.stock -= quantity

    def give_back(self, quantity: int) -> None:
        if self.stock + quantity > MAX_STOCK:
            raise StockFull(self.code)
        self.stock += quantity

    def change(
        self,
        code: str | None = None,
        price: Money | None = None,
        stock: int | None = None,
    ) -> None:
        """A staff edit; each given value is checked first, then all are set."""
        code = self.code if code is None else check_code(code)
        price = self.price if price is None else check_price(price)
        stock = self.stock if stock is None else check_stock(stock)
        self.code, self.price, self.stock = code, price, stock


@attrs.define
class Product:
    name: str
    description: str = ""
    skus: list[Sku] = attrs.Factory(list)
    is_active: bool = True
    id: int | None = None
    created_at: datetime | None = None

    def archive(self) -> None:
        self.is_active = False

    def change(
        self,
        name: str | None = None,
        description: str | None = None,
        is_active: bool | None = None,
    ) -> None:
        """A staff edit; each given value is checked first, then all are set."""
        name = self.name if name is None else check_name(name)
        description = (
            self.description if description is None else check_description(description)
        )
        self.name, self.description = name, description
        if is_active is not None:
            self.is_active = is_active
