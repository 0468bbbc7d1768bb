from django.apps import AppConfig


class CartsConfig(AppConfig):
    name = "adapters.django_orm.carts"
    label = "carts"
    default_auto_field = "django.db.models.BigAutoField"
