"""Staff changes to the catalogue, on the in-memory adapters."""

import pytest

from application.catalogue_admin import SkuDraft
from application.ports import PageRequest
from domain.errors import (
    CodeTaken,
    InvalidRequest,
    NotFound,
    ProductReferenced,
    ProductUnavailable,
)
from tests.unit.shop import money

STAFF = 999


def draft(code: str = "MUG-1", price: str = "2.50", stock: int = 10) -> SkuDraft:
    return SkuDraft(code, money(price), stock)


def actions(shop) -> list[tuple[str, str, int]]:
    return [(e.action, e.target_type, e.target_id) for e in shop.store.audit]


def test_a_product_is_created_with_its_skus_and_audited(shop):
    product = shop.create_product(
        STAFF, "  BLUE MUG ", "Tall", [draft("B-1"), draft("B-2", "3.00", 0)]
    )

    assert (product.name, product.description, product.is_active) == (
        "BLUE MUG",
        "Tall",
        True,
    )
    assert [(s.code, str(s.price), s.stock) for s in product.skus] == [
        ("B-1", "2.50", 10),
        ("B-2", "3.00", 0),
    ]
    [entry] = shop.store.audit
    assert (entry.actor_id, entry.action, entry.target_id) == (
        STAFF,
        "product.create",
        product.id,
    )
    assert entry.before is None and entry.at is not None
    assert [sku["code"] for sku in entry.after["skus"]] == ["B-1", "B-2"]


@pytest.mark.parametrize(
    "codes", [["A-1", "a-1"], ["X", "Y", "x"]], ids=["twice", "case"]
)
def test_codes_repeated_in_one_request_are_refused(shop, codes):
    with pytest.raises(CodeTaken) as refused:
        shop.create_product(STAFF, "MUG", skus=[draft(code) for code in codes])

    assert refused.value.field == "skus"
    assert shop.store.products == {} and shop.store.audit == []


def test_a_code_taken_in_any_case_is_refused_everywhere(shop):
    taken = shop.product("MUG", code="Mug-1")
    other = shop.product("CUP", code="CUP-1")

    with pytest.raises(CodeTaken):
        shop.create_product(STAFF, "BOWL", skus=[draft("MUG-1")])
    with pytest.raises(CodeTaken):
        shop.add_sku(STAFF, other.product_id, draft("mug-1"))
    with pytest.raises(CodeTaken) as refused:
        shop.update_sku(STAFF, other.id, code="MUG-1")

    assert refused.value.field == "code"
    assert shop.store.skus[other.id].code == "CUP-1"
    assert len(shop.store.products) == 2 and shop.store.audit == []
    assert shop.update_sku(STAFF, taken.id, code="MUG-1").code == "MUG-1"


@pytest.mark.parametrize(
    "name, sku",
    [
        ("", draft()),
        ("   ", draft()),
        ("x" * 256, draft()),
        ("MUG", draft(price="0.00")),
        ("MUG", draft(price="-1.00")),
        ("MUG", draft(stock=-1)),
        ("MUG", draft(stock=2**31)),
        ("MUG", draft(code="has space")),
    ],
)
def test_invalid_products_are_refused_and_nothing_is_stored(shop, name, sku):
    with pytest.raises(InvalidRequest):
        shop.create_product(STAFF, name, skus=[sku])

    assert shop.store.products == {} and shop.store.audit == []


def test_an_update_is_audited_with_before_and_after(shop):
    product = shop.create_product(STAFF, "MUG", skus=[draft()])

    shop.update_product(STAFF, product.id, name="BIG MUG", description="Huge")
    shop.update_product(STAFF, product.id, name="BIG MUG")  # changes nothing

    assert actions(shop) == [
        ("product.create", "product", product.id),
        ("product.update", "product", product.id),
    ]
    change = shop.store.audit[-1]
    assert (change.before["name"], change.after["name"]) == ("MUG", "BIG MUG")
    assert change.after["description"] == "Huge"


def test_an_archived_product_leaves_the_shop_but_not_the_orders(shop):
    user = shop.shopper()
    kept, archived = shop.product("CUP", stock=5), shop.product("MUG", stock=5)
    shop.add_to_cart(user, archived.id, 1)
    order = shop.place_order(user).order
    shop.add_to_cart(user, kept.id, 1)
    shop.add_to_cart(user, archived.id, 1)

    shop.archive_product(STAFF, archived.product_id)
    shop.archive_product(STAFF, archived.product_id)  # already archived

    assert [p.name for p in shop.search("", PageRequest()).items] == ["CUP"]
    assert shop.search("MUG", PageRequest()).count == 0
    with pytest.raises(NotFound):
        shop.get_product(archived.product_id)
    with pytest.raises(InvalidRequest):
        shop.add_to_cart(shop.shopper("bob@example.com"), archived.id, 1)
    with pytest.raises(ProductUnavailable, match=archived.code):
        shop.place_order(user)
    assert shop.get_order(user, order.id).lines[0].product_name == "MUG"
    assert shop.stock(archived.id) == 4
    assert [a for a, *_ in actions(shop)] == ["product.archive"]


def test_staff_restore_an_archived_product(shop):
    mug = shop.product("MUG")
    shop.archive_product(STAFF, mug.product_id)

    restored = shop.update_product(STAFF, mug.product_id, is_active=True)

    assert restored.is_active
    assert shop.search("mug", PageRequest()).count == 1


def test_a_purge_removes_an_unordered_product_and_keeps_its_history(shop):
    user = shop.shopper()
    product = shop.create_product(STAFF, "MUG", skus=[draft("M-1"), draft("M-2")])
    shop.add_to_cart(user, product.skus[0].id, 2)

    shop.purge_product(STAFF, product.id)

    assert shop.store.products == {} and shop.store.skus == {}
    assert shop.get_cart(user).lines == []
    deleted = shop.store.audit[-1]
    assert (deleted.action, deleted.after) == ("product.delete", None)
    assert [sku["code"] for sku in deleted.before["skus"]] == ["M-1", "M-2"]


def test_a_purge_of_an_ordered_product_is_refused_with_the_count(shop):
    mug = shop.product("MUG", stock=10)
    for email in ("ann@example.com", "bob@example.com"):
        user = shop.shopper(email)
        shop.add_to_cart(user, mug.id, 1)
        shop.place_order(user)

    with pytest.raises(ProductReferenced) as refused:
        shop.purge_product(STAFF, mug.product_id)

    assert refused.value.detail == "Cannot hard-delete: referenced by 2 order items."
    assert mug.id in shop.store.skus
    assert [a for a, *_ in actions(shop)] == []


def test_an_archived_product_can_still_be_purged_and_missing_ones_are_404(shop):
    mug = shop.product("MUG")
    shop.archive_product(STAFF, mug.product_id)

    shop.purge_product(STAFF, mug.product_id)

    for call in (shop.purge_product, shop.archive_product):
        with pytest.raises(NotFound):
            call(STAFF, mug.product_id)
    with pytest.raises(NotFound):
        shop.update_product(STAFF, mug.product_id, name="X")
    with pytest.raises(NotFound):
        shop.add_sku(STAFF, mug.product_id, draft("NEW"))


def test_sku_changes_reach_new_orders_only(shop):
    user = shop.shopper()
    mug = shop.product("MUG", stock=10, price="2.50", code="M-1")
    shop.add_to_cart(user, mug.id, 1)
    first = shop.place_order(user).order

    changed = shop.update_sku(STAFF, mug.id, code="M-9", price=money("4.00"), stock=3)
    shop.add_to_cart(user, mug.id, 1)
    second = shop.place_order(user).order

    assert (changed.code, str(changed.price), changed.stock) == ("M-9", "4.00", 3)
    old, new = shop.get_order(user, first.id), shop.get_order(user, second.id)
    assert (old.lines[0].sku_code, str(old.lines[0].unit_price)) == ("M-1", "2.50")
    assert (new.lines[0].sku_code, str(new.lines[0].unit_price)) == ("M-9", "4.00")
    assert shop.stock(mug.id) == 2
    entry = shop.store.audit[-1]
    assert entry.before == {"id": mug.id, "code": "M-1", "price": "2.50", "stock": 9}
    assert entry.after == {"id": mug.id, "code": "M-9", "price": "4.00", "stock": 3}


def test_a_new_sku_is_added_and_audited(shop):
    mug = shop.product("MUG")

    sku = shop.add_sku(STAFF, mug.product_id, draft("M-2", "9.99", 4))

    assert [s.code for s in shop.get_product(mug.product_id).skus] == [mug.code, "M-2"]
    assert actions(shop) == [("sku.create", "sku", sku.id)]


def test_bad_sku_changes_are_refused_and_change_nothing(shop):
    mug = shop.product("MUG", stock=4)

    with pytest.raises(InvalidRequest):
        shop.update_sku(STAFF, mug.id, price=money("0"))
    with pytest.raises(InvalidRequest):
        shop.update_sku(STAFF, mug.id, code="ok", stock=-5)
    with pytest.raises(NotFound):
        shop.update_sku(STAFF, 10**9, stock=1)

    assert (shop.store.skus[mug.id].code, shop.stock(mug.id)) == (mug.code, 4)
    assert shop.store.audit == []
