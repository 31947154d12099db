"""The rows each API endpoint and export reads, with everything they show prefetched,
so the number of queries does not grow with the number of rows."""

from django.db.models import Prefetch

from evaluations.models import EvaluationReport, OutcomeMetric, SeminarSession
from interventions.models import (
    Force,
    Funding,
    Intervention,
    Organisation,
    SourceCitation,
    SourceDocument,
    Theme,
    partners_lead_first,
)

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


def entries(queryset=None):
    """Published entries with everything InterventionSerializer reads, prefetched.

    The API and the downloads build the same representation from plain values
    (api.representations); the serializer over these rows is the reference the parity
    tests hold them to, and documents the schema.
    """
    queryset = Intervention.objects.published() if queryset is None else queryset
    return queryset.prefetch_related(
        "themes",
        "forces",
        "purposes",
        "delivery_settings",
        Prefetch("partner_roles", queryset=partners_lead_first()),
        Prefetch("funding", queryset=Funding.objects.select_related("source", "funder")),
        Prefetch("reports", queryset=reports().order_by(*ENTRY_REPORT_ORDER)),
        Prefetch("outcomes", queryset=outcomes()),
        Prefetch("seminar_sessions", queryset=SeminarSession.objects.select_related("source")),
        Prefetch("citations", queryset=SourceCitation.objects.select_related("source")),
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
