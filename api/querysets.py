"""The rows each API endpoint reads, with everything they show prefetched, so the number
of queries does not grow with the number of rows. Entries are read as plain values
instead (api.representations)."""

from django.db.models import Prefetch

from evaluations.models import EvaluationReport, OutcomeMetric
from interventions.models import Force, Intervention, Organisation, SourceDocument, Theme

# An entry's reports, oldest first.
ENTRY_REPORT_ORDER = ("published_on", "title")


def published_entries(relation="interventions"):
    """Prefetches the published entries of ``relation`` as ``published_interventions``."""
    return Prefetch(
        relation,
        queryset=Intervention.objects.published().only("slug", "name").order_by("name"),
        to_attr="published_interventions",
    )


def reports():
    return EvaluationReport.objects.select_related(
        "source", "evaluator", "publisher"
    ).prefetch_related(published_entries())


def published_reports():
    return reports().published().order_by("title", "pk")


def outcomes():
    return OutcomeMetric.objects.select_related("source", "report")


def published_outcomes():
    return (
        outcomes()
        .published()
        .select_related("intervention")
        .order_by("intervention__name", "position", "key", "pk")
    )


def themes():
    return Theme.objects.prefetch_related(published_entries()).order_by("name", "pk")


def forces():
    return Force.objects.prefetch_related(published_entries()).order_by("name", "pk")


def organisations():
    return (
        Organisation.objects.public()
        .select_related("force_area")
        .prefetch_related(published_entries())
        .order_by("name", "pk")
    )


def sources():
    return (
        SourceDocument.objects.public()
        .prefetch_related(published_entries())
        .order_by("title", "pk")
    )
