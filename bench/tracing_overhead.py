"""What tracing costs on the checkout path: the same checkouts, tracing off and on.

Runs in-process through Django's full request handling (test client, all
middleware, real PostgreSQL), so that the difference measured is the
tracing alone, not network noise. "On" is the production set-up:
`configure_tracing()` from the OTEL_* variables, a BatchSpanProcessor and
the OTLP/gRPC exporter sending to a receiver in another process on this
machine (tests/otlp_receiver.py, which only counts what it gets). "Off" is
the default: nothing configured, the use-case wrappers call straight through.

Rounds alternate off and on, so that a slow drift (the tables grow with
every order) weighs on both alike; the first round of each is a warm-up and
is not counted. Only the checkout request is timed; filling the cart is not.

    .venv/bin/python bench/tracing_overhead.py            # defaults below
    .venv/bin/python bench/tracing_overhead.py --rounds 6 --checkouts 300

It creates (once) and uses its own database, `otel_bench` by default.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from databases import ensure_database  # noqa: E402  (bench/ is on the path)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/otel_bench"
    )
    parser.add_argument("--rounds", type=int, default=4, help="per mode, after warm-up")
    parser.add_argument("--checkouts", type=int, default=200, help="per round")
    parser.add_argument("--lines", type=int, default=3, help="cart lines per order")
    parser.add_argument("--receiver-port", type=int, default=8150)
    return parser.parse_args()


def prepare_environment(arguments: argparse.Namespace) -> None:
    for name in [name for name in os.environ if name.startswith("OTEL_")]:
        del os.environ[name]
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=arguments.database_url,
        DEBUG="0",
        ALLOWED_HOSTS="testserver",
        LOG_LEVEL="WARNING",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        ANON_THROTTLE_RATE="1000000/minute",
        USER_THROTTLE_RATE="1000000/minute",
    )


def start_receiver(port: int) -> subprocess.Popen:
    receiver = subprocess.Popen(
        [sys.executable, "-m", "tests.otlp_receiver", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    first_line = receiver.stdout.readline()
    if "listening" not in first_line:
        receiver.kill()
        raise SystemExit(f"the OTLP receiver did not start: {first_line!r}")
    return receiver


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    arguments = parse_arguments()
    prepare_environment(arguments)
    ensure_database(arguments.database_url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from rest_framework.test import APIClient

    from adapters.django_orm.catalogue.models import Product, Sku
    from adapters.django_orm.users.models import User
    from adapters.django_orm.users.repository import to_domain
    from adapters.drf_api.tokens import refresh_token_for
    from config.telemetry import configure_tracing, shutdown_tracing

    call_command("migrate", verbosity=0)
    user, _ = User.objects.get_or_create(
        email="bench@example.com",
        defaults={"is_active": True, "email_verified_at": "2026-01-01T00:00Z"},
    )
    product, _ = Product.objects.get_or_create(name="TRACING BENCH")
    skus = [
        Sku.objects.update_or_create(
            code=f"BENCH-{index}",
            defaults={"product": product, "price": "1.25", "stock": 10**9},
        )[0]
        for index in range(arguments.lines)
    ]
    access = str(refresh_token_for(to_domain(user)).access_token)

    def client() -> APIClient:
        # A new client loads the middleware anew: with or without tracing's.
        made = APIClient()
        made.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
        return made

    def run_round(shopper: APIClient) -> list[float]:
        timings = []
        for _ in range(arguments.checkouts):
            for sku in skus:
                shopper.post(
                    "/api/v1/cart/items",
                    {"sku_id": sku.pk, "quantity": 1},
                    format="json",
                )
            started = time.perf_counter()
            response = shopper.post("/api/v1/checkout")
            timings.append(time.perf_counter() - started)
            assert response.status_code == 201, response.content
        return timings

    receiver = start_receiver(arguments.receiver_port)
    tracing_environment = {
        "OTEL_TRACES_EXPORTER": "otlp",
        "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc",
        "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{arguments.receiver_port}",
        "OTEL_SERVICE_NAME": "shop-api-bench",
    }
    timings: dict[str, list[float]] = {"off": [], "on": []}
    try:
        for round_number in range(arguments.rounds + 1):
            for mode in ("off", "on"):
                if mode == "on":
                    os.environ.update(tracing_environment)
                    assert configure_tracing(process_wide=False) is not None
                connections.close_all()
                measured = run_round(client())
                if mode == "on":
                    shutdown_tracing()  # flushes every span of the round
                    for name in tracing_environment:
                        del os.environ[name]
                if round_number > 0:
                    timings[mode].extend(measured)
                print(
                    f"round {round_number} tracing {mode:3}: "
                    f"median {statistics.median(measured) * 1000:.2f} ms",
                    file=sys.stderr,
                )
    finally:
        receiver.terminate()
        received = receiver.communicate(timeout=30)[0].strip()

    print(
        f"\n{arguments.checkouts * arguments.rounds} checkouts per mode, "
        f"{arguments.lines} lines each; OTLP receiver: {received}"
    )
    print(f"{'tracing':8} {'median':>10} {'p95':>10} {'mean':>10}")
    for mode in ("off", "on"):
        values = timings[mode]
        print(
            f"{mode:8} {statistics.median(values) * 1000:>7.2f} ms "
            f"{percentile(values, 0.95) * 1000:>7.2f} ms "
            f"{statistics.fmean(values) * 1000:>7.2f} ms"
        )
    for label, measure in (
        ("median", statistics.median),
        ("p95", lambda values: percentile(values, 0.95)),
    ):
        off, on = measure(timings["off"]), measure(timings["on"])
        print(
            f"overhead ({label}): {(on - off) * 1000:+.2f} ms "
            f"({(on - off) / off * 100:+.1f} %)"
        )


if __name__ == "__main__":
    main()
