from django.apps import AppConfig


class CurationConfig(AppConfig):
    """The staff's admin for the catalogue's entries, reports and figures."""

    name = "curation"
