"""In-memory passwords, credentials and verification tokens."""

from __future__ import annotations

import secrets

from adapters.memory.repositories import MemoryStore
from application.ports import Credentials, PasswordPolicy, VerificationTokens
from domain.errors import InvalidToken
from domain.users import User


class MinimumLengthPolicy(PasswordPolicy):
    def __init__(self, length: int = 8) -> None:
        self.length = length

    def problems(self, password: str, email: str) -> list[str]:
        found = []
        if len(password) < self.length:
            found.append(f"This password is too short (minimum {self.length}).")
        if password.casefold() == email.casefold():
            found.append("The password is too similar to the email.")
        return found


class InMemoryCredentials(Credentials):
    """Plain-text comparison: fine for a test double, never for real users."""

    def __init__(self, store: MemoryStore) -> None:
        self.store = store

    def check(self, email: str, password: str) -> User | None:
        for user in self.store.users.values():
            if user.email.casefold() == email.strip().casefold():
                if secrets.compare_digest(self.store.passwords[user.id], password):
                    return user
                return None
        return None


class InMemoryVerificationTokens(VerificationTokens):
    """Random single-use tokens, forgotten once used."""

    def __init__(self) -> None:
        self.issued: dict[str, int] = {}

    def make(self, user_id: int) -> str:
        token = secrets.token_urlsafe(16)
        self.issued[token] = user_id
        return token

    def read(self, token: str) -> int:
        try:
            return self.issued.pop(token)
        except KeyError:
            raise InvalidToken() from None
