"""No input may produce a 500: random bodies, headers and paths over HTTP."""

import json
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.django_orm.catalogue.models import Product
from tests.integration.conftest import client_for, make_sku, make_user

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    ("post", "/api/v1/auth/register"),
    ("post", "/api/v1/auth/verify-email"),
    ("post", "/api/v1/auth/resend-verification"),
    ("post", "/api/v1/auth/token"),
    ("post", "/api/v1/auth/token/refresh"),
    ("get", "/api/v1/users/me"),
    ("get", "/api/v1/products"),
    ("get", "/api/v1/cart"),
    ("post", "/api/v1/cart/items"),
    ("patch", "/api/v1/cart/items/1"),
    ("delete", "/api/v1/cart/items/1"),
    ("post", "/api/v1/checkout"),
    ("get", "/api/v1/orders"),
    ("post", "/api/v1/orders/1/cancel"),
]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=8,
)
field_values = st.one_of(
    json_values,
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from(
        ["", " ", "\x00", "ann@example.com", "1e400", "NaN", "-0", "9" * 30]
    ),
)
bodies = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {},
        optional={
            name: field_values
            for name in ("email", "password", "token", "refresh", "sku_id", "quantity")
        },
    ),
)

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def client(settings):
    # Fuzzing is many requests from one address: no throttles here.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_CLASSES": [],
    }
    user = make_user()
    sku = make_sku(stock=5)
    c = client_for(user)
    c.post("/api/v1/cart/items", {"sku_id": sku.pk, "quantity": 1}, format="json")
    return c


@FUZZ
@given(endpoint=st.sampled_from(ENDPOINTS), body=bodies)
def test_random_json_bodies_never_cause_a_500(client, endpoint, body):
    method, path = endpoint

    response = client.generic(
        method.upper(), path, json.dumps(body), content_type="application/json"
    )

    assert response.status_code < 500, (path, body, response.content[:300])


@FUZZ
@given(
    endpoint=st.sampled_from(ENDPOINTS),
    raw=st.binary(max_size=200),
    content_type=st.sampled_from(
        [
            "application/json",
            "text/plain",
            "multipart/form-data",
            "application/x-www-form-urlencoded",
            "",
        ]
    ),
)
def test_raw_bytes_never_cause_a_500(client, endpoint, raw, content_type):
    method, path = endpoint

    response = client.generic(method.upper(), path, raw, content_type=content_type)

    assert response.status_code < 500, (path, raw, response.content[:300])


@FUZZ
@given(key=st.text(max_size=300))
def test_any_idempotency_key_is_an_answer_not_a_crash(client, key):
    try:
        header = key.encode("latin-1").decode("latin-1")
    except UnicodeEncodeError:
        header = key.encode("utf-8").decode("latin-1")

    response = client.post("/api/v1/checkout", HTTP_IDEMPOTENCY_KEY=header)

    assert response.status_code in (200, 201, 400, 409)


@FUZZ
@given(
    search=st.text(max_size=1000),
    page=st.text(max_size=12),
    size=st.text(max_size=12),
    archived=st.text(max_size=6),
)
def test_any_product_query_is_an_answer(client, search, page, size, archived):
    Product.objects.get_or_create(name="MUG")

    response = client.get(
        "/api/v1/products",
        {
            "search": search,
            "page": page,
            "page_size": size,
            "include_archived": archived,
        },
    )

    assert response.status_code in (200, 404)


@FUZZ
@given(segment=st.text(max_size=30))
def test_any_path_segment_is_an_answer(client, segment):
    for template in (
        "/api/v1/products/{}",
        "/api/v1/orders/{}",
        "/api/v1/cart/items/{}",
    ):
        response = client.get(template.format(segment))
        assert response.status_code < 500


STAFF_ENDPOINTS = [
    ("post", "/api/v1/products"),
    ("patch", "/api/v1/products/{product}"),
    ("post", "/api/v1/products/{product}/skus"),
    ("patch", "/api/v1/skus/{sku}"),
]
sku_bodies = st.fixed_dictionaries(
    {}, optional={name: field_values for name in ("code", "price", "stock")}
)
staff_bodies = st.one_of(
    json_values,
    sku_bodies,
    st.fixed_dictionaries(
        {},
        optional={
            "name": field_values,
            "description": field_values,
            "is_active": field_values,
            "skus": st.one_of(field_values, st.lists(sku_bodies, max_size=3)),
        },
    ),
)


@pytest.fixture
def staff_client(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_CLASSES": [],
    }
    return client_for(make_user("boss@example.com", staff=True)), make_sku(stock=5)


@FUZZ
@given(endpoint=st.sampled_from(STAFF_ENDPOINTS), body=staff_bodies)
def test_random_staff_writes_never_cause_a_500(staff_client, endpoint, body):
    client, sku = staff_client
    method, template = endpoint
    path = template.format(product=sku.product_id, sku=sku.pk)

    response = client.generic(
        method.upper(), path, json.dumps(body), content_type="application/json"
    )

    assert response.status_code in (200, 201, 400), (path, body, response.content)


@FUZZ
@given(hard=st.text(max_size=8))
def test_any_hard_flag_is_an_answer(staff_client, hard):
    client, _ = staff_client
    product = make_sku(stock=1).product_id

    response = client.delete(f"/api/v1/products/{product}?{urlencode({'hard': hard})}")

    assert response.status_code in (204, 400)
    if hard.lower() in ("1", "true", "yes"):
        assert not Product.objects.filter(pk=product).exists()


@pytest.mark.parametrize(
    "body",
    ["[" * 5000 + "]" * 5000, '{"a":' * 5000 + "1" + "}" * 5000],
    ids=["arrays", "objects"],
)
def test_json_nested_too_deeply_is_400(client, body):
    response = client.generic(
        "POST", "/api/v1/auth/register", body, content_type="application/json"
    )

    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


def test_a_body_over_django_s_limit_is_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"email": "ann@example.com", "password": "x" * 2000})

    response = client.generic(
        "POST", "/api/v1/auth/register", body, content_type="application/json"
    )

    assert response.status_code == 413


def test_too_many_query_parameters_are_400(client):
    query = "&".join(f"p{index}=1" for index in range(1100))

    response = client.get(f"/api/v1/products?{query}")

    assert response.status_code == 400


@pytest.mark.parametrize(
    "path", ["/api/v1/", "/api/v1/products/-1", "/api/v1/skus/99999999999999999999"]
)
def test_unmatched_api_paths_are_json_404(client, path):
    response = client.patch(path, {}, format="json")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("path", ["/", "/healthz", "/readyz", "/metrics"])
def test_operations_refuse_writes_with_405_not_a_csrf_page(path):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(path)

    assert response.status_code == 405
