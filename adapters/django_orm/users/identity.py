"""Django's password validators and hashers, and signed verification tokens."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.crypto import constant_time_compare, salted_hmac

from adapters.django_orm.users.models import User as UserModel
from adapters.django_orm.users.repository import to_domain
from application.ports import Credentials, PasswordPolicy, VerificationTokens
from domain.errors import InvalidToken
from domain.users import User

logger = logging.getLogger(__name__)


class DjangoPasswordPolicy(PasswordPolicy):
    """AUTH_PASSWORD_VALIDATORS from the settings."""

    def problems(self, password: str, email: str) -> list[str]:
        try:
            validate_password(password, user=UserModel(email=email))
        except ValidationError as error:
            return list(error.messages)
        return []


class DjangoCredentials(Credentials):
    def check(self, email: str, password: str) -> User | None:
        row = UserModel.objects.filter(email__iexact=email.strip()).first()
        if row is None:
            # Hash anyway, as Django's ModelBackend does, so that an unknown
            # email answers no faster than a wrong password.
            UserModel().set_password(password)
            return None
        if not row.check_password(password):
            return None
        return to_domain(row)


class SignedVerificationTokens(VerificationTokens):
    """A signed, timestamped user id plus a fingerprint of the user's state.

    Verifying changes the state (email_verified_at), so a token works once;
    changing the email or password also voids earlier tokens. The age limit
    is EMAIL_VERIFICATION_MAX_AGE seconds.
    """

    salt = "users.verify-email"

    def make(self, user_id: int) -> str:
        row = UserModel.objects.get(pk=user_id)
        return signing.dumps({"u": row.pk, "s": self._fingerprint(row)}, salt=self.salt)

    def read(self, token: str) -> int:
        try:
            payload = signing.loads(
                token, salt=self.salt, max_age=settings.EMAIL_VERIFICATION_MAX_AGE
            )
        except signing.BadSignature:
            raise InvalidToken() from None
        row = UserModel.objects.filter(pk=payload["u"]).first()
        if row is None or not constant_time_compare(
            payload["s"], self._fingerprint(row)
        ):
            logger.info("verification token rejected", extra={"user_id": payload["u"]})
            raise InvalidToken()
        return row.pk

    def _fingerprint(self, row: UserModel) -> str:
        state = f"{row.pk}|{row.email}|{row.password}|{row.email_verified_at}"
        return salted_hmac(self.salt, state, algorithm="sha256").hexdigest()[:32]
