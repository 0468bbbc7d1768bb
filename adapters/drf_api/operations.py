"""The service's front door and its liveness and readiness probes: plain
Django views, no auth, no throttle."""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def read_only_view(view):
    """GET and HEAD only: any other method is a 405, and no CSRF check (an
    HTML 403 page) comes before that answer."""
    return csrf_exempt(require_safe(view))


@read_only_view
def index(request: HttpRequest) -> JsonResponse:
    """Where to go from the root: a browser or a client lands somewhere."""
    return JsonResponse(
        {
            "products": "/api/v1/products",
            "docs": "/api/docs/",
            "schema": "/api/schema/",
            "admin": "/admin/",
        }
    )


@read_only_view
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@read_only_view
def readyz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("readiness check failed: database unreachable", exc_info=True)
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 for paths no route matches: JSON under /api/, as every
    other API error; Django's page elsewhere (the admin)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500, for errors outside DRF's views: JSON under /api/."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Internal server error."}, status=500)
    return defaults.server_error(request)
