import pytest

from domain.errors import (
    AccountInactive,
    EmailNotVerified,
    EmailTaken,
    InvalidCredentials,
    InvalidRequest,
    InvalidToken,
)

PASSWORD = "long enough password"


def test_registering_makes_an_inactive_user_and_mails_a_token(shop):
    user = shop.register("Ann@Example.com", PASSWORD)

    assert (user.email, user.is_active) == ("Ann@Example.com", False)
    [message] = shop.notifier.sent
    assert (message.kind, message.email) == ("verification", "Ann@Example.com")


def test_an_email_is_taken_whatever_its_case(shop):
    shop.register("Ann@Example.com", PASSWORD)

    with pytest.raises(EmailTaken):
        shop.register("ann@example.COM", PASSWORD)

    assert len(shop.store.users) == 1


def test_a_weak_password_is_refused_with_every_reason(shop):
    with pytest.raises(InvalidRequest) as error:
        shop.register("a@b.co", "a@b.co")

    assert error.value.field == "password"
    assert len(error.value.messages) == 2
    assert shop.store.users == {}


def test_verification_activates_once(shop):
    user = shop.register("ann@example.com", PASSWORD)
    token = shop.notifier.sent[-1].token

    shop.verify(token)

    assert shop.log_in("ANN@example.com", PASSWORD).id == user.id
    with pytest.raises(InvalidToken):
        shop.verify(token)


def test_only_the_right_password_learns_the_email_is_unverified(shop):
    shop.register("ann@example.com", PASSWORD)

    with pytest.raises(EmailNotVerified):
        shop.log_in("ann@example.com", PASSWORD)
    with pytest.raises(InvalidCredentials):
        shop.log_in("ann@example.com", "wrong password")
    with pytest.raises(InvalidCredentials):
        shop.log_in("nobody@example.com", PASSWORD)


def test_a_deactivated_user_cannot_log_in_or_refresh(shop):
    user_id = shop.shopper()
    shop.store.users[user_id].is_active = False

    with pytest.raises(InvalidCredentials):
        shop.log_in("ann@example.com", PASSWORD)
    with pytest.raises(AccountInactive):
        shop.confirm_active_user(user_id)
    with pytest.raises(AccountInactive):
        shop.confirm_active_user(999)


def test_resending_mails_only_unverified_accounts(shop):
    shop.register("ann@example.com", PASSWORD)
    shop.shopper("bob@example.com")
    sent = len(shop.notifier.sent)

    shop.resend("ANN@example.com")
    shop.resend("bob@example.com")
    shop.resend("nobody@example.com")

    assert [m.email for m in shop.notifier.sent[sent:]] == ["ann@example.com"]
