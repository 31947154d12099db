from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    """The public HTML pages: home, the list, each entry, themes, forces, organisations."""

    name = "catalogue"
