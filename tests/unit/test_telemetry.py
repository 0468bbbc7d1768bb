"""Tracing configuration from OTEL_* variables, and use-case spans (no database)."""

from __future__ import annotations

import pytest
from dependency_injector import containers, providers
from django.conf import settings
from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import (
    OTLPSpanExporter as GrpcExporter,
)
from opentelemetry.exporter.otlp.proto.http.trace_exporter import (
    OTLPSpanExporter as HttpExporter,
)
from opentelemetry.sdk.trace.export import ConsoleSpanExporter, SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import (
    InMemorySpanExporter,
)
from opentelemetry.trace import StatusCode

from application import catalogue, orders
from config import telemetry
from config.container import Container
from config.use_case_spans import RESULT_ATTRIBUTES, TracedUseCase, trace_use_cases
from domain.errors import InsufficientStock, NotFound

OTEL_MIDDLEWARE = "opentelemetry.instrumentation.django.middleware"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in (
        "OTEL_SDK_DISABLED",
        "OTEL_SERVICE_NAME",
        "OTEL_RESOURCE_ATTRIBUTES",
        "OTEL_TRACES_EXPORTER",
        "OTEL_EXPORTER_OTLP_PROTOCOL",
        "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        "ENVIRONMENT",
    ):
        monkeypatch.delenv(name, raising=False)
    yield monkeypatch
    telemetry.shutdown_tracing()


def exporter_types() -> list[type]:
    return [type(exporter) for exporter in telemetry.span_exporters()]


def test_with_nothing_configured_tracing_stays_off_and_installs_nothing():
    assert telemetry.configure_tracing(process_wide=False) is None
    assert telemetry.tracer("any") is None
    assert not any(OTEL_MIDDLEWARE in entry for entry in settings.MIDDLEWARE)


@pytest.mark.parametrize(
    "variables, expected",
    [
        ({"OTEL_TRACES_EXPORTER": "none"}, []),
        ({"OTEL_TRACES_EXPORTER": "console"}, [ConsoleSpanExporter]),
        ({"OTEL_TRACES_EXPORTER": "otlp"}, [HttpExporter]),
        (
            {"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"},
            [GrpcExporter],
        ),
        (
            {
                "OTEL_TRACES_EXPORTER": "otlp,console",
                "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc",
                "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "http/protobuf",
            },
            [HttpExporter, ConsoleSpanExporter],
        ),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, [HttpExporter]),
        (
            {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:4318/v1/traces"},
            [HttpExporter],
        ),
        (
            {
                "OTEL_TRACES_EXPORTER": "none",
                "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318",
            },
            [],
        ),
    ],
)
def test_exporters_follow_the_standard_variables(
    clean_environment, variables, expected
):
    for name, value in variables.items():
        clean_environment.setenv(name, value)

    assert exporter_types() == expected


def test_unknown_exporter_or_protocol_is_refused_at_start(clean_environment):
    clean_environment.setenv("OTEL_TRACES_EXPORTER", "zipkin")
    with pytest.raises(ValueError, match="zipkin"):
        telemetry.span_exporters()

    clean_environment.setenv("OTEL_TRACES_EXPORTER", "otlp")
    clean_environment.setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")
    with pytest.raises(ValueError, match="http/json"):
        telemetry.span_exporters()


def test_sdk_disabled_wins_over_an_exporter(clean_environment):
    clean_environment.setenv("OTEL_SDK_DISABLED", "true")
    clean_environment.setenv("OTEL_TRACES_EXPORTER", "console")

    assert telemetry.configure_tracing(process_wide=False) is None


def test_resource_defaults_and_overrides(clean_environment):
    resource = telemetry.tracing_resource()
    assert resource.attributes["service.name"] == "shop-api"
    assert resource.attributes["deployment.environment"] == "development"

    clean_environment.setenv("OTEL_SERVICE_NAME", "shop-eu")
    clean_environment.setenv("ENVIRONMENT", "production")
    clean_environment.setenv("OTEL_RESOURCE_ATTRIBUTES", "service.version=7,team=a")
    resource = telemetry.tracing_resource()
    assert resource.attributes["service.name"] == "shop-eu"
    assert resource.attributes["deployment.environment"] == "production"
    assert resource.attributes["service.version"] == "7"
    assert resource.attributes["team"] == "a"


def test_configuring_twice_keeps_the_first_set_up_and_shutdown_undoes_it():
    exporter = InMemorySpanExporter()
    first = telemetry.configure_tracing(
        [SimpleSpanProcessor(exporter)], process_wide=False
    )

    assert first is not None
    assert telemetry.configure_tracing(process_wide=False) is first
    assert [e for e in settings.MIDDLEWARE if OTEL_MIDDLEWARE in e] != []

    telemetry.shutdown_tracing()
    assert telemetry.tracer("any") is None
    assert not any(OTEL_MIDDLEWARE in entry for entry in settings.MIDDLEWARE)


class LookUpStock:
    """A stand-in use case."""

    def __init__(self, fail_with: Exception | None = None) -> None:
        self.fail_with = fail_with

    def __call__(self, user_id: int, sku_id: int, email: str, password: str) -> int:
        if self.fail_with is not None:
            raise self.fail_with
        return 7


@pytest.fixture
def spans():
    exporter = InMemorySpanExporter()
    telemetry.configure_tracing([SimpleSpanProcessor(exporter)], process_wide=False)
    return exporter


def test_a_use_case_span_is_named_after_the_class_and_records_only_ids(spans):
    use_case = TracedUseCase(LookUpStock())

    assert use_case(3, sku_id=9, email="ann@example.com", password="s3cret") == 7

    [span] = spans.get_finished_spans()
    assert span.name == "LookUpStock"
    assert dict(span.attributes) == {"shop.user_id": 3, "shop.sku_id": 9}
    assert span.status.status_code is StatusCode.UNSET


@pytest.mark.parametrize("refusal", [InsufficientStock("MUG-1"), NotFound()])
def test_a_domain_error_is_an_event_not_an_error(spans, refusal):
    use_case = TracedUseCase(LookUpStock(fail_with=refusal))

    with pytest.raises(type(refusal)):
        use_case(1, 2, "ann@example.com", "s3cret")

    [span] = spans.get_finished_spans()
    assert span.status.status_code is StatusCode.UNSET
    assert [(e.name, dict(e.attributes)) for e in span.events] == [
        ("refused", {"shop.error": type(refusal).__name__})
    ]


def test_any_other_exception_is_an_error_span_with_the_exception(spans):
    use_case = TracedUseCase(LookUpStock(fail_with=KeyError("lost")))

    with pytest.raises(KeyError):
        use_case(1, 2, "ann@example.com", "s3cret")

    [span] = spans.get_finished_spans()
    assert span.status.status_code is StatusCode.ERROR
    [event] = span.events
    assert event.name == "exception"
    assert event.attributes["exception.type"] == "KeyError"


def test_results_are_described_by_their_table_entry(spans, monkeypatch):
    monkeypatch.setitem(
        RESULT_ATTRIBUTES, LookUpStock, lambda units: {"shop.units": units}
    )

    TracedUseCase(LookUpStock())(1, 2, "ann@example.com", "s3cret")

    [span] = spans.get_finished_spans()
    assert span.attributes["shop.units"] == 7


def test_a_failing_table_entry_does_not_fail_the_use_case(spans, monkeypatch):
    monkeypatch.setitem(RESULT_ATTRIBUTES, LookUpStock, lambda units: units.order.id)

    assert TracedUseCase(LookUpStock())(1, 2, "ann@example.com", "s3cret") == 7

    [span] = spans.get_finished_spans()
    assert span.status.status_code is StatusCode.UNSET


def test_with_tracing_off_the_use_case_is_called_directly():
    use_case = TracedUseCase(LookUpStock())

    assert use_case(1, 2, "ann@example.com", "s3cret") == 7
    assert use_case.fail_with is None  # attributes are the use case's own


def test_every_use_case_of_the_container_is_traced_and_built_as_before():
    container = Container()
    use_cases = {
        name
        for name, provider in container.providers.items()
        if isinstance(provider, providers.Factory)
        and provider.cls.__module__.startswith("application.")
    }

    trace_use_cases(container)

    assert {"place_order", "ranked_search", "register_user"} <= use_cases
    for name in use_cases:
        assert isinstance(getattr(container, name)(), TracedUseCase), name
    importer = container.import_catalogue(batch_size=5)
    assert isinstance(importer._use_case, catalogue.ImportCatalogue)
    assert importer.batch_size == 5
    assert not isinstance(container.notifier(), TracedUseCase)


def test_a_use_case_registered_later_gets_a_span_too(spans):
    class Later(containers.DeclarativeContainer):
        cancel_order = providers.Factory(orders.CancelOrder, uow=object)

    container = Later()
    trace_use_cases(container)

    use_case = container.cancel_order()
    assert isinstance(use_case, TracedUseCase)
    with pytest.raises(TypeError):  # `object()` is no unit of work
        use_case(user_id=4, order_id=5)
    [span] = spans.get_finished_spans()
    assert span.name == "CancelOrder"
    assert dict(span.attributes) == {"shop.user_id": 4, "shop.order_id": 5}
    assert span.status.status_code is StatusCode.ERROR
