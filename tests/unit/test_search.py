from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from application.ports import PageRequest
from domain.catalogue import Product
from domain.search import CONTAINS, EXACT, PREFIX, match_rank
from tests.unit.shop import InMemoryShop

EVERYTHING = PageRequest(offset=0, limit=1000)


def test_exact_then_prefix_then_contains_ignoring_case(shop):
    for name in [
        "CLASSIC DIAMANTE NECKLACE JET",
        "DIAMANTE NECKLACE",
        "DIAMANTE NECKLACE GREEN",
        "Diamante Necklace Purple",
        "RING",
    ]:
        shop.product(name)

    page = shop.search("diamante necklace", EVERYTHING)

    assert [p.name for p in page.items] == [
        "DIAMANTE NECKLACE",
        "Diamante Necklace Purple",
        "DIAMANTE NECKLACE GREEN",
        "CLASSIC DIAMANTE NECKLACE JET",
    ]
    assert page.count == 4


def test_wildcards_are_literal(shop):
    shop.product("50 RED RETROSPOT CUPS")
    shop.product("RED_RETROSPOT 50%")

    assert [p.name for p in shop.search("red_retrospot", EVERYTHING).items] == [
        "RED_RETROSPOT 50%"
    ]
    assert shop.search("0%", EVERYTHING).count == 1
    assert shop.search("\\", EVERYTHING).count == 0


def test_an_empty_or_blank_query_lists_everything_newest_first(shop):
    for name in ["A", "B", "C"]:
        shop.product(name)

    for query in ["", "   "]:
        assert [p.name for p in shop.search(query, EVERYTHING).items] == ["C", "B", "A"]


def test_archived_products_are_hidden_unless_asked_for(shop):
    shop.product("MUG")
    sku = shop.product("MUG TREE")
    shop.store.products[sku.product_id].is_active = False

    assert shop.search("mug", EVERYTHING).count == 1
    assert shop.search("mug", EVERYTHING, include_archived=True).count == 2


names = st.lists(
    st.text(alphabet="abAB %_\\", min_size=1, max_size=6), min_size=1, max_size=12
)


@settings(max_examples=100, deadline=None)
@given(
    names=names,
    query=st.text(alphabet="abAB %_\\", min_size=1, max_size=3),
    ages=st.lists(st.integers(0, 3), min_size=12, max_size=12),
)
def test_ranking_is_exact_then_prefix_then_contains_then_newest(names, query, ages):
    shop = InMemoryShop()
    with shop.uow() as uow:
        for name in names:
            uow.products.add(Product(name=name))
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for product, age in zip(shop.store.products.values(), ages, strict=False):
        product.created_at = start - timedelta(days=age)

    found = shop.search(query, EVERYTHING).items

    # Exactly the names containing the query (ignoring case) come back ...
    expected = sorted(n for n in names if query.strip().upper() in n.upper())
    assert sorted(p.name for p in found) == expected
    # ... in rank order, then newest first, then higher id first.
    keys = [(match_rank(p.name, query.strip()), p.created_at, p.id) for p in found]
    assert keys == sorted(keys, reverse=True)
    assert all(rank in (EXACT, PREFIX, CONTAINS) for rank, _, _ in keys)
