"""A mixin for admin pages that show and never change."""

from __future__ import annotations


class ReadOnlyAdmin:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
