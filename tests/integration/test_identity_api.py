import os
import re
import subprocess
import sys

import pytest
from django.core import mail
from django.core.management import call_command

from adapters.django_orm.users.models import User
from tests.integration.conftest import PASSWORD, client_for, make_user

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN_LINE = re.compile(r"^token: (\S+)$", re.MULTILINE)


def token_from_last_email() -> str:
    return TOKEN_LINE.search(mail.outbox[-1].body).group(1)


def log_in(api, email, password=PASSWORD):
    return api.post(
        "/api/v1/auth/token", {"email": email, "password": password}, format="json"
    )


def test_register_verify_log_in_refresh_and_me(api):
    response = api.post(
        "/api/v1/auth/register",
        {"email": "Ann@Example.com", "password": PASSWORD},
        format="json",
    )
    assert response.status_code == 201
    assert response.json() == {
        "id": response.json()["id"],
        "email": "Ann@example.com",
        "is_active": False,
    }
    assert mail.outbox[-1].to == ["Ann@example.com"]

    assert log_in(api, "ann@example.com").json() == {"detail": "Email not verified."}
    token = token_from_last_email()
    assert (
        api.post(
            "/api/v1/auth/verify-email", {"token": token}, format="json"
        ).status_code
        == 200
    )
    assert User.objects.get(email__iexact="ann@example.com").is_active

    tokens = log_in(api, "ANN@example.com")
    assert tokens.status_code == 200
    assert set(tokens.json()) == {"access", "refresh"}
    refreshed = api.post(
        "/api/v1/auth/token/refresh",
        {"refresh": tokens.json()["refresh"]},
        format="json",
    )
    assert refreshed.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {refreshed.json()['access']}")
    me = api.get("/api/v1/users/me")
    assert me.status_code == 200
    assert me.json() == {
        "id": response.json()["id"],
        "email": "Ann@example.com",
        "is_staff": False,
    }


def test_access_tokens_carry_email_and_is_staff(api):
    make_user("boss@example.com", staff=True)

    access = log_in(api, "boss@example.com").json()["access"]

    from rest_framework_simplejwt.tokens import AccessToken

    claims = AccessToken(access).payload
    assert (claims["email"], claims["is_staff"]) == ("boss@example.com", True)


def test_a_verification_token_works_once(api):
    api.post(
        "/api/v1/auth/register",
        {"email": "ann@example.com", "password": PASSWORD},
        format="json",
    )
    token = token_from_last_email()

    first = api.post("/api/v1/auth/verify-email", {"token": token}, format="json")
    second = api.post("/api/v1/auth/verify-email", {"token": token}, format="json")

    assert (first.status_code, second.status_code) == (200, 400)


@pytest.mark.parametrize("token", ["", "garbage", "a:b:c", "x" * 1000])
def test_bad_verification_tokens_are_400(api, token):
    response = api.post("/api/v1/auth/verify-email", {"token": token}, format="json")

    assert response.status_code == 400


def test_an_expired_verification_token_is_400(api, settings):
    api.post(
        "/api/v1/auth/register",
        {"email": "ann@example.com", "password": PASSWORD},
        format="json",
    )
    settings.EMAIL_VERIFICATION_MAX_AGE = -1

    response = api.post(
        "/api/v1/auth/verify-email", {"token": token_from_last_email()}, format="json"
    )

    assert response.status_code == 400
    assert not User.objects.get().is_active


def test_unverified_login_tells_only_the_password_holder(api):
    make_user("ann@example.com", verified=False)

    right = log_in(api, "ann@example.com")
    wrong = log_in(api, "ann@example.com", "not the password")
    unknown = log_in(api, "nobody@example.com")

    assert (right.status_code, right.json()) == (401, {"detail": "Email not verified."})
    assert (wrong.status_code, wrong.json()) == (
        401,
        {"detail": "Invalid credentials."},
    )
    assert (unknown.status_code, unknown.json()) == (
        401,
        {"detail": "Invalid credentials."},
    )


def test_a_duplicate_email_in_another_case_is_400(api):
    make_user("Ann@Example.com")

    response = api.post(
        "/api/v1/auth/register",
        {"email": "ann@example.COM", "password": PASSWORD},
        format="json",
    )

    assert response.status_code == 400
    assert "email" in response.json()
    assert User.objects.count() == 1


def test_the_database_refuses_a_duplicate_email_in_another_case(db):
    from django.db import IntegrityError

    User.objects.create_user("Ann@Example.com")
    with pytest.raises(IntegrityError):
        # Bypasses every check in Python: the constraint alone stops it.
        User.objects.bulk_create([User(email="ann@example.com", password="!")])


@pytest.mark.parametrize("password", ["123", " " * 12, "\t \t " * 3])
def test_a_weak_password_is_400_and_creates_nothing(api, password):
    response = api.post(
        "/api/v1/auth/register",
        {"email": "ann@example.com", "password": password},
        format="json",
    )

    assert response.status_code == 400
    assert "password" in response.json()
    assert User.objects.count() == 0
    assert mail.outbox == []


def test_create_user_without_password_cannot_log_in(api):
    user = User.objects.create_user("ann@example.com")

    assert not user.has_usable_password()
    assert log_in(api, "ann@example.com", "").status_code in (400, 401)


def test_resend_is_202_whether_or_not_the_account_exists(api):
    api.post(
        "/api/v1/auth/register",
        {"email": "ann@example.com", "password": PASSWORD},
        format="json",
    )
    sent = len(mail.outbox)

    for email in ("ann@example.com", "nobody@example.com"):
        response = api.post(
            "/api/v1/auth/resend-verification", {"email": email}, format="json"
        )
        assert response.status_code == 202

    assert len(mail.outbox) == sent + 1
    assert (
        api.post(
            "/api/v1/auth/verify-email",
            {"token": token_from_last_email()},
            format="json",
        ).status_code
        == 200
    )


def test_a_deactivated_user_can_neither_refresh_nor_use_an_access_token(api):
    make_user("ann@example.com")
    tokens = log_in(api, "ann@example.com").json()
    User.objects.filter(email="ann@example.com").update(is_active=False)

    refreshed = api.post(
        "/api/v1/auth/token/refresh", {"refresh": tokens["refresh"]}, format="json"
    )
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    me = api.get("/api/v1/users/me")

    assert refreshed.status_code == 401
    assert me.status_code == 401


def test_a_deleted_user_cannot_refresh(api):
    make_user("ann@example.com")
    tokens = log_in(api, "ann@example.com").json()
    User.objects.filter(email="ann@example.com").delete()

    refreshed = api.post(
        "/api/v1/auth/token/refresh", {"refresh": tokens["refresh"]}, format="json"
    )

    assert refreshed.status_code == 401


def test_a_forged_refresh_token_is_401(api):
    response = api.post(
        "/api/v1/auth/token/refresh", {"refresh": "not.a.token"}, format="json"
    )

    assert response.status_code == 401


def test_me_needs_a_token(api):
    assert api.get("/api/v1/users/me").status_code == 401
    api.credentials(HTTP_AUTHORIZATION="Bearer nonsense")
    assert api.get("/api/v1/users/me").status_code == 401


def test_login_is_throttled_per_address_with_retry_after(api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "login": "3/minute",
        },
    }
    make_user("ann@example.com")

    answers = [log_in(api, "ann@example.com", "wrong").status_code for _ in range(3)]
    throttled = log_in(api, "ann@example.com")

    assert answers == [401, 401, 401]
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0


def test_a_forged_forwarded_for_does_not_escape_the_login_throttle(api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "login": "3/minute",
        },
    }
    make_user("ann@example.com")

    answers = [
        api.post(
            "/api/v1/auth/token",
            {"email": "ann@example.com", "password": "wrong"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}",
        ).status_code
        for attempt in range(5)
    ]

    assert answers == [401, 401, 401, 429, 429]


def test_staff_are_not_held_by_the_user_throttle(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "user": "3/minute",
        },
    }
    shopper = client_for(make_user("ann@example.com"))
    staff = client_for(make_user("boss@example.com", staff=True))

    shopper_answers = [shopper.get("/api/v1/users/me").status_code for _ in range(4)]
    staff_answers = [staff.get("/api/v1/users/me").status_code for _ in range(10)]

    assert shopper_answers == [200, 200, 200, 429]
    assert staff_answers == [200] * 10


def settings_value(expression: str, **environment: str | None) -> str:
    """Evaluate `expression` on the settings of a fresh process."""
    env = {**os.environ, **environment}
    env = {key: value for key, value in env.items() if value is not None}
    probe = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings';"
        f"django.setup(); from django.conf import settings; print({expression})"
    )
    return subprocess.run(
        [sys.executable, "-c", probe],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_the_login_rate_comes_from_the_environment():
    rate = "settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['login']"

    assert settings_value(rate, LOGIN_THROTTLE_RATE="7/hour") == "7/hour"
    assert settings_value(rate, LOGIN_THROTTLE_RATE=None) == "1000/day"


def test_createsuperuser_noinput_makes_staff_who_can_log_in_at_once(api, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "Owner@Example.com")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)

    call_command("createsuperuser", interactive=False, verbosity=0)
    answer = log_in(api, "owner@example.com")

    assert answer.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {answer.json()['access']}")
    assert api.get("/api/v1/users/me").json()["is_staff"] is True
