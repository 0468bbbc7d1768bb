"""Catalogue reads and ranked search over the real gift-shop catalogue."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from adapters.django_orm.catalogue.models import Product, Sku

CATALOGUE = Path(__file__).resolve().parents[2] / "data" / "products.csv"


@pytest.fixture(scope="module")
def real_catalogue(django_db_setup, django_db_blocker):
    """The whole catalogue, imported once for this module and rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_products", str(CATALOGUE), "--no-progress")
        yield
        transaction.set_rollback(True)


def names(api, query, **params):
    response = api.get(
        "/api/v1/products", {"search": query, "page_size": 100, **params}
    )
    assert response.status_code == 200
    return [product["name"] for product in response.json()["results"]], response.json()


@pytest.mark.usefixtures("real_catalogue")
class TestSearchOnTheRealCatalogue:
    def test_import_made_one_product_per_name(self, db):
        assert Sku.objects.count() == 3794
        assert Product.objects.count() == 3766
        assert Product.objects.get(skus__code="90176C").name == "DIAMANTE NECKLACE"

    def test_an_exact_name_comes_first_then_prefixes_then_contains(self, api):
        found, body = names(api, "DIAMANTE NECKLACE")

        assert body["count"] == 5
        assert found[0] == "DIAMANTE NECKLACE"
        assert sorted(found[1:4]) == [
            "DIAMANTE NECKLACE BLACK",
            "DIAMANTE NECKLACE GREEN",
            "DIAMANTE NECKLACE PURPLE",
        ]
        assert found[4] == "CLASSIC DIAMANTE NECKLACE JET"

    def test_a_prefix_query_ignores_case(self, api):
        found, body = names(api, "jumbo bag")

        assert body["count"] == 21
        assert found[0] == "JUMBO BAG STRAWBERRY"
        assert all(name.startswith("JUMBO BAG") for name in found[:20])
        assert found[20] == "VINTAGE DOILY JUMBO BAG RED"

    def test_contains_only(self, api):
        found, _ = names(api, "ceramic top storage jar")

        assert found == [
            "SMALL CERAMIC TOP STORAGE JAR",
            "MEDIUM CERAMIC TOP STORAGE JAR",
            "LARGE CERAMIC TOP STORAGE JAR",
        ]

    def test_mixed_case_with_an_apostrophe_is_an_exact_match(self, api):
        found, _ = names(api, "Paper Chain Kit 50's Christmas")

        assert found == ["PAPER CHAIN KIT 50'S CHRISTMAS"]

    @pytest.mark.parametrize(
        "query", ["playstation", "50%", "red_retrospot", "\\", "%", "_"]
    )
    def test_no_match_and_wildcards_taken_literally(self, api, query):
        found, body = names(api, query)

        assert (found, body["count"]) == ([], 0)

    def test_pages_neither_repeat_nor_skip(self, api):
        seen = []
        url = "/api/v1/products?search=retrospot&page_size=10"
        while url:
            body = api.get(url).json()
            seen += [product["id"] for product in body["results"]]
            url = body["next"]

        _, whole = names(api, "retrospot")
        assert whole["count"] == 94
        assert seen == [product["id"] for product in whole["results"]]
        assert len(set(seen)) == 94

    def test_empty_and_blank_queries_list_everything_newest_first(self, api):
        for query in ["", "   "]:
            body = api.get("/api/v1/products", {"search": query}).json()
            assert body["count"] == 3766
        ids = [p["id"] for p in api.get("/api/v1/products").json()["results"]]
        assert ids == sorted(ids, reverse=True)

    def test_a_second_import_changes_nothing(self, db, capsys):
        before = list(
            Sku.objects.order_by("pk").values_list("pk", "code", "price", "stock")
        )

        call_command("import_products", str(CATALOGUE), "--no-progress")

        assert (
            list(Sku.objects.order_by("pk").values_list("pk", "code", "price", "stock"))
            == before
        )
        assert (
            "0 products and 0 SKUs created; 3794 rows already present."
            in capsys.readouterr().out
        )
