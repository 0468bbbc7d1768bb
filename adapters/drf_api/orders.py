"""Checkout and the caller's orders."""

from __future__ import annotations

import re

from dependency_injector.wiring import Provide, inject
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from adapters.drf_api import serializers as s
from adapters.drf_api.catalogue import PAGE_PARAMETERS
from adapters.drf_api.metrics import ORDERS_PLACED
from adapters.drf_api.pagination import page_request, paginated_response
from application import orders

# 1 to 255 printable ASCII characters, space included.
IDEMPOTENCY_KEY = re.compile(r"[\x20-\x7e]{1,255}")


def idempotency_key(request: Request) -> str | None:
    raw = request.headers.get("Idempotency-Key")
    if raw is None:
        return None
    if not IDEMPOTENCY_KEY.fullmatch(raw):
        raise ValidationError(
            {"detail": "Idempotency-Key must be 1 to 255 printable ASCII characters."}
        )
    return raw


class CheckoutView(APIView):
    @extend_schema(
        request=None,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description="Repeat it to get the first order back, not a new one.",
            )
        ],
        responses={201: s.OrderSerializer, 200: s.OrderSerializer},
    )
    @inject
    def post(
        self, request: Request, place: orders.PlaceOrder = Provide["place_order"]
    ) -> Response:
        placement = place(request.user.pk, idempotency_key(request))
        if not placement.replayed:
            ORDERS_PLACED.inc()
        return Response(
            s.OrderSerializer(placement.order).data,
            status=status.HTTP_200_OK
            if placement.replayed
            else status.HTTP_201_CREATED,
        )


class OrderListView(APIView):
    @extend_schema(
        operation_id="orders_list",
        parameters=PAGE_PARAMETERS,
        responses={200: s.OrderPageSerializer},
    )
    @inject
    def get(
        self, request: Request, list_orders: orders.ListOrders = Provide["list_orders"]
    ) -> Response:
        wanted = page_request(request)
        page = list_orders(request.user.pk, wanted)
        data = s.OrderSerializer(page.items, many=True).data
        return paginated_response(request, page, wanted, data)


class OrderDetailView(APIView):
    @extend_schema(responses={200: s.OrderSerializer})
    @inject
    def get(
        self,
        request: Request,
        order_id: int,
        get_order: orders.GetOrder = Provide["get_order"],
    ) -> Response:
        return Response(s.OrderSerializer(get_order(request.user.pk, order_id)).data)


class OrderCancelView(APIView):
    @extend_schema(request=None, responses={200: s.OrderSerializer})
    @inject
    def post(
        self,
        request: Request,
        order_id: int,
        cancel: orders.CancelOrder = Provide["cancel_order"],
    ) -> Response:
        return Response(s.OrderSerializer(cancel(request.user.pk, order_id)).data)
