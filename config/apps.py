from django.apps import AppConfig


class ShopConfig(AppConfig):
    """Builds the container once Django is ready and wires the views to it."""

    name = "config"
    label = "shop"

    def ready(self) -> None:
        from config.container import Container
        from config.use_case_spans import trace_use_cases

        self.container = Container()
        # Before wiring: the views and the admin must receive the traced
        # providers.
        trace_use_cases(self.container)
        self.container.wire(
            packages=["adapters.drf_api"],
            modules=["adapters.django_orm.catalogue.admin"],
        )
