"""Prometheus metrics: requests by route and status, orders placed, /metrics.

The route label is the URL pattern that matched (`api/v1/orders/<id:order_id>`),
never the raw path, and unknown methods count as `other`: the number of
series stays bounded whatever clients send.

Under gunicorn, every worker keeps its own counters. With
`PROMETHEUS_MULTIPROC_DIR` set (gunicorn.conf.py empties it at start),
prometheus_client writes them to files there and /metrics adds up every
worker's files, so a scrape sees the whole server whichever worker answers.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

# In multiprocess mode every process writes its counters to a file there
# from the moment a metric exists: manage.py commands too, before gunicorn
# (whose on_starting hook also makes it) has ever run.
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]).mkdir(parents=True, exist_ok=True)

LABELS = ("method", "route", "status")
REQUESTS = Counter("shop_http_requests", "HTTP requests answered.", LABELS)
REQUEST_DURATION = Histogram(
    "shop_http_request_duration_seconds", "Time taken to answer a request.", LABELS
)
ORDERS_PLACED = Counter(
    "shop_orders_placed", "Orders placed at checkout (a replayed key adds none)."
)

KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class RequestMetricsMiddleware:
    """Counts and times every request, by method, route and status."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        labels = (method_label(request), route_label(request), response.status_code)
        REQUESTS.labels(*labels).inc()
        REQUEST_DURATION.labels(*labels).observe(time.perf_counter() - started)
        return response


def method_label(request: HttpRequest) -> str:
    return request.method if request.method in KNOWN_METHODS else "other"


def route_label(request: HttpRequest) -> str:
    match = request.resolver_match
    return match.route if match is not None and match.route else "unmatched"


@csrf_exempt
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """The metrics in Prometheus' text format, for the holder of METRICS_TOKEN."""
    token = settings.METRICS_TOKEN
    if not token:
        return JsonResponse({"detail": "Not found."}, status=404)
    supplied = request.headers.get("Authorization", "")
    if not hmac.compare_digest(supplied.encode(), f"Bearer {token}".encode()):
        response = JsonResponse({"detail": "Invalid metrics token."}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)


def registry() -> CollectorRegistry:
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    # A fresh registry per scrape: it reads every worker's files anew.
    combined = CollectorRegistry()
    multiprocess.MultiProcessCollector(combined)
    return combined
