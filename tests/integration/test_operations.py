import pytest
from django.core.management import call_command
from django.db import OperationalError


@pytest.mark.django_db
def test_the_root_points_to_the_docs_the_catalogue_and_the_admin(client):
    links = client.get("/").json()

    assert set(links) == {"products", "docs", "schema", "admin"}
    for name in ("products", "docs", "schema"):
        assert client.get(links[name]).status_code == 200, name
    assert client.get(links["admin"]).status_code == 302  # to its login page


def test_healthz_answers_while_the_process_runs(client):
    for path in ("/healthz", "/healthz/"):
        response = client.get(path)
        assert (response.status_code, response.json()) == (200, {"status": "ok"})


@pytest.mark.django_db
def test_readyz_is_200_when_the_database_answers(client):
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_does_not(client, monkeypatch):
    from django.db import connection

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)

    assert client.get("/readyz").status_code == 503


def test_the_openapi_schema_generates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    text = target.read_text()
    for path in (
        "/api/v1/checkout:",
        "/api/v1/auth/token:",
        "/api/v1/products/{product_id}:",
    ):
        assert path in text


@pytest.mark.django_db
def test_the_docs_page_uses_no_cdn(client):
    page = client.get("/api/docs/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    asset = client.get(
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"
    )
    assert asset.status_code == 200


def test_the_schema_is_served(client):
    assert client.get("/api/schema/").status_code == 200


def test_the_schema_lists_the_contract_s_error_answers(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]

    def statuses(path: str, method: str) -> set[str]:
        return set(paths[path][method]["responses"])

    assert statuses("/api/v1/checkout", "post") >= {"200", "201", "400", "401", "409"}
    assert statuses("/api/v1/orders/{order_id}", "get") >= {"401", "404"}
    assert statuses("/api/v1/orders/{order_id}/cancel", "post") >= {"404", "409"}
    assert statuses("/api/v1/products/{product_id}", "delete") >= {
        "204",
        "400",
        "401",
        "403",
        "404",
        "409",
    }
    assert statuses("/api/v1/skus/{sku_id}", "patch") >= {"400", "401", "403", "404"}
    assert statuses("/api/v1/auth/register", "post") >= {"201", "400"}
    assert "401" not in statuses("/api/v1/auth/register", "post")
    assert "401" not in statuses("/api/v1/products", "get")
    assert all(
        "429" in operation["responses"]
        for operations in paths.values()
        for operation in operations.values()
    )
    change = schema["components"]["schemas"]["CartItemUpdateRequest"]
    assert change["required"] == ["quantity"]
    assert change["properties"]["quantity"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 1000,
    }


def test_django_s_own_500_is_json_under_the_api():
    from django.test import RequestFactory

    from adapters.drf_api.operations import server_error

    answer = server_error(RequestFactory().get("/api/v1/anything"))

    assert answer.status_code == 500
    assert answer["Content-Type"] == "application/json"
