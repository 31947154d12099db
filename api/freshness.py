"""When the published data last changed, for Last-Modified headers, in one query."""

from django.db.models import Max, Value

from evaluations.models import EvaluationReport, OutcomeMetric
from interventions.models import Intervention

# Saving or deleting an entry, a report or a figure leaves a row in its history table,
# dated; the newest such date among rows a reader could have seen is the latest change.
# Rows of entries never published are left out, so editing a draft moves nothing (nor
# tells anyone that unpublished work is going on). Edits to vocabularies and
# organisations leave no date: the body-derived ETag still catches them.


def public_histories():
    ever_published = Intervention.objects.filter(published_at__isnull=False).values("pk")
    return (
        # published_at stays set after an unpublish, so that moment counts too.
        Intervention.history.filter(published_at__isnull=False),
        EvaluationReport.history.filter(id__in=EvaluationReport.objects.published().values("pk")),
        OutcomeMetric.history.filter(intervention_id__in=ever_published),
    )


def last_changed():
    """The time of the newest change to published data, or None before there is any."""
    latest = [
        history.order_by()
        .annotate(group=Value(1))
        .values("group")
        .annotate(latest=Max("history_date"))
        .values_list("latest", flat=True)
        for history in public_histories()
    ]
    dates = [date for date in latest[0].union(*latest[1:], all=True) if date is not None]
    return max(dates, default=None)
