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
from django.contrib import admin, messages
from django.http import HttpResponseRedirect

from adapters.django_orm.catalogue.models import Product, Sku
from application import catalogue_admin
from domain.catalogue import check_code, check_description, check_name
from domain.errors import DomainError, InvalidRequest
from domain.money import Money

PRODUCT_FIELDS = ("name", "description", "is_active")
SKU_FIELDS = ("code", "price", "stock")


class DomainRulesForm(forms.ModelForm):
    """Runs the domain's checks on the fields they cover, so that the admin
    shows their refusals beside the field rather than failing at save."""

    rules: dict = {}

    def clean(self) -> dict:
        data = super().clean()
        for name, check in self.rules.items():
            if name in data:
                try:
                    data[name] = check(data[name])
                except InvalidRequest as error:
                    self.add_error(name, error.messages)
        return data


class ProductForm(DomainRulesForm):
    rules = {"name": check_name, "description": check_description}

    class Meta:
        model = Product
        fields = PRODUCT_FIELDS


class SkuInlineForm(DomainRulesForm):
    rules = {"code": check_code}

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


class SkuFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            code = getattr(form, "cleaned_data", {}).get("code")
            if code and code.upper() in seen:
                form.add_error("code", "This code is already in this product.")
            elif code:
                seen.add(code.upper())


class SkuInline(admin.TabularInline):
    model = Sku
    form = SkuInlineForm
    formset = SkuFormSet
    extra = 0
    can_delete = False


def changes(form: forms.ModelForm, fields: tuple[str, ...]) -> dict:
    values = {name: form.cleaned_data[name] for name in form.changed_data}
    if "price" in values:
        values["price"] = Money(values["price"])
    return {name: value for name, value in values.items() if name in fields}


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    form = ProductForm
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

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The forms check every rule first; what is left is a race lost at
        # save (another staff member took the code meanwhile). The admin's
        # transaction has rolled back: say why, and show the page again.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as refusal:
            self.message_user(request, refusal.detail, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

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
            created = create(
                request.user.pk,
                data["name"],
                data["description"],
                is_active=data["is_active"],
            )
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
        formset.new_objects = []
        formset.changed_objects = []
        formset.deleted_objects = []
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
