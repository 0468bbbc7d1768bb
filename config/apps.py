from django.apps import AppConfig


class ShopConfig(AppConfig):
    """Builds the container once Django is ready and wires the views to it."""

    name = "config"
    label = "shop"

    def ready(self) -> None:
        from config.container import Container

        self.container = Container()
        self.container.wire(
            packages=["adapters.drf_api"],
            modules=["adapters.django_orm.catalogue.admin"],
        )
