"""When the published data last changed, for Last-Modified headers, in one query."""

from django.db.models import Max, Value

from evaluations.models import EvaluationReport, OutcomeMetric
from interventions.models import Intervention

# Saving or deleting an entry, a report or a figure leaves a row in its history table,
# dated; the newest such date is the latest change a client could see. Edits to
# vocabularies and organisations leave no date: the body-derived ETag still catches them.
TRACKED = (Intervention, EvaluationReport, OutcomeMetric)


def last_changed():
    """The time of the newest tracked change, or None before there is any."""
    latest = [
        model.history.order_by()
        .annotate(group=Value(1))
        .values("group")
        .annotate(latest=Max("history_date"))
        .values_list("latest", flat=True)
        for model in TRACKED
    ]
    dates = [date for date in latest[0].union(*latest[1:], all=True) if date is not None]
    return max(dates, default=None)
