"""Prometheus metrics over HTTP: requests by route and status, orders placed,
and who may read /metrics."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families
from rest_framework.test import APIClient

from tests.integration.conftest import make_sku

TOKEN = "scrape-me-0123456789"


@pytest.fixture
def scraper(settings) -> APIClient:
    settings.METRICS_TOKEN = TOKEN
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    return client


def sample(scraper: APIClient, name: str, **labels: str) -> float:
    """The value of one series as /metrics shows it now (0 when absent)."""
    response = scraper.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    for family in text_string_to_metric_families(response.content.decode()):
        for found in family.samples:
            if found.name == name and labels.items() <= found.labels.items():
                return found.value
    return 0.0


def add_and_check_out(client, sku, key=None):
    client.post("/api/v1/cart/items", {"sku_id": sku.pk, "quantity": 1}, format="json")
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post("/api/v1/checkout", **headers)


@pytest.mark.django_db
def test_orders_placed_counts_new_orders_only(shopper, scraper):
    _, client = shopper
    sku = make_sku(stock=5)
    before = sample(scraper, "shop_orders_placed_total")

    assert add_and_check_out(client, sku, key="k-1").status_code == 201
    assert (
        client.post("/api/v1/checkout", HTTP_IDEMPOTENCY_KEY="k-1").status_code == 200
    )

    assert sample(scraper, "shop_orders_placed_total") == before + 1


@pytest.mark.django_db
def test_requests_are_counted_and_timed_by_route_and_status(shopper, scraper):
    _, client = shopper
    sku = make_sku(stock=1)
    route = {"route": "api/v1/checkout", "method": "POST"}
    created_before = sample(scraper, "shop_http_requests_total", **route, status="201")
    refused_before = sample(scraper, "shop_http_requests_total", **route, status="409")
    timed_before = sample(
        scraper, "shop_http_request_duration_seconds_count", **route, status="201"
    )

    assert add_and_check_out(client, sku).status_code == 201
    assert add_and_check_out(client, sku).status_code == 409
    client.get(f"/api/v1/orders/{10**9}")

    assert sample(scraper, "shop_http_requests_total", **route, status="201") == (
        created_before + 1
    )
    assert sample(scraper, "shop_http_requests_total", **route, status="409") == (
        refused_before + 1
    )
    assert sample(
        scraper, "shop_http_request_duration_seconds_count", **route, status="201"
    ) == (timed_before + 1)
    # The pattern, not the id: one series for every order.
    assert (
        sample(
            scraper,
            "shop_http_requests_total",
            route="api/v1/orders/<id:order_id>",
            status="404",
        )
        >= 1
    )


@pytest.mark.django_db
def test_unknown_paths_and_methods_share_one_label_each(scraper):
    client = APIClient()
    client.get("/no/such/page/12345")
    client.generic("BREW", "/api/v1/products")

    assert sample(scraper, "shop_http_requests_total", route="unmatched") >= 1
    assert sample(scraper, "shop_http_requests_total", method="other") >= 1
    response = scraper.get("/metrics")
    assert b"12345" not in response.content
    assert b"BREW" not in response.content


@pytest.mark.django_db
def test_metrics_need_the_token(settings):
    settings.METRICS_TOKEN = TOKEN
    client = APIClient()

    assert client.get("/metrics").status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Bearer wrong")
    assert client.get("/metrics").status_code == 401
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert client.get("/metrics").status_code == 200
    assert client.post("/metrics").status_code == 405


@pytest.mark.django_db
def test_metrics_are_not_served_without_a_token(settings):
    settings.METRICS_TOKEN = ""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer ")

    assert client.get("/metrics").status_code == 404
