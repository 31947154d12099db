from interventions.models.interventions import *  # noqa: F403
