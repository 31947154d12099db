"""When the published data last changed, for Last-Modified headers, in one query."""

from django.db.models import Max, OuterRef, Q, Subquery, Value

from evaluations.models import EvaluationReport, OutcomeMetric
from interventions import batched
from interventions.models import Intervention, PublicationState

# Saving or deleting an entry, a report or a figure leaves a row in its history table,
# dated; the newest such date among changes a reader could have seen is the latest change.
# Changes to an entry while it is not published are left out, so editing a draft moves
# nothing (nor tells anyone that unpublished work is going on), even a draft that was
# published once. Edits to vocabularies and organisations leave no date: the
# body-derived ETag still catches them.
#
# Figures and reports count while their entry is published now. That is enough for the
# newest date: a change made before the entry was published is older than its
# publication, and one made before it was unpublished is older than the unpublishing.


def public_histories():
    published = PublicationState.PUBLISHED
    state_before = Subquery(
        Intervention.history.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
        .order_by("-history_date", "-history_id")
        .values("publication_state")[:1]
    )
    return (
        Intervention.history.alias(state_before=state_before).filter(
            # Any change to a published entry, its publication and its deletion...
            Q(publication_state=published)
            # ...and the moment it was taken off the site (published_at is kept).
            | Q(published_at__isnull=False, state_before=published)
        ),
        EvaluationReport.history.filter(id__in=EvaluationReport.objects.published().values("pk")),
        OutcomeMetric.history.filter(
            intervention_id__in=Intervention.objects.published().values("pk")
        ),
    )


def last_changed():
    """The time of the newest change to published data, or None before there is any."""
    # The same query on every request: compiled once.
    rows = batched.rows("api-last-changed", latest_changes)
    return max((date for (date,) in rows if date is not None), default=None)


def latest_changes():
    """The newest date of each of public_histories(), in one query."""
    latest = [
        history.order_by()
        .annotate(group=Value(1))
        .values("group")
        .annotate(latest=Max("history_date"))
        .values_list("latest", flat=True)
        for history in public_histories()
    ]
    return latest[0].union(*latest[1:], all=True)
