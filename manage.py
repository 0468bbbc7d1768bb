#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    from config.telemetry import configure_tracing

    # Off unless OTEL_* variables ask for it; spans still queued are
    # flushed when the command exits.
    configure_tracing()
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
