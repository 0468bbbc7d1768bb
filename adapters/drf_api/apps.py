from django.apps import AppConfig


class DrfApiConfig(AppConfig):
    name = "adapters.drf_api"
    label = "drf_api"
