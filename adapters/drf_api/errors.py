"""The one place where errors become HTTP answers.

Domain errors map to the contract's statuses; DRF's own exceptions keep
DRF's handling; Django's limits on a request's size are 413 and 400; anything
else is a bug, logged with its traceback, recorded
on the request's trace span and answered with a JSON 500.
"""

from __future__ import annotations

import logging

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from opentelemetry import trace
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from domain.errors import (
    AuthenticationError,
    Conflict,
    DomainError,
    InvalidRequest,
    NotFound,
)

logger = logging.getLogger(__name__)


def domain_error_response(error: DomainError) -> Response:
    if isinstance(error, NotFound):
        return Response({"detail": error.detail}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(error, InvalidRequest):
        body = (
            {error.field: error.messages} if error.field else {"detail": error.detail}
        )
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(error, Conflict):
        return Response({"detail": error.detail}, status=status.HTTP_409_CONFLICT)
    if isinstance(error, AuthenticationError):
        return Response(
            {"detail": error.detail},
            status=status.HTTP_401_UNAUTHORIZED,
            headers={"WWW-Authenticate": 'Bearer realm="api"'},
        )
    return Response({"detail": error.detail}, status=status.HTTP_400_BAD_REQUEST)


def exception_handler(exc: Exception, context: dict) -> Response:
    if isinstance(exc, DomainError):
        return domain_error_response(exc)
    if isinstance(exc, RequestDataTooBig):
        return Response(
            {"detail": "Request body too large."},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, SuspiciousOperation):
        # Django's own limits on what a request may carry (too many
        # parameters, say) are the client's fault, as Django itself says.
        return Response(
            {"detail": "Request refused: too large or malformed."},
            status=status.HTTP_400_BAD_REQUEST,
        )
    response = drf_exception_handler(exc, context)
    if response is not None:
        return response
    view = context.get("view")
    logger.error(
        "unhandled error in %s",
        type(view).__name__ if view else "unknown view",
        exc_info=exc,
    )
    # DRF turns the exception into an answer, so the tracing middleware never
    # sees it: record it on the request's span (a no-op when tracing is off).
    span = trace.get_current_span()
    span.record_exception(exc)
    span.set_status(trace.Status(trace.StatusCode.ERROR, type(exc).__name__))
    return Response(
        {"detail": "Internal server error."},
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )
