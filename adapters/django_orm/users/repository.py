from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from adapters.django_orm.users.models import User as UserModel
from application.ports import UserRepository
from domain.errors import EmailTaken, NotFound
from domain.users import User


def to_domain(row: UserModel) -> User:
    return User(
        id=row.pk,
        email=row.email,
        is_active=row.is_active,
        is_staff=row.is_staff,
        email_verified=row.email_verified_at is not None,
    )


class DjangoUserRepository(UserRepository):
    def get(self, user_id: int) -> User:
        try:
            return to_domain(UserModel.objects.get(pk=user_id))
        except UserModel.DoesNotExist:
            raise NotFound() from None

    def find_by_email(self, email: str) -> User | None:
        row = UserModel.objects.filter(email__iexact=email.strip()).first()
        return to_domain(row) if row else None

    def add(self, email: str, password: str) -> User:
        try:
            # A savepoint, so that losing a race leaves the transaction usable.
            with transaction.atomic():
                row = UserModel.objects.create_user(email, password)
        except IntegrityError:
            raise EmailTaken() from None
        return to_domain(row)

    def mark_verified(self, user_id: int) -> None:
        UserModel.objects.filter(pk=user_id).update(
            is_active=True, email_verified_at=timezone.now()
        )
