from __future__ import annotations

from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle


class StaffExemptUserRateThrottle(UserRateThrottle):
    """The per-user limit, except for staff: a busy day in the back office
    must never lock the shop's own people out."""

    def allow_request(self, request, view) -> bool:
        user = request.user
        if user is not None and user.is_authenticated and user.is_staff:
            return True
        return super().allow_request(request, view)


class LoginRateThrottle(SimpleRateThrottle):
    """Token requests per client address (rate `login`), whoever they claim
    to be, so that guessing passwords across many accounts is slowed too."""

    scope = "login"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
