"""The catalogue: public reads, staff writes."""

from __future__ import annotations

from dependency_injector.wiring import Provide, inject
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS, AllowAny, IsAdminUser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from adapters.drf_api import serializers as s
from adapters.drf_api.pagination import page_request, paginated_response
from application import catalogue, catalogue_admin

TRUE_WORDS = frozenset({"1", "true", "yes"})
FALSE_WORDS = frozenset({"", "0", "false", "no"})


def is_staff(request: Request) -> bool:
    return bool(
        request.user and request.user.is_authenticated and request.user.is_staff
    )


def flag(request: Request, name: str) -> bool:
    return request.query_params.get(name, "").lower() in TRUE_WORDS


def strict_flag(request: Request, name: str) -> bool:
    """Like `flag`, for a flag that destroys: a value that is neither yes nor
    no is a 400 rather than a guess."""
    values = request.query_params.getlist(name) or [""]
    value = values[0].lower()
    if len(values) > 1 or value not in TRUE_WORDS | FALSE_WORDS:
        raise ValidationError(
            {name: ["Give it once: 1, true or yes; or 0, false or no."]}
        )
    return value in TRUE_WORDS


class ReadOrStaffWrite(APIView):
    """Anyone reads; only staff write (anonymous 401, others 403)."""

    def get_permissions(self) -> list:
        if self.request.method in SAFE_METHODS:
            return [AllowAny()]
        return [IsAdminUser()]


def sku_draft(data: dict) -> catalogue_admin.SkuDraft:
    return catalogue_admin.SkuDraft(data["code"], data["price"], data["stock"])


PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description="Page number, from 1."),
    OpenApiParameter("page_size", int, description="Results per page, at most 100."),
]


class ProductListView(ReadOrStaffWrite):
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

    @extend_schema(
        request=s.ProductWriteSerializer, responses={201: s.ProductSerializer}
    )
    @inject
    def post(
        self,
        request: Request,
        create: catalogue_admin.CreateProduct = Provide["create_product"],
    ) -> Response:
        data = s.validated(s.ProductWriteSerializer, request)
        product = create(
            request.user.pk,
            data["name"],
            data["description"],
            [sku_draft(sku) for sku in data.get("skus", [])],
        )
        return Response(
            s.ProductSerializer(product).data, status=status.HTTP_201_CREATED
        )


class ProductDetailView(ReadOrStaffWrite):
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

    @extend_schema(
        request=s.ProductChangeSerializer, responses={200: s.ProductSerializer}
    )
    @inject
    def patch(
        self,
        request: Request,
        product_id: int,
        update: catalogue_admin.UpdateProduct = Provide["update_product"],
    ) -> Response:
        data = s.validated(s.ProductChangeSerializer, request)
        product = update(request.user.pk, product_id, **data)
        return Response(s.ProductSerializer(product).data)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "hard",
                str,
                description="1, true or yes (any case): remove the product and its "
                "SKUs if no order refers to them (409 otherwise). "
                "Without it the product is archived.",
            )
        ],
        responses={204: None, 409: s.DetailSerializer},
    )
    @inject
    def delete(
        self,
        request: Request,
        product_id: int,
        archive: catalogue_admin.ArchiveProduct = Provide["archive_product"],
        purge: catalogue_admin.PurgeProduct = Provide["purge_product"],
    ) -> Response:
        if strict_flag(request, "hard"):
            purge(request.user.pk, product_id)
        else:
            archive(request.user.pk, product_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProductSkuListView(APIView):
    permission_classes = [IsAdminUser]

    @extend_schema(request=s.SkuWriteSerializer, responses={201: s.SkuSerializer})
    @inject
    def post(
        self,
        request: Request,
        product_id: int,
        add: catalogue_admin.AddSku = Provide["add_sku"],
    ) -> Response:
        draft = sku_draft(s.validated(s.SkuWriteSerializer, request))
        sku = add(request.user.pk, product_id, draft)
        return Response(s.SkuSerializer(sku).data, status=status.HTTP_201_CREATED)


class SkuDetailView(APIView):
    permission_classes = [IsAdminUser]

    @extend_schema(request=s.SkuChangeSerializer, responses={200: s.SkuSerializer})
    @inject
    def patch(
        self,
        request: Request,
        sku_id: int,
        update: catalogue_admin.UpdateSku = Provide["update_sku"],
    ) -> Response:
        data = s.validated(s.SkuChangeSerializer, request)
        return Response(s.SkuSerializer(update(request.user.pk, sku_id, **data)).data)
