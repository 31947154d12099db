from interventions.filters.filterset import *  # noqa: F403
from interventions.filters.filterset import shown  # noqa: F401
