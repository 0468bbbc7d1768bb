from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "adapters.django_orm.orders"
    label = "orders"
    default_auto_field = "django.db.models.BigAutoField"
