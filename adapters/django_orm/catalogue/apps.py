from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "adapters.django_orm.catalogue"
    label = "catalogue"
    default_auto_field = "django.db.models.BigAutoField"
