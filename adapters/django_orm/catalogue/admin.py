"""Products and their SKUs in Django's admin.

Saving goes through the same use cases as the API (CreateProduct,
UpdateProduct, AddSku, UpdateSku), so the admin obeys the same rules and
every change lands in the audit log with the staff member who made it.
Products are archived by unticking "is active"; the admin deletes nothing,
because only PurgeProduct checks, under lock, that no order refers to what
it removes.
"""

from __future__ import annotations

from dependency_injector.wiring import Provide, inject
from django import forms
from django.contrib import admin

from adapters.django_orm.catalogue.models import Product, Sku
from application import catalogue_admin
from domain.money import Money

PRODUCT_FIELDS = ("name", "description", "is_active")
SKU_FIELDS = ("code", "price", "stock")


class SkuInlineForm(forms.ModelForm):
    class Meta:
        model = Sku
        fields = SKU_FIELDS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # The page may be minutes old while checkouts lower the stock:
            # saving it back would undo their sales. Stock is set through
            # PATCH /api/v1/skus/{id}, under the SKU's row lock.
            self.fields["stock"].disabled = True
            self.fields["stock"].help_text = "Change it with PATCH /api/v1/skus/{id}."


class SkuInline(admin.TabularInline):
    model = Sku
    form = SkuInlineForm
    extra = 0
    can_delete = False


def changes(form: forms.ModelForm, fields: tuple[str, ...]) -> dict:
    values = {name: form.cleaned_data[name] for name in form.changed_data}
    if "price" in values:
        values["price"] = Money(values["price"])
    return {name: value for name, value in values.items() if name in fields}


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name",)
    ordering = ("-created_at", "-id")
    fields = (*PRODUCT_FIELDS, "created_at")
    readonly_fields = ("created_at",)
    inlines = [SkuInline]
    show_full_result_count = False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @inject
    def save_model(
        self,
        request,
        obj: Product,
        form,
        change: bool,
        create: catalogue_admin.CreateProduct = Provide["create_product"],
        update: catalogue_admin.UpdateProduct = Provide["update_product"],
    ) -> None:
        if change:
            update(request.user.pk, obj.pk, **changes(form, PRODUCT_FIELDS))
        else:
            data = form.cleaned_data
            created = create(request.user.pk, data["name"], data["description"])
            if not data["is_active"]:
                update(request.user.pk, created.id, is_active=False)
            obj.pk, obj.created_at = created.id, created.created_at

    @inject
    def save_formset(
        self,
        request,
        form,
        formset,
        change: bool,
        add_sku: catalogue_admin.AddSku = Provide["add_sku"],
        update_sku: catalogue_admin.UpdateSku = Provide["update_sku"],
    ) -> None:
        # What formset.save() would record, for the admin's history message.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = (
            [],
            [],
            [],
        )
        for sku_form in formset.forms:
            if not sku_form.has_changed():
                continue
            row = sku_form.instance
            if row.pk is None:
                data = sku_form.cleaned_data
                draft = catalogue_admin.SkuDraft(
                    data["code"], Money(data["price"]), data["stock"]
                )
                row.pk = add_sku(request.user.pk, form.instance.pk, draft).id
                formset.new_objects.append(row)
            else:
                update_sku(request.user.pk, row.pk, **changes(sku_form, SKU_FIELDS))
                formset.changed_objects.append((row, sku_form.changed_data))
