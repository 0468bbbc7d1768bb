"""Readable log lines that still show the structured fields.

Code logs constant messages with ids in `extra`; this formatter appends
those fields as key=value so that a text log says which object it is about.
"""

from __future__ import annotations

import logging

# Attributes every LogRecord has; anything else came from `extra`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def extra_fields(record: logging.LogRecord) -> dict[str, object]:
    return {
        key: value
        for key, value in vars(record).items()
        if key not in _STANDARD and not key.startswith("_")
    }


class KeyValueFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = extra_fields(record)
        if not fields:
            return line
        pairs = " ".join(f"{key}={value}" for key, value in sorted(fields.items()))
        first, newline, rest = line.partition("\n")
        return f"{first} {pairs}{newline}{rest}"
