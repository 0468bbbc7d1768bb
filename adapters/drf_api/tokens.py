"""JWTs for domain users, with the claims the contract promises."""

from __future__ import annotations

from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import RefreshToken

from domain.users import User


def refresh_token_for(user: User) -> RefreshToken:
    """A refresh token whose access tokens carry `email` and `is_staff`."""
    token = RefreshToken()
    token[api_settings.USER_ID_CLAIM] = user.id
    token["email"] = user.email
    token["is_staff"] = user.is_staff
    return token
