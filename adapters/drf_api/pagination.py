"""Page numbers in, `{count, next, previous, results}` out."""

from __future__ import annotations

import re

from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from application.ports import Page, PageRequest

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,8}")


def _page_size(raw: str | None) -> int:
    if raw is None or not _PAGE_NUMBER.fullmatch(raw):
        return DEFAULT_PAGE_SIZE
    return min(int(raw), MAX_PAGE_SIZE)


def page_request(request: Request) -> PageRequest:
    """Read `page` and `page_size`; a page that is not a positive integer is
    404, as in DRF's paginator; a bad page size falls back to the default."""
    size = _page_size(request.query_params.get("page_size"))
    raw_page = request.query_params.get("page", "1")
    if not _PAGE_NUMBER.fullmatch(raw_page):
        raise NotFound("Invalid page.")
    return PageRequest(offset=(int(raw_page) - 1) * size, limit=size)


def paginated_response(
    request: Request, page: Page, wanted: PageRequest, data: list
) -> Response:
    number = wanted.offset // wanted.limit + 1
    if number > 1 and wanted.offset >= page.count:
        raise NotFound("Invalid page.")
    url = request.build_absolute_uri()
    following = None
    if wanted.offset + wanted.limit < page.count:
        following = replace_query_param(url, "page", number + 1)
    previous = None
    if number == 2:
        previous = remove_query_param(url, "page")
    elif number > 2:
        previous = replace_query_param(url, "page", number - 1)
    return Response(
        {"count": page.count, "next": following, "previous": previous, "results": data}
    )
