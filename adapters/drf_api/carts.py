"""The caller's cart."""

from __future__ import annotations

from dependency_injector.wiring import Provide, inject
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from adapters.drf_api import serializers as s
from application import carts


class CartView(APIView):
    @extend_schema(responses={200: s.CartSerializer})
    @inject
    def get(
        self, request: Request, get_cart: carts.GetCart = Provide["get_cart"]
    ) -> Response:
        return Response(s.CartSerializer(get_cart(request.user.pk)).data)


class CartItemListView(APIView):
    @extend_schema(
        request=s.CartItemCreateSerializer, responses={201: s.CartSerializer}
    )
    @inject
    def post(
        self, request: Request, add: carts.AddToCart = Provide["add_to_cart"]
    ) -> Response:
        data = s.validated(s.CartItemCreateSerializer, request)
        cart = add(request.user.pk, data["sku_id"], data["quantity"])
        return Response(s.CartSerializer(cart).data, status=status.HTTP_201_CREATED)


class CartItemDetailView(APIView):
    @extend_schema(
        request=s.CartItemUpdateSerializer, responses={200: s.CartSerializer}
    )
    @inject
    def patch(
        self,
        request: Request,
        item_id: int,
        change: carts.ChangeCartItem = Provide["change_cart_item"],
    ) -> Response:
        data = s.validated(s.CartItemUpdateSerializer, request)
        cart = change(request.user.pk, item_id, data["quantity"])
        return Response(s.CartSerializer(cart).data)

    @extend_schema(responses={200: s.CartSerializer})
    @inject
    def delete(
        self,
        request: Request,
        item_id: int,
        remove: carts.RemoveCartItem = Provide["remove_cart_item"],
    ) -> Response:
        return Response(s.CartSerializer(remove(request.user.pk, item_id)).data)
