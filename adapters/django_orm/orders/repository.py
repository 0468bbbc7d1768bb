from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, QuerySet

from adapters.django_orm.orders.models import IdempotencyKey as IdempotencyKeyModel
from adapters.django_orm.orders.models import Order as OrderModel
from adapters.django_orm.orders.models import OrderLine as OrderLineModel
from application.ports import IdempotencyKeys, OrderRepository, Page, PageRequest
from domain.errors import NotFound
from domain.money import Money
from domain.orders import Order, OrderLine, OrderStatus


def to_domain(row: OrderModel) -> Order:
    return Order(
        id=row.pk,
        user_id=row.user_id,
        status=OrderStatus(row.status),
        created_at=row.created_at,
        lines=[
            OrderLine(
                sku_id=line.sku_id,
                sku_code=line.sku_code,
                product_name=line.product_name,
                unit_price=Money(line.unit_price),
                quantity=line.quantity,
            )
            for line in row.lines.all()
        ],
    )


def _with_lines(queryset: QuerySet[OrderModel]) -> QuerySet[OrderModel]:
    return queryset.prefetch_related(
        Prefetch("lines", queryset=OrderLineModel.objects.order_by("pk"))
    )


class DjangoOrderRepository(OrderRepository):
    def add(self, order: Order) -> Order:
        row = OrderModel.objects.create(
            user_id=order.user_id, status=order.status.value, total=order.total.amount
        )
        OrderLineModel.objects.bulk_create(
            OrderLineModel(
                order=row,
                sku_id=line.sku_id,
                sku_code=line.sku_code,
                product_name=line.product_name,
                unit_price=line.unit_price.amount,
                quantity=line.quantity,
                line_total=line.line_total.amount,
            )
            for line in order.lines
        )
        order.id, order.created_at = row.pk, row.created_at
        return order

    def get(self, order_id: int, user_id: int, for_update: bool = False) -> Order:
        rows = OrderModel.objects.filter(pk=order_id, user_id=user_id)
        if for_update:
            rows = rows.select_for_update()
        row = _with_lines(rows).first()
        if row is None:
            raise NotFound()
        return to_domain(row)

    def list_for_user(self, user_id: int, page: PageRequest) -> Page[Order]:
        rows = OrderModel.objects.filter(user_id=user_id).order_by("-created_at", "-id")
        chosen = _with_lines(rows)[page.offset : page.offset + page.limit]
        return Page([to_domain(row) for row in chosen], rows.count())

    def save_status(self, order: Order) -> None:
        OrderModel.objects.filter(pk=order.id).update(status=order.status.value)

    def count_lines_for_skus(self, sku_ids: Iterable[int]) -> int:
        return OrderLineModel.objects.filter(sku_id__in=list(sku_ids)).count()


class DjangoIdempotencyKeys(IdempotencyKeys):
    def claim(self, user_id: int, key: str) -> int | None:
        # The unique (user, key) insert is the claim. A second transaction
        # inserting the same key blocks on our uncommitted row until we end:
        # after our commit its insert fails and it reads our order; after our
        # rollback its insert succeeds and the key is its own.
        try:
            with transaction.atomic():
                IdempotencyKeyModel.objects.create(user_id=user_id, key=key)
        except IntegrityError:
            row = IdempotencyKeyModel.objects.get(user_id=user_id, key=key)
            if row.order_id is None:
                raise RuntimeError(
                    "committed idempotency key without an order"
                ) from None
            return row.order_id
        return None

    def attach(self, user_id: int, key: str, order_id: int) -> None:
        IdempotencyKeyModel.objects.filter(user_id=user_id, key=key).update(
            order_id=order_id
        )
