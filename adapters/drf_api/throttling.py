"""Throttles that read their rate when asked, not when imported.

DRF's throttles copy the rate table once, at import time, so a rate changed
by the settings (a test lowering the login rate) would be ignored.
"""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import (
    AnonRateThrottle,
    SimpleRateThrottle,
    UserRateThrottle,
)


class CurrentRateMixin:
    scope: str

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonymousRateThrottle(CurrentRateMixin, AnonRateThrottle):
    """Requests without a token, per client address (rate `anon`)."""


class StaffExemptUserRateThrottle(CurrentRateMixin, UserRateThrottle):
    """The per-user limit (rate `user`), except for staff: a busy day in the
    back office must never lock the shop's own people out."""

    def allow_request(self, request, view) -> bool:
        user = request.user
        if user is not None and user.is_authenticated and user.is_staff:
            return True
        return super().allow_request(request, view)


class LoginRateThrottle(CurrentRateMixin, SimpleRateThrottle):
    """Token requests per client address (rate `login`), whoever they claim
    to be, so that guessing passwords across many accounts is slowed too."""

    scope = "login"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {
            "scope": self.scope,
            "ident": self.get_ident(request),
        }
