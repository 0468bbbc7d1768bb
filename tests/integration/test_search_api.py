"""Ranked search: edge cases, the cached counts, and the PostgreSQL indexes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from adapters.django_orm.catalogue.models import Product
from tests.integration.conftest import client_for, make_sku, make_user

pytestmark = pytest.mark.django_db


def search(api, query, **params):
    response = api.get("/api/v1/products", {"search": query, **params})
    assert response.status_code == 200
    body = response.json()
    return body["count"], [product["name"] for product in body["results"]]


@pytest.fixture
def names():
    for name in [
        "Crème brûlée dish",
        "CRÈME BRÛLÉE",
        "Ärmel ÖL",
        "100% COTTON BAG",
        "PATH C:\\TEMP MUG",
        "RED_RETROSPOT MUG",
        "red retrospot mug",
    ]:
        Product.objects.create(name=name)


@pytest.mark.usefixtures("names")
@pytest.mark.parametrize(
    "query, expected",
    [
        ("crème brûlée", ["CRÈME BRÛLÉE", "Crème brûlée dish"]),
        ("BRÛLÉE", ["CRÈME BRÛLÉE", "Crème brûlée dish"]),
        ("ärmel öl", ["Ärmel ÖL"]),
        ("100%", ["100% COTTON BAG"]),
        ("0% C", ["100% COTTON BAG"]),
        ("c:\\temp", ["PATH C:\\TEMP MUG"]),
        ("_", ["RED_RETROSPOT MUG"]),
        ("red_retrospot", ["RED_RETROSPOT MUG"]),
        ("%", ["100% COTTON BAG"]),
        ("\\", ["PATH C:\\TEMP MUG"]),
        ("  Red Retrospot MUG  ", ["red retrospot mug"]),
    ],
)
def test_edge_case_queries_match_literally_and_ignore_case(api, query, expected):
    assert search(api, query) == (len(expected), expected)


@pytest.mark.usefixtures("names")
@pytest.mark.parametrize(
    "query", ["x" * 1000, "mug" * 334, "\x00", "mug\x00", "🛒", "%%%", "__"]
)
def test_queries_nothing_can_match_are_an_empty_200(api, query):
    assert search(api, query) == (0, [])


@pytest.mark.usefixtures("names")
@pytest.mark.parametrize("query", ["", " ", "\t\n "])
def test_an_empty_or_blank_query_lists_everything(api, query):
    count, found = search(api, query)

    assert count == 7
    assert found[0] == "red retrospot mug"  # the newest


def test_counts_follow_every_change_to_the_catalogue(api):
    staff = client_for(make_user("boss@example.com", staff=True))
    first = make_sku("BLUE MUG")
    assert search(api, "mug")[0] == 1

    created = staff.post(
        "/api/v1/products",
        {"name": "RED MUG", "skus": [{"code": "R-1", "price": "1", "stock": 1}]},
        format="json",
    ).json()
    assert search(api, "mug") == (2, ["RED MUG", "BLUE MUG"])

    staff.patch(f"/api/v1/products/{created['id']}", {"name": "RED CUP"}, format="json")
    assert search(api, "mug") == (1, ["BLUE MUG"])

    staff.delete(f"/api/v1/products/{first.product_id}")
    assert search(api, "mug") == (0, [])
    assert search(api, "")[0] == 1
    assert search(staff, "mug", include_archived="true") == (1, ["BLUE MUG"])

    staff.delete(f"/api/v1/products/{created['id']}?hard=1")
    assert search(api, "") == (0, [])


def test_a_repeated_search_reuses_its_count(api):
    make_sku("BLUE MUG")
    search(api, "mug")

    with CaptureQueriesContext(connection) as queries:
        assert search(api, "mug") == (1, ["BLUE MUG"])

    assert not [q for q in queries if "COUNT(" in q["sql"].upper()]


@pytest.mark.parametrize(
    "condition, index",
    [
        ("search_key LIKE '%%MUG%%'", "product_search_trgm"),
        ("search_key = 'MUG'", "product_search_key"),
        ("search_key LIKE 'MUG%%'", "product_search_key"),
    ],
)
def test_postgresql_serves_the_search_from_its_indexes(condition, index):
    Product.objects.bulk_create(Product(name=f"ITEM {i}") for i in range(200))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN SELECT id FROM catalogue_product WHERE {condition}")
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert index in plan
