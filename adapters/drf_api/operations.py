"""The service's front door and its liveness and readiness probes: plain
Django views, no auth, no throttle."""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse

logger = logging.getLogger(__name__)


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


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("readiness check failed: database unreachable", exc_info=True)
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
