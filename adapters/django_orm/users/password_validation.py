"""A password validator Django does not have."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class NotOnlySpacesValidator:
    """Refuse a password made of spaces only: long enough for the length
    check, and guessed at once."""

    def validate(self, password: str, user=None) -> None:
        if not password.strip():
            raise ValidationError(
                "This password is only spaces.", code="password_only_spaces"
            )

    def get_help_text(self) -> str:
        return "Your password can't be only spaces."
