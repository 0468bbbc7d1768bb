"""Log lines: trace ids on every record, readable text or one JSON object a line."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace import format_span_id, format_trace_id

from config.log_format import KeyValueFormatter, TraceContextFilter

ROOT = Path(__file__).resolve().parents[2]


def record(message: str = "order placed", **extra) -> logging.LogRecord:
    made = logging.makeLogRecord({"name": "shop", "levelname": "INFO", "msg": message})
    made.__dict__.update(extra)
    TraceContextFilter().filter(made)
    return made


def test_outside_a_span_the_trace_ids_are_empty_and_the_text_omits_them():
    line = KeyValueFormatter("%(levelname)s %(message)s").format(record(order_id=4))

    assert line == "INFO order placed order_id=4"


def test_inside_a_span_the_text_line_ends_with_its_trace_and_span_ids():
    tracer = TracerProvider().get_tracer("test")

    with tracer.start_as_current_span("PlaceOrder") as span:
        made = record(order_id=4, user_id=2)
    line = KeyValueFormatter("%(levelname)s %(message)s").format(made)

    context = span.get_span_context()
    assert line == (
        "INFO order placed order_id=4 user_id=2 "
        f"trace_id={format_trace_id(context.trace_id)} "
        f"span_id={format_span_id(context.span_id)}"
    )


LOG_FROM_A_SPAN = """
import logging
import django
from opentelemetry.sdk.trace import TracerProvider

django.setup()
log = logging.getLogger("application.orders")
log.info("outside", extra={"order_id": 1})
with TracerProvider().get_tracer("t").start_as_current_span("PlaceOrder") as span:
    log.warning("order placed", extra={"order_id": 2, "user_id": 3})
    print(format(span.get_span_context().trace_id, "032x"))
"""


def test_log_format_json_writes_one_object_per_line_with_the_trace_id():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "LOG_FORMAT": "json",
    }

    run = subprocess.run(
        [sys.executable, "-c", LOG_FROM_A_SPAN],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    outside, inside = [json.loads(line) for line in run.stderr.splitlines()]
    assert outside["message"] == "outside"
    assert outside["trace_id"] == outside["span_id"] == ""
    assert inside["message"] == "order placed"
    assert inside["level"] == "WARNING"
    assert inside["logger"] == "application.orders"
    assert (inside["order_id"], inside["user_id"]) == (2, 3)
    assert inside["trace_id"] == run.stdout.strip()
    assert len(inside["span_id"]) == 16
    assert "timestamp" in inside
