"""The admin for the domain apps' models (Django's autodiscovery imports this module)."""

from curation.admin import (  # noqa: F401
    evaluations,
    evidence,
    interventions,
    revisions,
    search_vocabulary,
)
