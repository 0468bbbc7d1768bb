from __future__ import annotations

from adapters.django_orm.audit.models import AuditEntry as AuditEntryModel
from adapters.django_orm.users.models import User as UserModel
from application.ports import AuditLog
from domain.audit import AuditEntry


class DjangoAuditLog(AuditLog):
    def record(self, entry: AuditEntry) -> None:
        email = (
            UserModel.objects.filter(pk=entry.actor_id)
            .values_list("email", flat=True)
            .first()
        )
        AuditEntryModel.objects.create(
            actor_id=entry.actor_id if email is not None else None,
            actor_email=email or "",
            action=entry.action,
            target_type=entry.target_type,
            target_id=entry.target_id,
            before=entry.before,
            after=entry.after,
        )
