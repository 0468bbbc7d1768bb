"""manage.py demo_staff: make sure a staff account exists and print it.

For the demo start only: the password is reset to a new random one each
time unless DEMO_STAFF_PASSWORD is set.
"""

from __future__ import annotations

import os
import secrets

from django.core.management.base import BaseCommand
from django.utils import timezone

from adapters.django_orm.users.models import User


class Command(BaseCommand):
    help = "Create or reset the demo staff account and print its credentials."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", default="staff@example.com")

    def handle(self, *args, email: str, **options) -> None:
        password = os.environ.get("DEMO_STAFF_PASSWORD") or secrets.token_urlsafe(12)
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_superuser(email, password)
        else:
            user.set_password(password)
            user.is_active = user.is_staff = True
            user.email_verified_at = user.email_verified_at or timezone.now()
            user.save()
        self.stdout.write(f"Staff account: {user.email}  password: {password}")
