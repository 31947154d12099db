"""Which entries a comparison shows, read forgivingly from its address.

``/compare/?items=a,b`` and ``/compare/?items=a&items=b`` (what the list's checkboxes
send) mean the same. Two to four published entries are compared; anything else in the
address is left out and named in a notice, read forgivingly by interventions.filters.reading
in the words every page uses. Unpublished entries are treated exactly as entries that do
not exist, so a notice never tells a draft from a mistyped address.
"""

import re
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse

from evaluations.models import EvaluationReport, OutcomeMetric, rating_summary
from evidence.costs import costs_per_person
from evidence.models import ExternalEvidenceLink
from interventions.filters import MAX_VALUES_READ, ParameterReader
from interventions.filters.reading import either, more_than_allowed, quoted
from interventions.models import Funding, Intervention

MIN_ITEMS, MAX_ITEMS = 2, 4
MAX_SLUG_LENGTH = 200
# How the messages name what ``items`` gives: "There is no published entry “x”".
ITEMS_LABEL = "published entry"
SLUG = re.compile(r"^[-a-zA-Z0-9_]+\Z")
# Shown first in the comparison: figures that are a change, then the rest, in entry order.
HEADLINE_METRICS = 4


def compare_url(slugs):
    """The shareable, canonical address: one ``items`` parameter, slugs joined by commas."""
    base = reverse("evidence:compare")
    return f"{base}?items={','.join(slugs)}" if slugs else base


def comparison_queryset():
    """Published entries with everything the comparison table shows, in a fixed number of
    queries whatever the number of entries."""
    return (
        Intervention.objects.published()
        .select_related("evidence_rating__source")
        .prefetch_related(
            "themes",
            "forces",
            "purposes",
            "delivery_settings",
            Prefetch("funding", queryset=Funding.objects.order_by("key")),
            Prefetch(
                "reports",
                queryset=EvaluationReport.objects.order_by("published_on", "title"),
            ),
            Prefetch("outcomes", queryset=OutcomeMetric.objects.select_related("source")),
            Prefetch(
                "external_evidence",
                queryset=ExternalEvidenceLink.objects.order_by("catalogue", "title"),
            ),
        )
    )


def headline_metrics(metrics):
    changes = [metric for metric in metrics if metric.direction]
    others = [metric for metric in metrics if not metric.direction]
    return (changes + others)[:HEADLINE_METRICS]


@dataclass
class ComparedEntry:
    entry: Intervention
    remove_url: str

    @property
    def outcomes(self):
        return list(self.entry.outcomes.all())

    @property
    def rating(self):
        return rating_summary(self.entry)

    @property
    def headline_metrics(self):
        return headline_metrics(self.outcomes)

    @property
    def more_metrics(self):
        return len(self.outcomes) - len(self.headline_metrics)

    @property
    def costs_per_person(self):
        return costs_per_person(self.entry.funding.all(), self.outcomes)


class Comparison:
    def __init__(self, query):
        reader = ParameterReader(query)
        # Only values shaped like a slug are worth looking up; the rest are unknown anyway.
        asked = [
            value
            for value in reader.values("items", separator=",")[:MAX_VALUES_READ]
            if len(value) <= MAX_SLUG_LENGTH and SLUG.match(value)
        ]
        published = (
            {
                entry.slug: entry
                for entry in Intervention.objects.published()
                .filter(slug__in=asked)
                .only("slug", "name", "short_name")
            }
            if asked
            else {}
        )
        known = reader.choices("items", ITEMS_LABEL, list(published), separator=",")
        self.slugs = known[:MAX_ITEMS]
        excess = [published[slug].display_name for slug in known[MAX_ITEMS:]]
        if excess:
            reader.add(
                "items",
                more_than_allowed(MAX_ITEMS, "entries can be compared"),
                f"{quoted(excess)} {either(excess, 'was', 'were')} left out",
            )
        self.notices = reader.notices
        loaded = (
            {entry.slug: entry for entry in comparison_queryset().filter(slug__in=self.slugs)}
            if self.slugs
            else {}
        )
        self.entries = [
            ComparedEntry(
                loaded[slug],
                compare_url([other for other in self.slugs if other != slug]),
            )
            for slug in self.slugs
            if slug in loaded
        ]

    @property
    def is_ready(self):
        return len(self.entries) >= MIN_ITEMS

    @property
    def url(self):
        return compare_url(self.slugs)
