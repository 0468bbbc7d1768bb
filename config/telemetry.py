"""Tracing set-up: one call at process start, driven by the standard OTEL_* variables.

Tracing is off unless an exporter is asked for, by `OTEL_TRACES_EXPORTER`
(`otlp`, `console`, or both, comma-separated) or by an OTLP endpoint
(`OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), which
implies `otlp`. `OTEL_SDK_DISABLED=true` turns it off whatever else is set.
When it is off nothing is installed: no provider, no instrumented middleware
or database driver, and the use-case wrappers call straight through.

When it is on, `configure_tracing` builds a TracerProvider whose resource
names the service (`OTEL_SERVICE_NAME`, default `shop-api`) and its
`deployment.environment` (`ENVIRONMENT`), exports through a
BatchSpanProcessor, and instruments Django (one server span per request) and
psycopg2 (one span per query). The SDK and the exporters read the rest of
their standard variables themselves: `OTEL_TRACES_SAMPLER`,
`OTEL_RESOURCE_ATTRIBUTES`, `OTEL_BSP_*`, `OTEL_EXPORTER_OTLP_HEADERS`, ...
"""

from __future__ import annotations

import atexit
import os
from collections.abc import Sequence

from opentelemetry import trace
from opentelemetry.instrumentation.django import DjangoInstrumentor
from opentelemetry.instrumentation.psycopg2 import Psycopg2Instrumentor
from opentelemetry.sdk.resources import SERVICE_NAME, OTELResourceDetector, Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SpanExporter,
)

DEFAULT_SERVICE_NAME = "shop-api"
DEPLOYMENT_ENVIRONMENT = "deployment.environment"
# Probes and scrapes arrive every few seconds and say nothing about the
# shop; OTEL_PYTHON_DJANGO_EXCLUDED_URLS replaces this list.
DEFAULT_EXCLUDED_URLS = "/healthz/?$,/readyz/?$,/metrics/?$"

_provider: TracerProvider | None = None


def configure_tracing(
    processors: Sequence[SpanProcessor] | None = None, *, process_wide: bool = True
) -> TracerProvider | None:
    """Set up tracing from the environment; return the provider, or None when off.

    Idempotent: a second call returns what the first one installed. Tests
    pass their own `processors` (which turns tracing on) and
    `process_wide=False`, which keeps the provider out of OpenTelemetry's
    global, settable once per process, and leaves flushing at exit to them;
    `shutdown_tracing` undoes everything so that the next test starts clean.
    """
    global _provider
    if _provider is not None:
        return _provider
    if _is_true(os.environ.get("OTEL_SDK_DISABLED", "")):
        return None
    if processors is None:
        processors = [BatchSpanProcessor(exporter) for exporter in span_exporters()]
    if not processors:
        return None

    # The SDK's own exit hook would be a second shutdown next to ours.
    provider = TracerProvider(resource=tracing_resource(), shutdown_on_exit=False)
    for processor in processors:
        provider.add_span_processor(processor)
    DjangoInstrumentor().instrument(
        tracer_provider=provider,
        excluded_urls=os.environ.get(
            "OTEL_PYTHON_DJANGO_EXCLUDED_URLS", DEFAULT_EXCLUDED_URLS
        ),
    )
    Psycopg2Instrumentor().instrument(tracer_provider=provider, skip_dep_check=True)
    if process_wide:
        trace.set_tracer_provider(provider)
        atexit.register(shutdown_tracing)
    _provider = provider
    return provider


def shutdown_tracing() -> None:
    """Flush the spans still queued, then remove the instrumentation."""
    global _provider
    if _provider is None:
        return
    provider, _provider = _provider, None
    DjangoInstrumentor().uninstrument()
    Psycopg2Instrumentor().uninstrument()
    provider.shutdown()


def tracer(name: str) -> trace.Tracer | None:
    """A tracer of the configured provider, or None while tracing is off."""
    if _provider is None:
        return None
    return _provider.get_tracer(name)


def tracing_resource() -> Resource:
    """Our defaults, overridden by OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES."""
    defaults = {
        SERVICE_NAME: DEFAULT_SERVICE_NAME,
        # The same variable and default as settings.ENVIRONMENT; read here
        # because this runs before Django's settings are loaded.
        DEPLOYMENT_ENVIRONMENT: os.environ.get("ENVIRONMENT", "development"),
    }
    return Resource.create({**defaults, **OTELResourceDetector().detect().attributes})


def span_exporters() -> list[SpanExporter]:
    """The exporters OTEL_TRACES_EXPORTER names; none means tracing stays off."""
    names = [
        name.strip().lower()
        for name in os.environ.get("OTEL_TRACES_EXPORTER", "").split(",")
        if name.strip()
    ]
    if not names and _otlp_endpoint_set():
        names = ["otlp"]
    exporters: list[SpanExporter] = []
    for name in names:
        if name == "otlp":
            exporters.append(_otlp_exporter())
        elif name == "console":
            exporters.append(ConsoleSpanExporter())
        elif name != "none":
            raise ValueError(
                f"OTEL_TRACES_EXPORTER: unknown exporter {name!r} "
                "(expected otlp, console or none)"
            )
    return exporters


def _otlp_exporter() -> SpanExporter:
    protocol = os.environ.get(
        "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
        os.environ.get("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
    ).strip()
    # Imported here: gRPC is slow to import and useless while tracing is off.
    # Both exporters read their endpoint, headers, timeout and TLS settings
    # from the OTEL_EXPORTER_OTLP_* variables themselves.
    if protocol == "grpc":
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import (
            OTLPSpanExporter as GrpcExporter,
        )

        return GrpcExporter()
    if protocol == "http/protobuf":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import (
            OTLPSpanExporter as HttpExporter,
        )

        return HttpExporter()
    raise ValueError(
        f"OTEL_EXPORTER_OTLP_PROTOCOL: unsupported {protocol!r} "
        "(expected grpc or http/protobuf)"
    )


def _otlp_endpoint_set() -> bool:
    return any(
        os.environ.get(name, "").strip()
        for name in (
            "OTEL_EXPORTER_OTLP_ENDPOINT",
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        )
    )


def _is_true(value: str) -> bool:
    return value.strip().lower() == "true"
