"""The data-quality report: gaps in the catalogue, counted, each linked to the rows to fix.

Every check is a condition on one model. The same condition counts the rows on the report (one
query per model) and filters that model's admin list when its link is followed.
"""

from collections.abc import Callable
from typing import NamedTuple

from django.contrib import admin
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from evaluations.models import EvaluationReport, OutcomeMetric
from interventions.models import Intervention, PartnerRole, SourceCitation


class Check(NamedTuple):
    slug: str
    label: str
    # Built afresh for every query, as expressions with OuterRef cannot be shared.
    condition: Callable[[], Q]


def _no_rows(queryset):
    return ~Exists(queryset)


INTERVENTION_CHECKS = [
    Check(
        "without-theme",
        "Interventions without a theme",
        lambda: Q(
            _no_rows(Intervention.themes.through.objects.filter(intervention=OuterRef("pk")))
        ),
    ),
    Check(
        "without-force-or-organisation",
        "Interventions with neither a police force nor an organisation",
        lambda: Q(
            _no_rows(Intervention.forces.through.objects.filter(intervention=OuterRef("pk"))),
            _no_rows(PartnerRole.objects.filter(intervention=OuterRef("pk"))),
        ),
    ),
    Check(
        "without-report",
        "Interventions without an evaluation report",
        lambda: Q(
            _no_rows(
                EvaluationReport.interventions.through.objects.filter(intervention=OuterRef("pk"))
            )
        ),
    ),
    Check(
        "without-source",
        "Interventions without a source document",
        lambda: Q(_no_rows(SourceCitation.objects.filter(intervention=OuterRef("pk")))),
    ),
    Check(
        "without-summary",
        "Interventions without a summary",
        lambda: Q(summary__regex=r"^\s*$"),
    ),
]

OUTCOME_CHECKS = [
    # Every figure names its source document (the database insists); what can be missing is
    # where in that document the figure is, which readers need to check it.
    Check(
        "without-source-section",
        "Outcome figures without the section or page of their source",
        lambda: Q(source_section__regex=r"^\s*$"),
    ),
    Check("without-unit", "Outcome figures without a unit", lambda: Q(unit="")),
]

REPORT_CHECKS = [
    Check("without-url", "Evaluation reports without a web address", lambda: Q(url="")),
]

CHECKS_BY_MODEL = {
    Intervention: INTERVENTION_CHECKS,
    OutcomeMetric: OUTCOME_CHECKS,
    EvaluationReport: REPORT_CHECKS,
}


def count_gaps(model, checks):
    """How many rows fail each check, in one query."""
    counts = model.objects.aggregate(
        **{check.slug.replace("-", "_"): Count("pk", filter=check.condition()) for check in checks}
    )
    return [(check, counts[check.slug.replace("-", "_")]) for check in checks]


def data_quality_report(user):
    """Rows for the report: label, count and the admin list that shows them, if the user may
    open that list (None otherwise)."""
    rows = []
    for model, checks in CHECKS_BY_MODEL.items():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        may_open = user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
            f"{opts.app_label}.change_{opts.model_name}"
        )
        for check, count in count_gaps(model, checks):
            rows.append(
                {
                    "label": check.label,
                    "count": count,
                    "url": (
                        f"{changelist}?{DataQualityFilter.parameter_name}={check.slug}"
                        if may_open
                        else None
                    ),
                }
            )
    return rows


class DataQualityFilter(admin.SimpleListFilter):
    """'Data quality' in the admin list's filters; the report's links land here."""

    title = "data quality"
    parameter_name = "quality"

    def checks(self, model_admin):
        return CHECKS_BY_MODEL[model_admin.model]

    def lookups(self, request, model_admin):
        return [(check.slug, check.label) for check in self.checks(model_admin)]

    def queryset(self, request, queryset):
        for check in CHECKS_BY_MODEL[queryset.model]:
            if self.value() == check.slug:
                return queryset.filter(check.condition())
        return queryset
