"""Domain errors.

Every rule the shop enforces fails with one of these; adapters translate them
into their own language (HTTP statuses, exit codes)::

    DomainError
    ├── NotFound               the object does not exist or is not the caller's
    ├── InvalidRequest         the request breaks a rule about its own content
    │   ├── EmptyCart
    │   ├── OrderTooLarge
    │   ├── EmailTaken
    │   ├── CodeTaken
    │   └── InvalidToken
    ├── Conflict               the request is valid but the shop's state refuses it
    │   ├── InsufficientStock
    │   ├── ProductUnavailable
    │   ├── OrderNotCancellable
    │   ├── ProductReferenced
    │   ├── StockFull
    │   └── ConcurrentChange
    └── AuthenticationError    credentials or tokens that do not hold
        ├── InvalidCredentials
        ├── EmailNotVerified
        └── AccountInactive
"""


class DomainError(Exception):
    """Base of every error raised on purpose by domain or application code."""

    message = "The request cannot be carried out."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)

    @property
    def detail(self) -> str:
        return str(self)


class NotFound(DomainError):
    """The object does not exist, or belongs to someone else."""

    message = "Not found."


class InvalidRequest(DomainError):
    """The request's own content breaks a rule; `field` names the culprit.

    `messages` holds every reason when there are several (a password that
    fails more than one policy check); the first one is the error's text.
    """

    def __init__(
        self,
        message: str,
        field: str | None = None,
        messages: list[str] | None = None,
    ) -> None:
        super().__init__(message)
        self.field = field
        self.messages = messages or [message]


class EmptyCart(InvalidRequest):
    message = "Cart is empty."

    def __init__(self) -> None:
        super().__init__(self.message)


class OrderTooLarge(InvalidRequest):
    """An order whose total, or one of whose line totals, is more than an
    amount can hold (Decimal(12, 2): 9999999999.99)."""

    def __init__(self, limit: str) -> None:
        super().__init__(f"An order and each of its lines total at most {limit}.")


class EmailTaken(InvalidRequest):
    def __init__(self) -> None:
        super().__init__("A user with this email already exists.", field="email")


class CodeTaken(InvalidRequest):
    """A SKU code that another SKU has already, ignoring case."""

    def __init__(self, code: str, field: str = "code") -> None:
        super().__init__(f"A SKU with code {code} already exists.", field=field)
        self.code = code


class InvalidToken(InvalidRequest):
    def __init__(self) -> None:
        super().__init__("Invalid, expired or already used token.", field="token")


class Conflict(DomainError):
    """The request is well formed, but the current state does not allow it."""


class InsufficientStock(Conflict):
    def __init__(self, sku_code: str) -> None:
        super().__init__(f"Insufficient stock for {sku_code}.")
        self.sku_code = sku_code


class ProductUnavailable(Conflict):
    """A cart holds a SKU whose product was archived or deleted after it
    was added."""

    def __init__(self, sku_code: str | None = None) -> None:
        if sku_code is None:
            super().__init__("A product in the cart is no longer available.")
        else:
            super().__init__(f"Product for {sku_code} is no longer available.")
        self.sku_code = sku_code


class OrderNotCancellable(Conflict):
    def __init__(self, status: str) -> None:
        super().__init__(f"Order cannot be cancelled in status {status}.")


class ProductReferenced(Conflict):
    def __init__(self, count: int) -> None:
        super().__init__(f"Cannot hard-delete: referenced by {count} order items.")
        self.count = count


class StockFull(Conflict):
    """Giving units back (a cancellation) would take a SKU's stock past what
    its column holds; staff must lower the stock first."""

    def __init__(self, sku_code: str) -> None:
        super().__init__(f"Stock of {sku_code} cannot take these units back.")
        self.sku_code = sku_code


class ConcurrentChange(Conflict):
    """Another transaction changed or removed what this one relied on (a
    SKU deleted while it was being put in a cart); trying again is safe."""

    message = "The data changed while the request ran; please try again."


class AuthenticationError(DomainError):
    """Credentials or tokens that do not identify an active user."""


class InvalidCredentials(AuthenticationError):
    message = "Invalid credentials."


class EmailNotVerified(AuthenticationError):
    message = "Email not verified."


class AccountInactive(AuthenticationError):
    message = "The account is inactive or no longer exists."
