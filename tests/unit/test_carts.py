import pytest

from domain.errors import InvalidRequest, NotFound


def test_adding_a_sku_twice_adds_to_its_line(shop):
    user = shop.shopper()
    sku = shop.product(stock=5)

    shop.add_to_cart(user, sku.id, 2)
    cart = shop.add_to_cart(user, sku.id, 3)

    assert [(line.sku_id, line.quantity) for line in cart.lines] == [(sku.id, 5)]
    assert str(cart.total) == "12.50"


@pytest.mark.parametrize("quantity", [0, -1, 1001])
def test_quantity_outside_1_to_1000_is_refused(shop, quantity):
    user = shop.shopper()
    sku = shop.product()

    with pytest.raises(InvalidRequest) as error:
        shop.add_to_cart(user, sku.id, quantity)

    assert error.value.field == "quantity"
    assert shop.get_cart(user).lines == []


def test_a_merged_line_may_not_pass_1000(shop):
    user = shop.shopper()
    sku = shop.product()
    shop.add_to_cart(user, sku.id, 600)

    with pytest.raises(InvalidRequest):
        shop.add_to_cart(user, sku.id, 401)

    assert shop.get_cart(user).lines[0].quantity == 600


def test_unknown_and_archived_skus_cannot_be_added(shop):
    user = shop.shopper()
    sku = shop.product()
    with shop.uow() as uow:
        product = uow.products.get(sku.product_id)
    shop.store.products[product.id].is_active = False

    for sku_id in (sku.id, 999):
        with pytest.raises(InvalidRequest) as error:
            shop.add_to_cart(user, sku_id, 1)
        assert error.value.field == "sku_id"


def test_changing_and_removing_items(shop):
    user = shop.shopper()
    mug, cup = shop.product("MUG"), shop.product("CUP", price="1.00")
    shop.add_to_cart(user, mug.id, 1)
    cart = shop.add_to_cart(user, cup.id, 1)
    mug_item = cart.lines[0].item_id

    cart = shop.change_item(user, mug_item, 4)
    assert [line.quantity for line in cart.lines] == [4, 1]

    cart = shop.remove_item(user, mug_item)
    assert [line.product_name for line in cart.lines] == ["CUP"]


def test_another_users_cart_item_is_not_found(shop):
    ann, bob = shop.shopper("ann@example.com"), shop.shopper("bob@example.com")
    sku = shop.product()
    item = shop.add_to_cart(ann, sku.id, 1).lines[0].item_id

    with pytest.raises(NotFound):
        shop.change_item(bob, item, 2)
    with pytest.raises(NotFound):
        shop.remove_item(bob, item)
    assert shop.get_cart(ann).lines[0].quantity == 1


def test_a_sku_whose_product_just_vanished_is_unknown_and_left_out(shop):
    user = shop.shopper()
    mug, cup = shop.product("MUG"), shop.product("CUP")
    shop.add_to_cart(user, mug.id, 1)
    shop.add_to_cart(user, cup.id, 1)
    # What a reader sees between its two statements while a purge commits.
    del shop.store.products[mug.product_id]

    with pytest.raises(InvalidRequest, match="Unknown SKU"):
        shop.add_to_cart(user, mug.id, 1)
    assert [line.sku_id for line in shop.get_cart(user).lines] == [cup.id]
