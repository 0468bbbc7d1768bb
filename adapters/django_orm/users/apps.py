from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "adapters.django_orm.users"
    label = "users"
    default_auto_field = "django.db.models.BigAutoField"
