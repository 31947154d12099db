"""The catalogue in two small charts: published entries by evidence stage and by theme."""

from evidence.charts import Bar, bar_chart
from interventions.models import EvidenceStage


def evidence_overview(themes, stage_counts):
    """Both charts and the total, from ``themes`` annotated with ``entry_count`` and
    ``stage_counts``, the number of published entries at each evidence stage.

    Each theme's count is of published entries; an entry may have several themes.
    """
    stages = [(label, stage_counts.get(value, 0)) for value, label in EvidenceStage.choices]
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
