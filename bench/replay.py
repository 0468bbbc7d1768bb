#!/usr/bin/env python3
"""Replay real shop invoices against the e-commerce HTTP API.

Every invoice of the orders CSV becomes one checkout: its customer gets a
shopper account (registered and verified through the file email backend on
first use), the shopper's cart is emptied, the invoice's lines are added and
the cart is checked out with the idempotency key ``invoice-<invoice_no>``.
Different customers are replayed concurrently; the invoices of one customer
run one after another, in file order. A second run places no new order.

At the end the tool prints counts, throughput and latency percentiles, and
checks that every SKU's stock equals the stock recorded before the first run
minus the units in the replay shoppers' orders that are not cancelled.

Standard library only (Python 3.11). Example::

    python bench/replay.py --base-url http://127.0.0.1:8000 \\
        --orders bench/data/orders-2010-12.csv --workers 8 \\
        --email-dir /tmp/shop-mail
"""

from __future__ import annotations

import argparse
import csv
import email
import email.message
import email.utils
import http.client
import json
import logging
import os
import re
import socket
import stat
import statistics
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Container, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit

logger = logging.getLogger("replay")

API = "/api/v1"
BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_ORDERS = BENCH_DIR / "data" / "orders-2010-12.csv"
DEFAULT_STATE = BENCH_DIR / ".replay-state.json"
EMAIL_DOMAIN = "replay.example.com"
DEFAULT_PASSWORD = "Parcel-Lantern-1210!"
CART_LINE_MAX = 1000
PAGE_SIZE = 100
MAX_LISTED = 10
NOT_VERIFIED = "Email not verified."
# The file email backend writes a line of 79 dashes after every message.
MAIL_SEPARATOR = re.compile(rb"^-{79}\r?\n", re.MULTILINE)
RECENT_MAIL_NS = 120 * 10**9
TOKEN_LINE = re.compile(r"^[ \t]*token:[ \t]*(\S+)[ \t]*$", re.MULTILINE)


class ReplayError(Exception):
    """An invoice could not be replayed (not a business rejection)."""


class AuthError(ReplayError):
    """A shopper could not be registered, verified or logged in."""


class ThrottledError(ReplayError):
    """The server asked us to wait longer than --max-retry-after."""


# --------------------------------------------------------------------------
# Orders file


@dataclass(frozen=True)
class Line:
    """One invoice line: a SKU code and the number of units bought."""

    sku_code: str
    quantity: int


@dataclass
class Invoice:
    """The lines of one invoice, in file order."""

    invoice_no: str
    customer_id: str
    lines: list[Line] = field(default_factory=list)


def read_invoices(path: Path, limit: int | None = None) -> list[Invoice]:
    """Group the CSV rows by invoice number, keeping the file's order.

    With ``limit`` only the first ``limit`` invoices are returned.
    """
    invoices: dict[str, Invoice] = {}
    previous = None
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            number = row["invoice_no"].strip()
            invoice = invoices.get(number)
            if invoice is None:
                if limit is not None and len(invoices) >= limit:
                    break
                invoice = Invoice(number, row["customer_id"].strip())
                invoices[number] = invoice
            elif number != previous:
                logger.warning("lines of invoice %s are not contiguous", number)
            if row["customer_id"].strip() != invoice.customer_id:
                raise ValueError(f"invoice {number} has more than one customer")
            code = row["sku_code"].strip().upper()
            invoice.lines.append(Line(code, int(row["quantity"])))
            previous = number
    return list(invoices.values())


def plan_lines(
    invoice: Invoice, known_codes: Container[str] | None = None
) -> tuple[list[Line], list[tuple[Line, str]]]:
    """Split an invoice's lines into lines to add and lines to skip.

    A line is skipped when its SKU is not in ``known_codes`` (when given),
    or when adding it would take the cart's merged quantity of that SKU past
    the cart limit of 1000. Returns ``(kept, [(line, reason), ...])``.
    """
    merged: Counter[str] = Counter()
    kept: list[Line] = []
    skipped: list[tuple[Line, str]] = []
    for line in invoice.lines:
        if known_codes is not None and line.sku_code not in known_codes:
            skipped.append((line, "unknown sku"))
        elif line.quantity < 1:
            skipped.append((line, "quantity below 1"))
        elif merged[line.sku_code] + line.quantity > CART_LINE_MAX:
            skipped.append((line, "quantity over 1000"))
        else:
            merged[line.sku_code] += line.quantity
            kept.append(line)
    return kept, skipped


def shopper_email(customer_id: str) -> str:
    """The replay shopper's address for a customer id."""
    return f"{customer_id}@{EMAIL_DOMAIN}".lower()


# --------------------------------------------------------------------------
# Counters


def _empty_latencies() -> dict[str, list[float]]:
    return {"all": [], "checkout": []}


@dataclass
class Report:
    """Thread-safe counters and latencies collected during a run.

    Latencies (and the request count used for throughput) are only kept
    while ``timing`` is true, i.e. during the replay itself.
    """

    timing: bool = False
    statuses: Counter[int] = field(default_factory=Counter)
    timed_requests: int = 0
    latencies: dict[str, list[float]] = field(default_factory=_empty_latencies)
    throttled: int = 0
    transport_errors: int = 0
    server_errors: list[str] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    reasons: Counter[tuple[str, str]] = field(default_factory=Counter)
    line_rejections: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record_request(
        self, kind: str, method: str, path: str, status: int, seconds: float
    ) -> None:
        with self._lock:
            self.statuses[status] += 1
            if status >= 500:
                self.server_errors.append(f"{method} {path} -> {status}")
            if not self.timing:
                return
            self.timed_requests += 1
            self.latencies["all"].append(seconds)
            if kind == "checkout":
                self.latencies["checkout"].append(seconds)

    def record_throttle(self) -> None:
        with self._lock:
            self.throttled += 1

    def record_transport_error(self) -> None:
        with self._lock:
            self.transport_errors += 1

    def record_outcome(self, outcome: str, reason: str | None = None) -> None:
        with self._lock:
            self.outcomes[outcome] += 1
            if reason is not None:
                self.reasons[(outcome, reason)] += 1

    def record_line_rejection(self, reason: str) -> None:
        with self._lock:
            self.line_rejections[reason] += 1


# --------------------------------------------------------------------------
# HTTP


@dataclass
class Response:
    """A decoded HTTP answer; ``data`` is the parsed JSON body or None."""

    status: int
    data: object
    headers: dict[str, str]
    text: str

    def detail(self) -> str:
        """The error message of the body, shortened for the report."""
        if isinstance(self.data, dict) and "detail" in self.data:
            return str(self.data["detail"])
        if self.data is not None:
            return json.dumps(self.data, sort_keys=True)[:200]
        return self.text[:200]


def retry_after_seconds(value: str | None) -> float:
    """Seconds to wait for a Retry-After value (seconds or an HTTP date)."""
    if not value:
        return 1.0
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 1.0
    return max(0.0, when.timestamp() - time.time())


def decode_body(raw: bytes) -> tuple[object, str]:
    """Parse a response body as JSON when possible."""
    text = raw.decode("utf-8", errors="replace")
    if not raw.strip():
        return None, text
    try:
        return json.loads(text), text
    except ValueError:
        return None, text


class HttpClient:
    """One persistent (keep-alive) HTTP/1.1 connection, for one thread only."""

    def __init__(
        self, base_url: str, report: Report, timeout: float, max_wait: float
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {base_url!r}")
        https = parts.scheme == "https"
        self._factory = (
            http.client.HTTPSConnection if https else http.client.HTTPConnection
        )
        self._host = parts.hostname
        self._port = parts.port
        self._prefix = parts.path.rstrip("/")
        self._timeout = timeout
        self._max_wait = max_wait
        self._report = report
        self._conn: http.client.HTTPConnection | None = None
        self._answered = 0  # responses read on the current socket

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._conn = None
        self._answered = 0

    def request(
        self,
        method: str,
        path: str,
        body: object = None,
        *,
        token: str | None = None,
        headers: dict[str, str] | None = None,
        kind: str = "other",
    ) -> Response:
        """Send one request; on 429 sleep for Retry-After and send it again."""
        while True:
            reply = self._send(method, path, body, token, headers or {}, kind)
            if reply.status != 429:
                return reply
            self._report.record_throttle()
            wait = retry_after_seconds(reply.headers.get("retry-after"))
            if wait > self._max_wait:
                raise ThrottledError(f"{method} {path}: throttled for {wait:.0f} s")
            logger.debug("429 on %s %s, sleeping %.2f s", method, path, wait)
            time.sleep(wait)

    def _send(
        self,
        method: str,
        path: str,
        body: object,
        token: str | None,
        extra: dict[str, str],
        kind: str,
    ) -> Response:
        headers = {"Accept": "application/json"}
        payload = None
        if body is not None:
            payload = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        headers.update(extra)
        started = time.perf_counter()
        status, raw, reply_headers = self._exchange_once_or_twice(
            method, self._prefix + path, payload, headers
        )
        elapsed = time.perf_counter() - started
        self._report.record_request(kind, method, path, status, elapsed)
        data, text = decode_body(raw)
        if status >= 500:
            logger.error("%s %s answered %s: %s", method, path, status, text[:300])
        else:
            logger.debug("%s %s -> %s (%.1f ms)", method, path, status, elapsed * 1e3)
        return Response(status, data, reply_headers, text)

    def _exchange_once_or_twice(
        self, method: str, url: str, payload: bytes | None, headers: dict[str, str]
    ) -> tuple[int, bytes, dict[str, str]]:
        """Exchange, reconnecting once if a reused keep-alive socket was closed."""
        for attempt in (1, 2):
            reused = self._answered > 0
            try:
                return self._exchange(method, url, payload, headers)
            except (
                http.client.RemoteDisconnected,
                ConnectionResetError,
                BrokenPipeError,
            ):
                self.close()
                if reused and attempt == 1:
                    logger.debug("keep-alive socket was closed; reconnecting")
                    continue
                self._report.record_transport_error()
                raise
            except (OSError, http.client.HTTPException):
                self.close()
                self._report.record_transport_error()
                raise
        raise AssertionError("unreachable")

    def _exchange(
        self, method: str, url: str, payload: bytes | None, headers: dict[str, str]
    ) -> tuple[int, bytes, dict[str, str]]:
        if self._conn is None:
            self._conn = self._connect()
        self._conn.request(method, url, body=payload, headers=headers)
        reply = self._conn.getresponse()
        raw = reply.read()
        self._answered += 1
        reply_headers = {name.lower(): value for name, value in reply.getheaders()}
        if reply.will_close:
            self.close()
        return reply.status, raw, reply_headers

    def _connect(self) -> http.client.HTTPConnection:
        """Open a socket with Nagle's algorithm off, so small writes go at once."""
        conn = self._factory(self._host, self._port, timeout=self._timeout)
        conn.connect()
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._answered = 0
        return conn


class ClientPool:
    """Gives every thread its own HttpClient, and closes them all at the end."""

    def __init__(self, factory: Callable[[], HttpClient]) -> None:
        self._factory = factory
        self._local = threading.local()
        self._clients: list[HttpClient] = []
        self._lock = threading.Lock()

    def get(self) -> HttpClient:
        client = getattr(self._local, "client", None)
        if client is None:
            client = self._factory()
            self._local.client = client
            with self._lock:
                self._clients.append(client)
        return client

    def close_all(self) -> None:
        with self._lock:
            for client in self._clients:
                client.close()


def expect(reply: Response, *statuses: int, action: str) -> Response:
    """Return the reply if its status is one of ``statuses``, else raise."""
    if reply.status not in statuses:
        raise ReplayError(f"{action}: {reply.status} {reply.detail()}")
    return reply


# --------------------------------------------------------------------------
# Verification emails


@dataclass(frozen=True, order=True)
class Letter:
    """A verification token mailed to one address, with where it was found."""

    mtime_ns: int
    file_name: str
    position: int  # index of the message within its file
    token: str


@dataclass
class MailFile:
    """What we know about one file of the email directory."""

    size: int
    mtime_ns: int
    letters: list[tuple[str, Letter]]  # (recipient address, letter)


def part_text(part: email.message.Message) -> str | None:
    """The decoded text of a text/* part (quoted-printable, base64 or plain)."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return None
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:  # unknown charset name
        return payload.decode("utf-8", errors="replace")


def find_token(message: email.message.Message) -> str | None:
    """The value of the ``token: ...`` line of a message, plain text first."""
    parts = [part for part in message.walk() if part.get_content_maintype() == "text"]
    parts.sort(key=lambda part: part.get_content_subtype() != "plain")
    for part in parts:
        match = TOKEN_LINE.search(part_text(part) or "")
        if match:
            return match.group(1)
    return None


def parse_mail_file(raw: bytes) -> list[tuple[int, str, str]]:
    """The (position, recipient, token) triples of the messages in one file.

    Django's file backend appends messages to a file, each followed by a
    line of dashes, so a file may hold more than one message. Messages that
    cannot hold a token (no ``token:`` and no base64 part) are not parsed.
    """
    found = []
    for position, chunk in enumerate(MAIL_SEPARATOR.split(raw)):
        lowered = chunk.lower()
        if b"token:" not in lowered and b"base64" not in lowered:
            continue
        message = email.message_from_bytes(chunk)
        token = find_token(message)
        if token is None:
            continue
        recipients = [str(value) for value in message.get_all("To", [])]
        for _name, address in email.utils.getaddresses(recipients):
            found.append((position, address.lower(), token))
    return found


class Mailbox:
    """Finds verification tokens in the file email backend's directory.

    Each file is parsed once (again only if its size or modification time
    changes), and the tokens are indexed by recipient address. Call
    ``prime`` once before the replay so that mail left by earlier runs is
    known before any new message arrives.
    """

    def __init__(self, directory: Path) -> None:
        self._dir = directory
        self._files: dict[str, MailFile] = {}
        self._by_address: dict[str, list[Letter]] = {}
        self._lock = threading.Lock()

    def prime(self) -> int:
        """Index every file already in the directory; return how many."""
        self._scan(rescan=False)
        return len(self._files)

    def known_tokens(self, address: str) -> set[str]:
        """Tokens for ``address`` seen so far, without reading the directory."""
        with self._lock:
            return {letter.token for letter in self._by_address.get(address, [])}

    def wait_for_new_token(self, address: str, seen: set[str], timeout: float) -> str:
        """Poll the directory until a token not in ``seen`` arrives; newest wins."""
        deadline = time.monotonic() + timeout
        rescan = False
        while True:
            self._scan(rescan)
            with self._lock:
                letters = sorted(self._by_address.get(address, []))
            fresh = [letter.token for letter in letters if letter.token not in seen]
            if fresh:
                return fresh[-1]
            if time.monotonic() >= deadline:
                raise AuthError(f"no verification email for {address} in {self._dir}")
            time.sleep(0.1)
            rescan = True

    def _scan(self, rescan: bool) -> None:
        """Read new files; with ``rescan`` also files that changed since."""
        try:
            names = os.listdir(self._dir)  # outside the lock: it can be slow
        except FileNotFoundError:
            return
        with self._lock:
            names = [name for name in names if self._worth_reading(name, rescan)]
            for name in names:
                self._read(name)

    def _worth_reading(self, name: str, rescan: bool) -> bool:
        """New files always; on a rescan also files written in the last minutes.

        Django names a file after the second it was opened, so two messages
        sent in the same second can land in one file: a recent file may grow.
        """
        known = self._files.get(name)
        if known is None:
            return True
        return rescan and known.mtime_ns > time.time_ns() - RECENT_MAIL_NS

    def _read(self, name: str) -> None:
        """Index one file unless it is unchanged since it was last read."""
        path = self._dir / name
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                return
            known = self._files.get(name)
            stamp = (info.st_size, info.st_mtime_ns)
            if known is not None and (known.size, known.mtime_ns) == stamp:
                return
            raw = path.read_bytes()
        except OSError as exc:
            logger.debug("skipping mail file %s: %s", path, exc)
            return
        self._index(name, info.st_size, info.st_mtime_ns, raw)

    def _index(self, name: str, size: int, mtime_ns: int, raw: bytes) -> None:
        """Replace a file's letters in the per-address index."""
        old = self._files.get(name)
        for address, letter in old.letters if old else []:
            self._by_address[address].remove(letter)
        letters = [
            (address, Letter(mtime_ns, name, position, token))
            for position, address, token in parse_mail_file(raw)
        ]
        for address, letter in letters:
            self._by_address.setdefault(address, []).append(letter)
        self._files[name] = MailFile(size, mtime_ns, letters)


# --------------------------------------------------------------------------
# Shoppers


@dataclass
class Shopper:
    """A replay shopper's credentials and JWT pair."""

    customer_id: str
    email: str
    password: str
    access: str = ""
    refresh: str = ""


class Accounts:
    """Registers, verifies and logs in one shopper per customer.

    Sessions are cached for the run. A customer must only be handled by one
    thread at a time (the scheduler guarantees it).
    """

    def __init__(
        self, password: str, mailbox: Mailbox | None, mail_timeout: float
    ) -> None:
        self._password = password
        self._mailbox = mailbox
        self._mail_timeout = mail_timeout
        self._sessions: dict[str, Shopper] = {}
        self._lock = threading.Lock()

    def customer_ids(self) -> set[str]:
        with self._lock:
            return set(self._sessions)

    def session(
        self, client: HttpClient, customer_id: str, create: bool = True
    ) -> Shopper | None:
        """A logged-in shopper for the customer.

        With ``create`` the account is registered and verified if needed;
        without it, None is returned when the shopper cannot log in.
        """
        with self._lock:
            cached = self._sessions.get(customer_id)
        if cached is not None:
            return cached
        shopper = Shopper(customer_id, shopper_email(customer_id), self._password)
        if create:
            self._register(client, shopper)
            self._log_in(client, shopper)
        elif not self._try_log_in(client, shopper):
            return None
        with self._lock:
            self._sessions[customer_id] = shopper
        return shopper

    def call(
        self,
        client: HttpClient,
        shopper: Shopper,
        method: str,
        path: str,
        body: object = None,
        headers: dict[str, str] | None = None,
        kind: str = "shop",
    ) -> Response:
        """An authenticated request; on 401 renew the tokens and try once more."""
        for attempt in (1, 2):
            reply = client.request(
                method, path, body, token=shopper.access, headers=headers, kind=kind
            )
            if reply.status != 401 or attempt == 2:
                return reply
            logger.debug("401 for %s; renewing its tokens", shopper.email)
            self._renew(client, shopper)
        raise AssertionError("unreachable")

    def _register(self, client: HttpClient, shopper: Shopper) -> None:
        seen = self._known_tokens(shopper)
        body = {"email": shopper.email, "password": shopper.password}
        reply = client.request("POST", f"{API}/auth/register", body, kind="auth")
        if reply.status == 201:
            self._verify(client, shopper, seen)
        elif not (reply.status == 400 and _is_email_error(reply)):
            raise AuthError(
                f"register {shopper.email}: {reply.status} {reply.detail()}"
            )

    def _known_tokens(self, shopper: Shopper) -> set[str]:
        if self._mailbox is None:
            return set()
        return self._mailbox.known_tokens(shopper.email)

    def _verify(self, client: HttpClient, shopper: Shopper, seen: set[str]) -> None:
        if self._mailbox is None:
            raise AuthError(f"{shopper.email} needs verifying: pass --email-dir")
        token = self._mailbox.wait_for_new_token(
            shopper.email, seen, self._mail_timeout
        )
        body = {"token": token}
        reply = client.request("POST", f"{API}/auth/verify-email", body, kind="auth")
        expect(reply, 200, action=f"verify {shopper.email}")

    def _resend_and_verify(self, client: HttpClient, shopper: Shopper) -> None:
        seen = self._known_tokens(shopper)
        body = {"email": shopper.email}
        path = f"{API}/auth/resend-verification"
        reply = client.request("POST", path, body, kind="auth")
        expect(reply, 202, action=f"resend verification to {shopper.email}")
        self._verify(client, shopper, seen)

    def _request_tokens(self, client: HttpClient, shopper: Shopper) -> Response:
        body = {"email": shopper.email, "password": shopper.password}
        return client.request("POST", f"{API}/auth/token", body, kind="auth")

    def _log_in(self, client: HttpClient, shopper: Shopper) -> None:
        reply = self._request_tokens(client, shopper)
        if reply.status == 401 and reply.detail() == NOT_VERIFIED:
            self._resend_and_verify(client, shopper)
            reply = self._request_tokens(client, shopper)
        expect(reply, 200, action=f"log in as {shopper.email}")
        _store_tokens(shopper, reply)

    def _try_log_in(self, client: HttpClient, shopper: Shopper) -> bool:
        reply = self._request_tokens(client, shopper)
        if reply.status != 200:
            return False
        _store_tokens(shopper, reply)
        return True

    def _renew(self, client: HttpClient, shopper: Shopper) -> None:
        body = {"refresh": shopper.refresh}
        reply = client.request("POST", f"{API}/auth/token/refresh", body, kind="auth")
        if reply.status == 200 and isinstance(reply.data, dict):
            shopper.access = reply.data["access"]
            shopper.refresh = reply.data.get("refresh", shopper.refresh)
        else:
            self._log_in(client, shopper)


def _is_email_error(reply: Response) -> bool:
    """True for a 400 about the email field (taken), not about the password."""
    return isinstance(reply.data, dict) and "email" in reply.data


def _store_tokens(shopper: Shopper, reply: Response) -> None:
    if not isinstance(reply.data, dict):
        raise AuthError(f"token answer for {shopper.email} is not an object")
    shopper.access = reply.data["access"]
    shopper.refresh = reply.data["refresh"]


# --------------------------------------------------------------------------
# Catalogue and stock


@dataclass(frozen=True)
class Sku:
    """A SKU as the product list shows it."""

    id: int
    code: str
    stock: int


def read_catalogue(client: HttpClient) -> dict[str, Sku]:
    """Read every page of the product list; return the SKUs by code."""
    skus: dict[str, Sku] = {}
    page = 1
    while True:
        query = urlencode({"page_size": PAGE_SIZE, "page": page})
        reply = client.request("GET", f"{API}/products?{query}", kind="catalogue")
        expect(reply, 200, action=f"read catalogue page {page}")
        for product in reply.data["results"]:
            for sku in product["skus"]:
                code = str(sku["code"]).upper()
                skus[code] = Sku(int(sku["id"]), code, int(sku["stock"]))
        if not reply.data.get("next") or not reply.data["results"]:
            return skus
        page += 1


def load_or_create_state(path: Path, base_url: str, catalogue: dict[str, Sku]) -> dict:
    """Read the state file, or create it with the current stock of every SKU.

    The first run records the stock before any replayed order; later runs
    check against that record.
    """
    if path.exists():
        state = json.loads(path.read_text(encoding="utf-8"))
        if state.get("base_url") != base_url:
            logger.warning(
                "state file %s was made for %s, not %s",
                path,
                state.get("base_url"),
                base_url,
            )
        state.setdefault("shoppers", [])
        return state
    state = {
        "version": 1,
        "base_url": base_url,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "initial_stock": {code: sku.stock for code, sku in sorted(catalogue.items())},
        "shoppers": [],
    }
    save_state(path, state)
    logger.info("recorded initial stock of %d SKUs in %s", len(catalogue), path)
    return state


def save_state(path: Path, state: dict) -> None:
    """Write the state file atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(state, indent=1) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def live_order_units(
    client: HttpClient, accounts: Accounts, shopper: Shopper
) -> Counter[str]:
    """Units per SKU code in the shopper's orders that are not cancelled."""
    units: Counter[str] = Counter()
    page = 1
    while True:
        query = urlencode({"page_size": PAGE_SIZE, "page": page})
        path = f"{API}/orders?{query}"
        reply = accounts.call(client, shopper, "GET", path, kind="orders")
        expect(reply, 200, action=f"list orders of {shopper.email}")
        for order in reply.data["results"]:
            if order["status"] == "cancelled":
                continue
            for item in order["items"]:
                units[str(item["sku_code"]).upper()] += int(item["quantity"])
        if not reply.data.get("next") or not reply.data["results"]:
            return units
        page += 1


@dataclass
class StockCheck:
    """Result of comparing stock with the initial record and the orders."""

    checked: int = 0
    mismatches: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches and not self.unreadable


def check_stock(
    pool: ClientPool, accounts: Accounts, state: dict, workers: int
) -> StockCheck:
    """Check stock == initial stock - units in live orders, for every SKU."""
    result = StockCheck()
    current = read_catalogue(pool.get())
    sold: Counter[str] = Counter()

    def units_of(customer_id: str) -> Counter[str] | None:
        client = pool.get()
        shopper = accounts.session(client, customer_id, create=False)
        if shopper is None:
            return None
        return live_order_units(client, accounts, shopper)

    customers = sorted(state["shoppers"])
    with ThreadPoolExecutor(max_workers=workers) as executor:
        for customer_id, units in zip(
            customers, executor.map(units_of, customers), strict=True
        ):
            if units is None:
                result.unreadable.append(customer_id)
            else:
                sold.update(units)
    initial: dict[str, int] = state["initial_stock"]
    for code in sorted(set(initial) | set(sold)):
        result.checked += 1
        problem = _stock_problem(code, initial.get(code), sold[code], current)
        if problem:
            result.mismatches.append(problem)
    return result


def _stock_problem(
    code: str, initial: int | None, sold: int, current: dict[str, Sku]
) -> str | None:
    if initial is None:
        return f"{code}: {sold} units ordered but no initial stock recorded"
    if code not in current:
        return f"{code}: no longer in the catalogue"
    expected = initial - sold
    if current[code].stock != expected:
        return (
            f"{code}: stock {current[code].stock}, expected {expected} "
            f"(initial {initial} - ordered {sold})"
        )
    return None


# --------------------------------------------------------------------------
# Replay


class Scheduler:
    """Hands out invoices in file order, never two of one customer at once."""

    def __init__(self, invoices: Iterable[Invoice]) -> None:
        self._pending = deque(invoices)
        self._busy: set[str] = set()
        self._condition = threading.Condition()

    def take(self) -> Invoice | None:
        """The earliest invoice whose customer is idle; None when all are out."""
        with self._condition:
            while self._pending:
                for index, invoice in enumerate(self._pending):
                    if invoice.customer_id not in self._busy:
                        del self._pending[index]
                        self._busy.add(invoice.customer_id)
                        return invoice
                self._condition.wait()
            return None

    def done(self, invoice: Invoice) -> None:
        with self._condition:
            self._busy.discard(invoice.customer_id)
            self._condition.notify_all()

    def stop(self) -> int:
        """Drop the invoices not started yet; return how many were dropped."""
        with self._condition:
            dropped = len(self._pending)
            self._pending.clear()
            self._condition.notify_all()
            return dropped


@dataclass
class Replayer:
    """Replays invoices; shared by the worker threads."""

    pool: ClientPool
    accounts: Accounts
    catalogue: dict[str, Sku]
    report: Report

    def run_worker(self, scheduler: Scheduler) -> None:
        """Take invoices from the scheduler until none are left."""
        client = self.pool.get()
        while (invoice := scheduler.take()) is not None:
            try:
                self.replay_invoice(client, invoice)
            finally:
                scheduler.done(invoice)

    def replay_invoice(self, client: HttpClient, invoice: Invoice) -> None:
        """Empty the cart, add the invoice's lines and check out once."""
        kept, skipped = plan_lines(invoice, self.catalogue)
        for line, reason in skipped:
            logger.debug("invoice %s: skip %s (%s)", invoice.invoice_no, line, reason)
            self.report.record_line_rejection(reason)
        try:
            shopper = self.accounts.session(client, invoice.customer_id)
            self._clear_cart(client, shopper)
            if not self._fill_cart(client, shopper, kept):
                self.report.record_outcome("rejected", "no line could be added")
                return
            self._checkout(client, shopper, invoice)
        except (ReplayError, OSError, http.client.HTTPException) as exc:
            logger.error("invoice %s failed: %s", invoice.invoice_no, exc)
            self.report.record_outcome("failed", type(exc).__name__)
        except (KeyError, TypeError, ValueError) as exc:
            logger.exception("invoice %s: unexpected answer", invoice.invoice_no)
            self.report.record_outcome("failed", f"bad answer: {exc!r}"[:80])

    def _clear_cart(self, client: HttpClient, shopper: Shopper) -> None:
        reply = self.accounts.call(client, shopper, "GET", f"{API}/cart", kind="cart")
        expect(reply, 200, action="read cart")
        for item in reply.data["items"]:
            path = f"{API}/cart/items/{item['id']}"
            reply = self.accounts.call(client, shopper, "DELETE", path, kind="cart")
            expect(reply, 200, 404, action="remove cart item")

    def _fill_cart(
        self, client: HttpClient, shopper: Shopper, lines: list[Line]
    ) -> int:
        """Add the lines to the cart; return how many the cart accepted."""
        added = 0
        for line in lines:
            body = {
                "sku_id": self.catalogue[line.sku_code].id,
                "quantity": line.quantity,
            }
            path = f"{API}/cart/items"
            reply = self.accounts.call(client, shopper, "POST", path, body, kind="cart")
            if reply.status == 400:
                self.report.record_line_rejection(f"cart 400: {reply.detail()}")
                continue
            expect(reply, 201, action=f"add {line.sku_code} to cart")
            added += 1
        return added

    def _checkout(self, client: HttpClient, shopper: Shopper, invoice: Invoice) -> None:
        headers = {"Idempotency-Key": f"invoice-{invoice.invoice_no}"}
        path = f"{API}/checkout"
        reply = self.accounts.call(
            client, shopper, "POST", path, {}, headers=headers, kind="checkout"
        )
        if reply.status == 201:
            self.report.record_outcome("placed")
        elif reply.status == 200:
            self.report.record_outcome("already placed")
        elif reply.status in (400, 409):
            self.report.record_outcome("rejected", checkout_reason(reply))
        else:
            self.report.record_outcome("failed", f"checkout answered {reply.status}")


def checkout_reason(reply: Response) -> str:
    """Group checkout rejections: stock problems by kind, the rest verbatim."""
    detail = reply.detail()
    if detail.lower().startswith("insufficient stock"):
        detail = "insufficient stock"
    return f"{reply.status} {detail}"


def replay_all(replayer: Replayer, invoices: list[Invoice], workers: int) -> float:
    """Replay every invoice on ``workers`` threads; return the wall time."""
    scheduler = Scheduler(invoices)
    replayer.report.timing = True
    started = time.perf_counter()
    try:
        with ThreadPoolExecutor(max_workers=workers) as executor:
            futures = [
                executor.submit(replayer.run_worker, scheduler) for _ in range(workers)
            ]
            try:
                for future in futures:
                    future.result()
            except BaseException:
                dropped = scheduler.stop()
                logger.warning("stopping: %d invoices not started", dropped)
                raise
    finally:
        replayer.report.timing = False
    return time.perf_counter() - started


# --------------------------------------------------------------------------
# Output


def percentiles(samples: list[float]) -> dict[str, float] | None:
    """p50, p95, p99 and max of a list of seconds, or None when empty."""
    if not samples:
        return None
    ordered = sorted(samples)
    if len(ordered) == 1:
        cuts = ordered * 99
    else:
        cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98], "max": ordered[-1]}


def format_counter(counter: Counter) -> str:
    if not counter:
        return "none"
    return ", ".join(f"{key}: {count}" for key, count in sorted(counter.items()))


def print_latencies(report: Report) -> None:
    print(f"{'latency (ms)':<16}{'count':>8}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}")
    for label, key in (("checkout", "checkout"), ("all requests", "all")):
        samples = report.latencies[key]
        stats = percentiles(samples)
        if stats is None:
            print(f"  {label:<14}{0:>8}")
            continue
        cells = "".join(f"{stats[name] * 1e3:>9.1f}" for name in stats)
        print(f"  {label:<14}{len(samples):>8}{cells}")


def print_outcomes(report: Report, invoices: int) -> None:
    outcomes = report.outcomes
    print(f"invoices seen:           {invoices}")
    print(f"orders placed:           {outcomes['placed']}")
    print(f"already placed (replay): {outcomes['already placed']}")
    for outcome in ("rejected", "failed"):
        print(f"invoices {outcome + ':':<16}{outcomes[outcome]}")
        reasons = [(r, n) for (o, r), n in report.reasons.items() if o == outcome]
        for reason, count in sorted(reasons, key=lambda item: -item[1]):
            print(f"  {count:>6}  {reason}")
    print(f"lines skipped/rejected:  {sum(report.line_rejections.values())}")
    for reason, count in report.line_rejections.most_common():
        print(f"  {count:>6}  {reason}")


def print_summary(
    report: Report,
    invoices: int,
    replay_seconds: float,
    total_seconds: float,
    check: StockCheck | None,
) -> None:
    """Print the end-of-run report."""
    print()
    print("== replay summary ==")
    print_outcomes(report, invoices)
    client_errors = Counter(
        {s: n for s, n in report.statuses.items() if 400 <= s < 500}
    )
    server_errors = sum(n for s, n in report.statuses.items() if s >= 500)
    print(f"responses by status:     {format_counter(report.statuses)}")
    print(f"4xx responses:           {format_counter(client_errors)}")
    print(f"5xx responses:           {server_errors}")
    for line in report.server_errors[:MAX_LISTED]:
        print(f"  {line}")
    print(f"429 retries:             {report.throttled}")
    print(f"transport errors:        {report.transport_errors}")
    print(
        f"wall time:               {total_seconds:.2f} s "
        f"(replay {replay_seconds:.2f} s)"
    )
    checkouts = len(report.latencies["checkout"])
    if replay_seconds > 0:
        print(f"checkout throughput:     {checkouts / replay_seconds:.1f} checkouts/s")
        rate = report.timed_requests / replay_seconds
        print(f"request throughput:      {rate:.1f} requests/s")
    print_latencies(report)
    print_stock_check(check)


def print_stock_check(check: StockCheck | None) -> None:
    if check is None:
        print("stock check:             skipped")
        return
    verdict = "OK" if check.ok else "FAILED"
    print(
        f"stock check:             {verdict}: {check.checked} SKUs checked, "
        f"{len(check.mismatches)} mismatches"
    )
    for line in check.mismatches[:MAX_LISTED]:
        print(f"  {line}")
    if check.unreadable:
        shown = ", ".join(check.unreadable[:MAX_LISTED])
        print(f"  cannot log in as {len(check.unreadable)} shoppers: {shown}")


def print_dry_run(invoices: list[Invoice]) -> None:
    """Print what a replay would send, without any HTTP."""
    customers = Counter(invoice.customer_id for invoice in invoices)
    lines = [line for invoice in invoices for line in invoice.lines]
    print(f"invoices:   {len(invoices)}")
    print(
        f"customers:  {len(customers)} (most invoices for one: "
        f"{max(customers.values(), default=0)})"
    )
    print(f"lines:      {len(lines)} ({sum(line.quantity for line in lines)} units)")
    skipped_total = 0
    empty = 0
    for invoice in invoices:
        kept, skipped = plan_lines(invoice)
        empty += not kept
        for line, reason in skipped:
            skipped_total += 1
            print(
                f"  skip: invoice {invoice.invoice_no} {invoice.customer_id} "
                f"{line.sku_code} x {line.quantity} ({reason})"
            )
    print(f"lines that would be skipped: {skipped_total}")
    print(f"invoices left with no line:  {empty}")


# --------------------------------------------------------------------------
# Command line


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line options, checked."""
    parser = argparse.ArgumentParser(
        description="Replay the shop's invoices against the API as checkouts."
    )
    parser.add_argument(
        "--base-url",
        default="http://127.0.0.1:8000",
        help="where the service listens (default: %(default)s)",
    )
    parser.add_argument(
        "--orders",
        type=Path,
        default=DEFAULT_ORDERS,
        help="orders CSV (default: bench/data/orders-2010-12.csv)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=8,
        help="threads, one keep-alive connection each (default: %(default)s)",
    )
    parser.add_argument(
        "--limit-invoices",
        type=int,
        metavar="N",
        help="replay only the first N invoices of the file",
    )
    parser.add_argument(
        "--email-dir",
        type=Path,
        default=os.environ.get("EMAIL_FILE_PATH") or None,
        help="the server's EMAIL_FILE_PATH (default: $EMAIL_FILE_PATH)",
    )
    parser.add_argument(
        "--password",
        default=os.environ.get("REPLAY_PASSWORD", DEFAULT_PASSWORD),
        help="password of every replay shopper (default: $REPLAY_PASSWORD or "
        "a built-in one)",
    )
    parser.add_argument(
        "--state",
        type=Path,
        default=DEFAULT_STATE,
        help="initial stock and shopper list, kept across runs "
        "(default: bench/.replay-state.json)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="only read the CSV and print what would be sent or skipped",
    )
    parser.add_argument(
        "--no-stock-check", action="store_true", help="skip the final stock check"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        help="seconds per request (default: %(default)s)",
    )
    parser.add_argument(
        "--mail-timeout",
        type=float,
        default=20.0,
        help="seconds to wait for a verification email (default: %(default)s)",
    )
    parser.add_argument(
        "--max-retry-after",
        type=float,
        default=60.0,
        help="longest Retry-After to sleep on a 429; a longer one fails the "
        "invoice (default: %(default)s)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log requests")
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    if args.limit_invoices is not None and args.limit_invoices < 0:
        parser.error("--limit-invoices must not be negative")
    args.base_url = args.base_url.rstrip("/")
    return args


def run_replay(args: argparse.Namespace, invoices: list[Invoice]) -> int:
    """Run the replay and the stock check; return the exit code."""
    started = time.perf_counter()
    report = Report()
    pool = ClientPool(
        lambda: HttpClient(args.base_url, report, args.timeout, args.max_retry_after)
    )
    mailbox = Mailbox(args.email_dir) if args.email_dir else None
    if mailbox is not None:
        logger.info("indexed %d files in %s", mailbox.prime(), args.email_dir)
    accounts = Accounts(args.password, mailbox, args.mail_timeout)
    check = None
    try:
        catalogue = read_catalogue(pool.get())
        logger.info("catalogue: %d SKUs", len(catalogue))
        state = load_or_create_state(args.state, args.base_url, catalogue)
        replayer = Replayer(pool, accounts, catalogue, report)
        try:
            replay_seconds = replay_all(replayer, invoices, args.workers)
        finally:
            known = set(state["shoppers"]) | accounts.customer_ids()
            state["shoppers"] = sorted(known)
            save_state(args.state, state)
        if not args.no_stock_check:
            check = check_stock(pool, accounts, state, args.workers)
    except (ReplayError, OSError, http.client.HTTPException) as exc:
        logger.error("replay aborted: %s", exc)
        return 2
    finally:
        pool.close_all()
    total_seconds = time.perf_counter() - started
    print_summary(report, len(invoices), replay_seconds, total_seconds, check)
    return exit_code(report, check)


def exit_code(report: Report, check: StockCheck | None) -> int:
    """1 on any 5xx, transport error, failed invoice or stock mismatch."""
    server_errors = sum(n for s, n in report.statuses.items() if s >= 500)
    broken = report.transport_errors or report.outcomes["failed"]
    if server_errors or broken or (check is not None and not check.ok):
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point: parse the arguments, then dry-run or replay."""
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(message)s",
    )
    invoices = read_invoices(args.orders, args.limit_invoices)
    if args.dry_run:
        print_dry_run(invoices)
        return 0
    try:
        return run_replay(args, invoices)
    except KeyboardInterrupt:
        logger.error("interrupted; the shopper list was saved to %s", args.state)
        return 130


if __name__ == "__main__":
    sys.exit(main())
