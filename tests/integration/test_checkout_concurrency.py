"""Concurrent checkouts on PostgreSQL: real threads, one connection each."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connections

from adapters.django_orm.catalogue.models import Sku
from adapters.django_orm.orders.models import Order, OrderLine
from tests.integration.conftest import client_for, make_sku, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(count: int, request) -> list:
    """Call `request(i)` from `count` threads released at the same moment."""
    barrier = threading.Barrier(count)

    def worker(index: int):
        try:
            barrier.wait()
            return request(index)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(worker, range(count)))


def test_twenty_shoppers_racing_for_five_units_get_five_orders():
    sku = make_sku(stock=5)
    clients = []
    for index in range(20):
        client = client_for(make_user(f"shopper{index}@example.com"))
        assert (
            client.post(
                "/api/v1/cart/items", {"sku_id": sku.pk, "quantity": 1}, format="json"
            ).status_code
            == 201
        )
        clients.append(client)

    answers = run_together(20, lambda i: clients[i].post("/api/v1/checkout"))

    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [201] * 5 + [409] * 15
    assert {a.json()["detail"] for a in answers if a.status_code == 409} == {
        f"Insufficient stock for {sku.code}."
    }
    assert Order.objects.count() == 5
    assert Sku.objects.get(pk=sku.pk).stock == 0
    confirmations = [m for m in mail.outbox if "confirmed" in m.subject]
    assert len(confirmations) == 5


def test_two_skus_in_opposite_cart_orders_do_not_deadlock():
    first, second = make_sku("A", stock=100), make_sku("B", stock=100)
    clients = []
    for index in range(10):
        client = client_for(make_user(f"shopper{index}@example.com"))
        pair = (first, second) if index % 2 else (second, first)
        for sku in pair:
            client.post(
                "/api/v1/cart/items", {"sku_id": sku.pk, "quantity": 1}, format="json"
            )
        clients.append(client)

    answers = run_together(10, lambda i: clients[i].post("/api/v1/checkout"))

    assert [a.status_code for a in answers] == [201] * 10
    assert Sku.objects.get(pk=first.pk).stock == 90
    assert Sku.objects.get(pk=second.pk).stock == 90


def test_ten_checkouts_with_one_key_make_one_order():
    sku = make_sku(stock=50)
    user = make_user()
    client_for(user).post(
        "/api/v1/cart/items", {"sku_id": sku.pk, "quantity": 2}, format="json"
    )
    clients = [client_for(user) for _ in range(10)]

    answers = run_together(
        10,
        lambda i: clients[i].post(
            "/api/v1/checkout", HTTP_IDEMPOTENCY_KEY="invoice-536365"
        ),
    )

    assert sorted(a.status_code for a in answers) == [200] * 9 + [201]
    assert len({a.json()["id"] for a in answers}) == 1
    assert Order.objects.count() == 1
    assert Sku.objects.get(pk=sku.pk).stock == 48
    assert len([m for m in mail.outbox if "confirmed" in m.subject]) == 1


def test_ten_checkouts_without_a_key_empty_the_cart_once():
    sku = make_sku(stock=50)
    user = make_user()
    client_for(user).post(
        "/api/v1/cart/items", {"sku_id": sku.pk, "quantity": 2}, format="json"
    )
    clients = [client_for(user) for _ in range(10)]

    answers = run_together(10, lambda i: clients[i].post("/api/v1/checkout"))

    assert sorted(a.status_code for a in answers) == [201] + [400] * 9
    assert Order.objects.count() == 1
    assert Sku.objects.get(pk=sku.pk).stock == 48


def test_concurrent_additions_to_one_cart_all_count():
    sku = make_sku(stock=50)
    user = make_user()
    clients = [client_for(user) for _ in range(8)]

    answers = run_together(
        8,
        lambda i: clients[i].post(
            "/api/v1/cart/items", {"sku_id": sku.pk, "quantity": 1}, format="json"
        ),
    )

    assert [a.status_code for a in answers] == [201] * 8
    assert clients[0].get("/api/v1/cart").json()["items"][0]["quantity"] == 8


def test_cancellations_and_checkouts_keep_stock_exact():
    sku = make_sku(stock=30)
    users = [make_user(f"s{i}@example.com") for i in range(6)]
    clients = [client_for(user) for user in users]
    order_ids = []
    for client in clients[:3]:
        client.post(
            "/api/v1/cart/items", {"sku_id": sku.pk, "quantity": 3}, format="json"
        )
        order_ids.append(client.post("/api/v1/checkout").json()["id"])
    for client in clients[3:]:
        client.post(
            "/api/v1/cart/items", {"sku_id": sku.pk, "quantity": 4}, format="json"
        )

    def act(i: int):
        if i < 3:
            return clients[i].post(f"/api/v1/orders/{order_ids[i]}/cancel")
        return clients[i].post("/api/v1/checkout")

    answers = run_together(6, act)

    assert [a.status_code for a in answers] == [200] * 3 + [201] * 3
    held = sum(
        line.quantity
        for line in OrderLine.objects.filter(sku=sku).exclude(order__status="cancelled")
    )
    assert held == 12
    assert Sku.objects.get(pk=sku.pk).stock == 30 - held
