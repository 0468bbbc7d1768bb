"""Orders in Django's admin, read-only: an order and its line snapshots are
history, and history is not edited by hand."""

from __future__ import annotations

from django.contrib import admin

from adapters.django_orm.orders.models import Order, OrderLine
from adapters.django_orm.read_only_admin import ReadOnlyAdmin

SNAPSHOT = ("sku", "sku_code", "product_name", "unit_price", "quantity", "line_total")


class OrderLineInline(ReadOnlyAdmin, admin.TabularInline):
    model = OrderLine
    fields = readonly_fields = SNAPSHOT
    extra = 0


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("id", "user", "status", "total", "created_at")
    list_filter = ("status",)
    list_select_related = ("user",)
    search_fields = ("=id", "user__email")
    ordering = ("-created_at", "-id")
    fields = readonly_fields = ("user", "status", "total", "created_at")
    inlines = [OrderLineInline]
    show_full_result_count = False
