"""Integration tests: real PostgreSQL, real HTTP through Django's test client."""

from __future__ import annotations

import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from rest_framework.test import APIClient

from adapters.django_orm.catalogue.models import Product, Sku
from adapters.django_orm.users.models import User
from adapters.django_orm.users.repository import to_domain
from adapters.drf_api.tokens import refresh_token_for

PASSWORD = "correct horse battery staple"
_codes = itertools.count(1)


@pytest.fixture(scope="session", autouse=True)
def _postgresql_only(django_db_setup, django_db_blocker):
    """Locking, idempotency and on-commit behaviour are only proved on
    PostgreSQL: refuse to run anywhere else rather than pass vacuously."""
    with django_db_blocker.unblock():
        vendor = connection.vendor
    if vendor != "postgresql":
        pytest.fail(
            f"integration tests need PostgreSQL (DATABASE_URL), not {vendor}",
            pytrace=False,
        )


@pytest.fixture(autouse=True)
def _fresh_throttles_and_fast_hashing(settings):
    cache.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    yield
    cache.clear()


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def make_user(
    email: str = "ann@example.com", verified: bool = True, staff: bool = False
) -> User:
    if staff:
        return User.objects.create_superuser(email, PASSWORD)
    user = User.objects.create_user(email, PASSWORD)
    if verified:
        User.objects.filter(pk=user.pk).update(
            is_active=True, email_verified_at="2026-01-01T00:00Z"
        )
        user.refresh_from_db()
    return user


def client_for(user: User) -> APIClient:
    client = APIClient()
    token = refresh_token_for(to_domain(user)).access_token
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def make_sku(
    name: str = "MUG", price: str = "2.50", stock: int = 10, code: str | None = None
) -> Sku:
    product = Product.objects.create(name=name)
    return Sku.objects.create(
        product=product, code=code or f"SKU-{next(_codes)}", price=price, stock=stock
    )


@pytest.fixture
def shopper(db) -> tuple[User, APIClient]:
    user = make_user()
    return user, client_for(user)
