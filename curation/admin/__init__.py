"""The admin for the domain apps' models (Django's autodiscovery imports this module)."""

from curation.admin import evaluations, interventions, search_vocabulary  # noqa: F401
