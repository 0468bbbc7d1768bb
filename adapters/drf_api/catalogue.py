"""Public catalogue reads."""

from __future__ import annotations

from dependency_injector.wiring import Provide, inject
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from adapters.drf_api import serializers as s
from adapters.drf_api.pagination import page_request, paginated_response
from application import catalogue

TRUE_WORDS = frozenset({"1", "true", "yes"})


def is_staff(request: Request) -> bool:
    return bool(
        request.user and request.user.is_authenticated and request.user.is_staff
    )


def flag(request: Request, name: str) -> bool:
    return request.query_params.get(name, "").lower() in TRUE_WORDS


PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description="Page number, from 1."),
    OpenApiParameter("page_size", int, description="Results per page, at most 100."),
]


class ProductListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="products_list",
        parameters=[
            OpenApiParameter("search", str, description="Ranked name search."),
            OpenApiParameter(
                "include_archived", bool, description="Staff only: archived too."
            ),
            *PAGE_PARAMETERS,
        ],
        responses={200: s.ProductPageSerializer},
    )
    @inject
    def get(
        self,
        request: Request,
        search: catalogue.RankedSearch = Provide["ranked_search"],
    ) -> Response:
        wanted = page_request(request)
        page = search(
            request.query_params.get("search", ""),
            wanted,
            include_archived=is_staff(request) and flag(request, "include_archived"),
        )
        data = s.ProductSerializer(page.items, many=True).data
        return paginated_response(request, page, wanted, data)


class ProductDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: s.ProductSerializer})
    @inject
    def get(
        self,
        request: Request,
        product_id: int,
        get_product: catalogue.GetProduct = Provide["get_product"],
    ) -> Response:
        product = get_product(product_id, include_archived=is_staff(request))
        return Response(s.ProductSerializer(product).data)
