"""Log lines that say which object and which trace they are about.

Code logs constant messages with ids in `extra`. `TraceContextFilter` adds
the ids of the current trace span to every record; `KeyValueFormatter`
appends the structured fields to a readable line as key=value, while
`LOG_FORMAT=json` writes one JSON object per line instead (python-json-logger).
"""

from __future__ import annotations

import logging

from opentelemetry import trace

# Attributes every LogRecord has; anything else came from `extra`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
# Set by TraceContextFilter on every record; empty outside a span.
TRACE_FIELDS = ("trace_id", "span_id")


def extra_fields(record: logging.LogRecord) -> dict[str, object]:
    return {
        key: value
        for key, value in vars(record).items()
        if key not in _STANDARD and not key.startswith("_")
    }


class TraceContextFilter(logging.Filter):
    """Give every record the `trace_id` and `span_id` of the current span.

    Both are the W3C hex forms a tracing backend shows and searches for, or
    empty strings when no span is being recorded (tracing off, or outside a
    request).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            record.trace_id = trace.format_trace_id(context.trace_id)
            record.span_id = trace.format_span_id(context.span_id)
        else:
            record.trace_id = record.span_id = ""
        return True


class KeyValueFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = extra_fields(record)
        pairs = [
            f"{key}={value}"
            for key, value in sorted(fields.items())
            if key not in TRACE_FIELDS
        ]
        # The trace ids go last, and only when there is a trace.
        pairs += [f"{key}={fields[key]}" for key in TRACE_FIELDS if fields.get(key)]
        if not pairs:
            return line
        first, newline, rest = line.partition("\n")
        return f"{first} {' '.join(pairs)}{newline}{rest}"
