"""Hard deletes racing checkouts and cart additions, on PostgreSQL with real
threads and connections: no order line may ever point at nothing."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections, transaction

from adapters.django_orm.catalogue.models import Product, Sku
from adapters.django_orm.orders.models import Order, OrderLine
from adapters.django_orm.unit_of_work import DjangoUnitOfWork
from domain.errors import ConcurrentChange
from tests.integration.conftest import client_for, make_sku, make_user
from tests.integration.test_checkout_concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def wait_until_someone_waits_for_a_lock(timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.02)
    raise AssertionError("nobody waited for a lock")


def in_thread(work):
    """Run `work` on its own thread and connection; returns its future."""

    def run():
        try:
            return work()
        finally:
            connections.close_all()

    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(run)
    pool.shutdown(wait=False)
    return future


def test_checkouts_racing_a_hard_delete_never_orphan_an_order_line():
    staff = client_for(make_user("boss@example.com", staff=True))
    outcomes = {"deleted": 0, "refused": 0}
    for round_ in range(6):
        sku = make_sku(f"ROUND {round_}", stock=10)
        clients = []
        for index in range(4):
            client = client_for(make_user(f"r{round_}s{index}@example.com"))
            client.post(
                "/api/v1/cart/items", {"sku_id": sku.pk, "quantity": 1}, format="json"
            )
            clients.append(client)

        def act(i: int, sku=sku, clients=clients):
            if i == len(clients):
                return staff.delete(f"/api/v1/products/{sku.product_id}?hard=true")
            return clients[i].post("/api/v1/checkout")

        *checkouts, deletion = run_together(len(clients) + 1, act)

        placed = [a for a in checkouts if a.status_code == 201]
        assert all(a.status_code in (201, 400, 409) for a in checkouts)
        if deletion.status_code == 204:
            outcomes["deleted"] += 1
            assert placed == []
            assert not Sku.objects.filter(pk=sku.pk).exists()
            assert {a.status_code for a in checkouts} <= {400, 409}
        else:
            outcomes["refused"] += 1
            assert deletion.status_code == 409
            counted = int(deletion.json()["detail"].split(" by ")[1].split()[0])
            assert 1 <= counted <= len(placed)
            assert Sku.objects.get(pk=sku.pk).stock == 10 - len(placed)
        assert OrderLine.objects.filter(sku_id=sku.pk).count() == len(placed)
    # Every line still points at a SKU that exists.
    assert not OrderLine.objects.exclude(sku_id__in=Sku.objects.values("pk")).exists()
    assert sum(outcomes.values()) == 6


def test_a_checkout_waiting_for_a_deleted_sku_is_409():
    sku = make_sku("MUG", stock=10)
    client = client_for(make_user())
    client.post("/api/v1/cart/items", {"sku_id": sku.pk, "quantity": 1}, format="json")
    locked, release = threading.Event(), threading.Event()

    def purge_holding_the_lock():
        with transaction.atomic():
            list(Sku.objects.select_for_update().filter(pk=sku.pk))
            locked.set()
            release.wait(10)
            Product.objects.filter(pk=sku.product_id).delete()

    deleter = in_thread(purge_holding_the_lock)
    locked.wait(10)
    checkout = in_thread(lambda: client.post("/api/v1/checkout"))
    wait_until_someone_waits_for_a_lock()
    release.set()
    deleter.result(10)
    answer = checkout.result(10)

    assert answer.status_code == 409
    assert answer.json() == {"detail": "A product in the cart is no longer available."}
    assert not Order.objects.exists()


def test_a_hard_delete_waiting_for_a_checkout_counts_its_order_line():
    sku = make_sku("MUG", stock=10)
    user = make_user()
    staff = client_for(make_user("boss@example.com", staff=True))
    locked, release = threading.Event(), threading.Event()

    def checkout_holding_the_lock():
        with transaction.atomic():
            row = Sku.objects.select_for_update().get(pk=sku.pk)
            locked.set()
            release.wait(10)
            order = Order.objects.create(user=user, total="2.50")
            OrderLine.objects.create(
                order=order,
                sku=row,
                sku_code=row.code,
                product_name="MUG",
                unit_price="2.50",
                quantity=1,
                line_total="2.50",
            )

    buyer = in_thread(checkout_holding_the_lock)
    locked.wait(10)
    deletion = in_thread(
        lambda: staff.delete(f"/api/v1/products/{sku.product_id}?hard=yes")
    )
    wait_until_someone_waits_for_a_lock()
    release.set()
    buyer.result(10)
    answer = deletion.result(10)

    assert answer.status_code == 409
    assert answer.json() == {
        "detail": "Cannot hard-delete: referenced by 1 order items."
    }
    assert Sku.objects.filter(pk=sku.pk).exists()


def test_a_cart_addition_committed_after_its_sku_was_deleted_is_a_conflict():
    sku = make_sku("MUG", stock=10)
    user = make_user()
    added, deleted = threading.Event(), threading.Event()

    def add_to_cart_slowly():
        with DjangoUnitOfWork() as uow:
            cart = uow.carts.get_or_create(user.pk, for_update=True)
            cart.add(sku.pk, 1)
            uow.carts.save(cart)
            added.set()
            deleted.wait(10)

    adder = in_thread(add_to_cart_slowly)
    added.wait(10)
    staff = client_for(make_user("boss@example.com", staff=True))
    assert staff.delete(f"/api/v1/products/{sku.product_id}?hard=1").status_code == 204
    deleted.set()

    with pytest.raises(ConcurrentChange):
        adder.result(10)
    assert client_for(user).get("/api/v1/cart").json()["items"] == []
