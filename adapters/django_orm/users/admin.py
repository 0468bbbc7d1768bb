"""Users in Django's admin: the email is the login."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from adapters.django_orm.users.models import User


class ShopUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class ShopUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class ShopUserAdmin(UserAdmin):
    form = ShopUserChangeForm
    add_form = ShopUserCreationForm
    ordering = ("email",)
    list_display = (
        "email",
        "is_active",
        "is_staff",
        "email_verified_at",
        "date_joined",
    )
    list_filter = ("is_active", "is_staff", "is_superuser")
    search_fields = ("email",)
    readonly_fields = ("date_joined", "last_login")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            "Status",
            {"fields": ("is_active", "email_verified_at", "date_joined", "last_login")},
        ),
        (
            "Permissions",
            {"fields": ("is_staff", "is_superuser", "groups", "user_permissions")},
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )
