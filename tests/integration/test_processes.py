"""Telemetry in real processes: a manage.py command and gunicorn with two
workers, each started the way production starts them."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection
from prometheus_client.parser import text_string_to_metric_families

from tests.otlp_receiver import OtlpReceiver

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "scrape-token-for-tests"


def environment(**overrides: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    clean.pop("PROMETHEUS_MULTIPROC_DIR", None)
    return {**clean, **overrides}


@pytest.mark.django_db
def test_a_management_command_flushes_its_spans_when_it_exits():
    query = "from django.db import connection; connection.cursor().execute('SELECT 1')"

    run = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", query],
        cwd=ROOT,
        env=environment(
            DATABASE_URL=database_url(),
            OTEL_TRACES_EXPORTER="console",
            OTEL_SERVICE_NAME="shop-cli",
        ),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    # The batch processor waits 5 s before exporting; the command took less,
    # so this span can only have been printed by the flush at exit.
    assert '"name": "SELECT"' in run.stdout
    assert '"db.statement": "SELECT 1"' in run.stdout
    assert '"service.name": "shop-cli"' in run.stdout


def test_a_command_runs_before_the_metrics_directory_exists(tmp_path):
    directory = tmp_path / "not" / "yet"

    subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment(PROMETHEUS_MULTIPROC_DIR=str(directory)),
        capture_output=True,
        timeout=60,
        check=True,
    )

    assert directory.is_dir()


@pytest.mark.django_db
def test_a_management_command_prints_no_span_when_tracing_is_off():
    query = "from django.db import connection; connection.cursor().execute('SELECT 1')"

    run = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", query],
        cwd=ROOT,
        env=environment(DATABASE_URL=database_url()),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert run.stdout == ""


def free_port() -> int:
    for port in range(8150, 8200):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 8150-8199")


def get(url: str, token: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until_up(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn stopped"
        try:
            if get(url)[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not answer within 30 s")


def database_url() -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def products_requests(text: str) -> float:
    total = 0.0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if (
                sample.name == "shop_http_requests_total"
                and sample.labels["route"] == "api/v1/products"
            ):
                total += sample.value
    return total


@pytest.mark.django_db(transaction=True)
def test_gunicorn_workers_add_up_their_metrics_and_flush_spans_on_exit(tmp_path):
    receiver = OtlpReceiver().start()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
        + ["--workers", "2", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=environment(
            DATABASE_URL=database_url(),
            METRICS_TOKEN=TOKEN,
            PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"),
            OTEL_EXPORTER_OTLP_ENDPOINT=receiver.endpoint,
            OTEL_EXPORTER_OTLP_PROTOCOL="grpc",
            OTEL_SERVICE_NAME="shop-gunicorn",
            # Nothing leaves on a timer: only the flush at worker exit can
            # deliver these spans.
            OTEL_BSP_SCHEDULE_DELAY="600000",
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"{base}/healthz", gunicorn)
        # Concurrent requests, so that both sync workers serve some.
        with ThreadPoolExecutor(max_workers=6) as pool:
            answers = list(
                pool.map(lambda _: get(f"{base}/api/v1/products")[0], range(24))
            )
        assert answers == [200] * 24

        scrapes = [get(f"{base}/metrics", TOKEN) for _ in range(6)]
        unauthorised, _ = get(f"{base}/metrics")
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
        receiver.stop()

    assert unauthorised == 401
    # Whichever worker answered, the scrape shows every worker's requests.
    for status, body in scrapes:
        assert status == 200
        assert products_requests(body.decode()) == 24
    writers = {path.name for path in (tmp_path / "metrics").glob("counter_*.db")}
    assert len(writers) == 2

    received = receiver.spans()
    server_spans = [span for _, span in received if span.name.startswith("GET ")]
    assert [span.name for span in server_spans] == ["GET api/v1/products"] * 24
    assert {resource["service.name"] for resource, _ in received} == {"shop-gunicorn"}
    assert any(span.name == "RankedSearch" for _, span in received)
    json.dumps([resource for resource, _ in received])  # plain values only
