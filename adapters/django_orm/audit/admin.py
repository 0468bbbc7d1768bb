"""The audit log in Django's admin, for reading only."""

from __future__ import annotations

import json

from django.contrib import admin
from django.utils.html import format_html

from adapters.django_orm.audit.models import AuditEntry
from adapters.django_orm.read_only_admin import ReadOnlyAdmin


def pretty(value) -> str:
    if value is None:
        return "-"
    text = json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True)
    return format_html("<pre>{}</pre>", text)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("at", "actor_email", "action", "target_type", "target_id")
    list_filter = ("action", "target_type")
    search_fields = ("=target_id", "actor_email")
    ordering = ("-at", "-id")
    fields = readonly_fields = (
        "at",
        "actor",
        "actor_email",
        "action",
        "target_type",
        "target_id",
        "before_json",
        "after_json",
    )
    show_full_result_count = False

    @admin.display(description="before")
    def before_json(self, entry: AuditEntry) -> str:
        return pretty(entry.before)

    @admin.display(description="after")
    def after_json(self, entry: AuditEntry) -> str:
        return pretty(entry.after)
