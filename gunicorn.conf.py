"""gunicorn's settings for the shop; gunicorn reads this file from the working
directory by itself (`-c` names another).

Tracing is set up by config/wsgi.py as each worker loads the application,
after the fork: the batch span processor's thread and the gRPC channel of
the OTLP exporter do not survive a fork, so the application must not be
preloaded in the master.
"""

import os as _os
from pathlib import Path as _Path

preload_app = False


def on_starting(server):
    # prometheus_client's multiprocess mode: the files of a previous run
    # would be added to this one's counters.
    directory = _os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        _Path(directory).mkdir(parents=True, exist_ok=True)
        for stale in _Path(directory).glob("*.db"):
            stale.unlink()
    elif server.cfg.workers > 1:
        server.log.warning(
            "PROMETHEUS_MULTIPROC_DIR is not set: with %d workers each one "
            "counts alone, and /metrics shows whichever answers the scrape",
            server.cfg.workers,
        )


def worker_exit(server, worker):
    # Spans still queued in this worker leave before it does.
    from config.telemetry import shutdown_tracing

    shutdown_tracing()


def child_exit(server, worker):
    if _os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
