"""The catalogue in two small charts: published entries by evidence stage and by theme."""

from django.db.models import Count

from evidence.charts import Bar, bar_chart
from interventions.models import EvidenceStage, Intervention


def published_by_stage(counts=None):
    """(stage label, number of published entries) for every stage, least evidence first.

    ``counts`` maps a stage to its number when the caller has them already.
    """
    if counts is None:
        counts = dict(
            Intervention.objects.published()
            .values_list("evidence_stage")
            .annotate(total=Count("pk"))
            .order_by()
        )
    return [(label, counts.get(value, 0)) for value, label in EvidenceStage.choices]


def evidence_overview(themes, stage_counts=None):
    """Both charts and the total, from ``themes`` annotated with ``entry_count``, and the
    number of published entries at each stage (one query when not given).

    Each theme's count is of published entries; an entry may have several themes.
    """
    stages = published_by_stage(stage_counts)
    by_count = sorted(themes, key=lambda theme: (-theme.entry_count, theme.name))
    return {
        "entry_count": sum(count for _, count in stages),
        "stage_chart": bar_chart(
            "chart-evidence-stages",
            "Published entries by evidence stage, from least to most evidence",
            [Bar(label, count) for label, count in stages],
        ),
        "theme_chart": bar_chart(
            "chart-themes",
            "Published entries by theme, most first",
            [Bar(theme.name, theme.entry_count) for theme in by_count],
        ),
    }
