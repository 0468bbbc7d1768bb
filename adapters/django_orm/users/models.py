"""The custom user: the email is the login, unique whatever its case."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields) -> User:
        if not email:
            raise ValueError("Users need an email address.")
        user = self.model(email=self.normalize_email(email.strip()), **fields)
        # set_password(None) stores an unusable password: such a user cannot
        # log in until a password is set.
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        """A shopper: inactive until the email is verified."""
        fields.setdefault("is_active", False)
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(
        self, email: str, password: str | None = None, **fields
    ) -> User:
        """Staff made by an operator: trusted, so active and verified at once."""
        fields.setdefault("is_active", True)
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("email_verified_at", timezone.now())
        return self._create(email, password, **fields)

    def get_by_natural_key(self, email: str) -> User:
        # Login forms (the admin's too) find the account in any case.
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(unique=True, max_length=254)
    is_active = models.BooleanField(
        default=False,
        help_text="Off until the email is verified; staff can switch it off.",
    )
    is_staff = models.BooleanField(default=False)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        constraints = [
            # The database, not a form, keeps Ann@X.com and ann@x.com apart,
            # even when two registrations race.
            models.UniqueConstraint(Lower("email"), name="users_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email
