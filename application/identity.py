"""Registering, verifying and logging in shoppers."""

from __future__ import annotations

import logging
from collections.abc import Callable

from application.ports import (
    Credentials,
    Notifier,
    PasswordPolicy,
    UnitOfWork,
    VerificationTokens,
)
from domain.errors import (
    AccountInactive,
    EmailNotVerified,
    EmailTaken,
    InvalidCredentials,
    InvalidRequest,
    NotFound,
)
from domain.users import User

logger = logging.getLogger(__name__)


class RegisterUser:
    """Create an inactive account and mail it a verification token."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        passwords: PasswordPolicy,
        tokens: VerificationTokens,
        notifier: Notifier,
    ) -> None:
        self.uow = uow
        self.passwords = passwords
        self.tokens = tokens
        self.notifier = notifier

    def __call__(self, email: str, password: str) -> User:
        problems = self.passwords.problems(password, email)
        if problems:
            raise InvalidRequest(problems[0], field="password", messages=problems)
        with self.uow() as uow:
            if uow.users.find_by_email(email) is not None:
                raise EmailTaken()
            user = uow.users.add(email, password)
            token = self.tokens.make(user.id)
            uow.on_commit(lambda: self.notifier.send_verification(user.email, token))
        logger.info("user registered", extra={"user_id": user.id})
        return user


class VerifyEmail:
    def __init__(
        self, uow: Callable[[], UnitOfWork], tokens: VerificationTokens
    ) -> None:
        self.uow = uow
        self.tokens = tokens

    def __call__(self, token: str) -> None:
        with self.uow() as uow:
            user_id = self.tokens.read(token)
            uow.users.mark_verified(user_id)
        logger.info("email verified", extra={"user_id": user_id})


class ResendVerification:
    """Send a fresh token to an unverified account; silent about the rest so
    that nobody learns which emails have accounts."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        tokens: VerificationTokens,
        notifier: Notifier,
    ) -> None:
        self.uow = uow
        self.tokens = tokens
        self.notifier = notifier

    def __call__(self, email: str) -> None:
        with self.uow() as uow:
            user = uow.users.find_by_email(email)
            if user is None or user.email_verified:
                return
            token = self.tokens.make(user.id)
            uow.on_commit(lambda: self.notifier.send_verification(user.email, token))
        logger.info("verification resent", extra={"user_id": user.id})


class LogIn:
    """Check credentials. Only a caller who knows the password learns that
    the email still needs verifying; everyone else hears the same thing."""

    def __init__(self, credentials: Credentials) -> None:
        self.credentials = credentials

    def __call__(self, email: str, password: str) -> User:
        user = self.credentials.check(email, password)
        if user is None:
            raise InvalidCredentials()
        if not user.email_verified:
            raise EmailNotVerified()
        if not user.is_active:
            # Verified but switched off by staff: no different from a wrong
            # password to the caller.
            raise InvalidCredentials()
        return user


class ConfirmActiveUser:
    """The user behind a session, if they may still use it: refreshing a
    token stops working once the account is switched off or deleted."""

    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self.uow = uow

    def __call__(self, user_id: int) -> User:
        with self.uow() as uow:
            try:
                user = uow.users.get(user_id)
            except NotFound:
                raise AccountInactive() from None
        if not user.is_active:
            raise AccountInactive()
        return user
