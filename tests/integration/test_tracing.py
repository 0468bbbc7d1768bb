"""Traces of real requests on PostgreSQL: server span, use-case span, queries,
errors, log correlation, and a real OTLP/gRPC export."""

from __future__ import annotations

import io
import logging

import pytest
from dependency_injector import providers
from django.apps import apps
from django.db import connections
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import (
    InMemorySpanExporter,
)
from opentelemetry.trace import SpanKind, StatusCode, format_trace_id

from adapters.django_orm.carts.repository import DjangoCartRepository
from adapters.django_orm.unit_of_work import DjangoUnitOfWork
from config.log_format import TraceContextFilter
from config.telemetry import configure_tracing, shutdown_tracing
from tests.integration.conftest import PASSWORD, client_for, make_sku, make_user
from tests.otlp_receiver import OtlpReceiver

pytestmark = pytest.mark.django_db(transaction=True)

OTEL_VARIABLES = (
    "OTEL_SDK_DISABLED",
    "OTEL_SERVICE_NAME",
    "OTEL_RESOURCE_ATTRIBUTES",
    "OTEL_TRACES_EXPORTER",
    "OTEL_TRACES_SAMPLER",
    "OTEL_EXPORTER_OTLP_PROTOCOL",
    "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    "ENVIRONMENT",
)


@pytest.fixture
def clean_environment(monkeypatch):
    for name in OTEL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def start_tracing(processors=None) -> None:
    assert configure_tracing(processors, process_wide=False) is not None
    # Connections opened before were made by the bare driver: open new ones.
    connections.close_all()


@pytest.fixture
def spans(clean_environment):
    """Tracing on, into memory; every test starts and ends with it off."""
    exporter = InMemorySpanExporter()
    start_tracing([SimpleSpanProcessor(exporter)])
    yield exporter
    shutdown_tracing()
    connections.close_all()


def add(client, sku, quantity=1):
    response = client.post(
        "/api/v1/cart/items", {"sku_id": sku.pk, "quantity": quantity}, format="json"
    )
    assert response.status_code == 201


def server_spans(spans: list[ReadableSpan]) -> list[ReadableSpan]:
    return [span for span in spans if span.kind is SpanKind.SERVER]


def descends_from(span: ReadableSpan, ancestor: ReadableSpan, by_id: dict) -> bool:
    while span.parent is not None:
        if span.parent.span_id == ancestor.context.span_id:
            return True
        span = by_id[span.parent.span_id]
    return False


def named(spans: list[ReadableSpan], name: str) -> ReadableSpan:
    [span] = [span for span in spans if span.name == name]
    return span


def test_a_checkout_is_one_server_span_over_place_order_and_its_queries(spans):
    sku = make_sku(stock=5)
    user = make_user()
    client = client_for(user)
    add(client, sku, 2)
    spans.clear()

    response = client.post("/api/v1/checkout")

    assert response.status_code == 201
    finished = spans.get_finished_spans()
    by_id = {span.context.span_id: span for span in finished}
    [server] = server_spans(finished)
    assert server.name == "POST api/v1/checkout"
    assert server.parent is None
    assert server.status.status_code is StatusCode.UNSET
    assert {span.context.trace_id for span in finished} == {server.context.trace_id}

    place_order = named(finished, "PlaceOrder")
    assert place_order.parent.span_id == server.context.span_id
    assert dict(place_order.attributes) == {
        "shop.user_id": user.pk,
        "shop.order_id": response.json()["id"],
        "shop.line_count": 1,
        "shop.replayed": False,
    }

    queries = [span for span in finished if span.kind is SpanKind.CLIENT]
    assert all(span.attributes["db.system"] == "postgresql" for span in queries)
    under_place_order = [q for q in queries if descends_from(q, place_order, by_id)]
    statements = [span.attributes["db.statement"] for span in under_place_order]
    assert any(
        '"catalogue_sku"' in statement and "FOR UPDATE" in statement
        for statement in statements
    )
    assert any(s.startswith('INSERT INTO "orders_order"') for s in statements)
    assert all(descends_from(span, server, by_id) for span in queries)


def test_spans_carry_no_email_password_or_token(spans):
    client = client_for(make_user("ann@example.com"))
    login = client.post(
        "/api/v1/auth/token",
        {"email": "ann@example.com", "password": PASSWORD},
        format="json",
    )
    assert login.status_code == 200
    registration = client.post(
        "/api/v1/auth/register",
        {"email": "bob@example.com", "password": "another long secret 42"},
        format="json",
    )
    assert registration.status_code == 201

    finished = spans.get_finished_spans()
    assert {"LogIn", "RegisterUser"} <= {span.name for span in finished}
    exported = " ".join(
        f"{key}={value}"
        for span in finished
        for key, value in span.attributes.items()
        if key != "db.statement"  # the SQL text, with %s for every value
    )
    assert "example.com" not in exported
    assert "secret" not in exported and PASSWORD not in exported
    assert login.json()["access"] not in exported
    assert "Bearer" not in exported


def test_insufficient_stock_is_a_refusal_not_an_error_span(spans):
    sku = make_sku(stock=1)
    client = client_for(make_user())
    add(client, sku, 2)
    spans.clear()

    response = client.post("/api/v1/checkout")

    assert response.status_code == 409
    finished = spans.get_finished_spans()
    [server] = server_spans(finished)
    place_order = named(finished, "PlaceOrder")
    assert server.status.status_code is StatusCode.UNSET
    assert place_order.status.status_code is StatusCode.UNSET
    assert [(event.name, dict(event.attributes)) for event in place_order.events] == [
        ("refused", {"shop.error": "InsufficientStock"})
    ]


class FailingCarts(DjangoCartRepository):
    def save(self, cart):
        raise RuntimeError("injected failure")


class FailingUnitOfWork(DjangoUnitOfWork):
    def __init__(self):
        super().__init__()
        self.carts = FailingCarts()


def exception_types(span: ReadableSpan) -> list[str]:
    return [
        event.attributes["exception.type"]
        for event in span.events
        if event.name == "exception"
    ]


def test_a_500_ends_the_server_span_in_error_with_the_exception(spans):
    sku = make_sku(stock=5)
    client = client_for(make_user())
    add(client, sku)
    spans.clear()
    container = apps.get_app_config("shop").container

    with container.unit_of_work.override(providers.Factory(FailingUnitOfWork)):
        response = client.post("/api/v1/checkout")

    assert response.status_code == 500
    finished = spans.get_finished_spans()
    [server] = server_spans(finished)
    place_order = named(finished, "PlaceOrder")
    assert server.status.status_code is StatusCode.ERROR
    assert exception_types(server) == ["RuntimeError"]
    assert place_order.status.status_code is StatusCode.ERROR
    assert exception_types(place_order) == ["RuntimeError"]


@pytest.fixture
def console_output():
    """What the configured console handler writes, trace ids included."""
    [handler] = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, TraceContextFilter) for f in handler.filters)
    ]
    buffer = io.StringIO()
    original = handler.setStream(buffer)
    yield buffer
    handler.setStream(original)


def test_logs_written_during_a_request_carry_its_trace_id(spans, console_output):
    sku = make_sku(stock=5)
    client = client_for(make_user())
    add(client, sku)
    spans.clear()
    console_output.truncate(0)

    response = client.post("/api/v1/checkout")

    assert response.status_code == 201
    [server] = server_spans(spans.get_finished_spans())
    trace_id = format_trace_id(server.context.trace_id)
    [placed] = [
        line
        for line in console_output.getvalue().splitlines()
        if "order placed" in line
    ]
    assert f"trace_id={trace_id}" in placed
    assert f"order_id={response.json()['id']}" in placed


def test_spans_of_a_request_reach_an_otlp_collector(clean_environment):
    receiver = OtlpReceiver().start()
    clean_environment.setenv("OTEL_SERVICE_NAME", "shop-api-under-test")
    clean_environment.setenv("ENVIRONMENT", "staging")
    clean_environment.setenv("OTEL_RESOURCE_ATTRIBUTES", "service.version=1.2.3")
    # An endpoint alone turns tracing on, with the OTLP exporter.
    clean_environment.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint)
    clean_environment.setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
    sku = make_sku(stock=5)
    client = client_for(make_user())
    start_tracing()
    try:
        add(client, sku)
        client.post("/api/v1/checkout")
        provider = configure_tracing()
        assert provider.force_flush(timeout_millis=10_000)
    finally:
        shutdown_tracing()
        connections.close_all()
        receiver.stop()

    received = receiver.spans()
    names = {span.name for _, span in received}
    assert {"POST api/v1/cart/items", "AddToCart", "POST api/v1/checkout"} <= names
    assert "PlaceOrder" in names
    for resource, _ in received:
        assert resource["service.name"] == "shop-api-under-test"
        assert resource["deployment.environment"] == "staging"
        assert resource["service.version"] == "1.2.3"
        assert resource["telemetry.sdk.language"] == "python"


def test_staff_use_cases_have_spans_and_a_refused_hard_delete_is_no_error(spans):
    staff = make_user("boss@example.com", staff=True)
    client = client_for(staff)
    created = client.post(
        "/api/v1/products",
        {"name": "MUG", "skus": [{"code": "M-1", "price": "1.00", "stock": 5}]},
        format="json",
    ).json()
    shopper = client_for(make_user())
    sku_id = created["skus"][0]["id"]
    shopper.post("/api/v1/cart/items", {"sku_id": sku_id, "quantity": 1}, format="json")
    assert shopper.post("/api/v1/checkout").status_code == 201
    spans.clear()

    refused = client.delete(f"/api/v1/products/{created['id']}?hard=1")
    archived = client.delete(f"/api/v1/products/{created['id']}")

    assert (refused.status_code, archived.status_code) == (409, 204)
    finished = spans.get_finished_spans()
    purge, archive = named(finished, "PurgeProduct"), named(finished, "ArchiveProduct")
    assert dict(purge.attributes) == {
        "shop.actor_id": staff.pk,
        "shop.product_id": created["id"],
    }
    assert purge.status.status_code is StatusCode.UNSET
    assert [event.name for event in purge.events] == ["refused"]
    assert archive.attributes["shop.product_id"] == created["id"]
    assert all(
        span.status.status_code is StatusCode.UNSET for span in server_spans(finished)
    )
