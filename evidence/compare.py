"""Which entries a comparison shows, read forgivingly from its address.

``/compare/?items=a,b`` and ``/compare/?items=a&items=b`` (what the list's checkboxes
send) mean the same. Two to four published entries are compared; anything else in the
address is left out and named in a notice. Unpublished entries are treated exactly as
entries that do not exist, so a notice never tells a draft from a mistyped address.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse

from evaluations.models import EvaluationReport, OutcomeMetric, rating_summary
from evidence.costs import costs_per_person
from evidence.models import ExternalEvidenceLink
from interventions.filters import shown
from interventions.models import Funding, Intervention

MIN_ITEMS, MAX_ITEMS = 2, 4
# Beyond this many values the rest of a long or hostile address is not even read.
MAX_VALUES_READ = 50
MAX_SLUG_LENGTH = 200
SLUG = re.compile(r"^[-a-zA-Z0-9_]+\Z")
# Shown first in the comparison: figures that are a change, then the rest, in entry order.
HEADLINE_METRICS = 4
QUOTED_LIMIT = 5


def compare_url(slugs):
    """The shareable, canonical address: one ``items`` parameter, slugs joined by commas."""
    base = reverse("evidence:compare")
    return f"{base}?items={','.join(slugs)}" if slugs else base


def quoted(values):
    named = ", ".join(f"“{shown(value)}”" for value in values[:QUOTED_LIMIT])
    if len(values) > QUOTED_LIMIT:
        named += f" and {len(values) - QUOTED_LIMIT} more"
    return named


def either(items, one, several):
    return one if len(items) == 1 else several


@dataclass
class Selection:
    """The slugs asked for, in order, split into those that can be used and the rest."""

    wanted: list = field(default_factory=list)
    malformed: list = field(default_factory=list)
    repeated: list = field(default_factory=list)
    values_given: int = 0
    values_read: int = 0

    @classmethod
    def from_query(cls, query):
        values = []
        for given in query.getlist("items"):
            values += [part.strip() for part in given.split(",")]
        values = [value for value in values if value]
        selection = cls(values_given=len(values))
        for value in values[:MAX_VALUES_READ]:
            selection.values_read += 1
            if len(value) > MAX_SLUG_LENGTH or not SLUG.match(value):
                selection.malformed.append(value)
            elif value in selection.wanted:
                if value not in selection.repeated:
                    selection.repeated.append(value)
            else:
                selection.wanted.append(value)
        return selection


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
        self.selection = Selection.from_query(query)
        wanted = self.selection.wanted
        published = (
            {
                entry.slug: entry
                for entry in Intervention.objects.published()
                .filter(slug__in=wanted)
                .only("slug", "name", "short_name")
            }
            if wanted
            else {}
        )
        known = [slug for slug in wanted if slug in published]
        self.unknown = [slug for slug in wanted if slug not in published]
        self.excess = [published[slug] for slug in known[MAX_ITEMS:]]
        self.slugs = known[:MAX_ITEMS]
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

    @property
    def notices(self):
        selection = self.selection
        notices = []
        if self.unknown:
            notices.append(
                f"No published entry has the address {quoted(self.unknown)}, so "
                f"{either(self.unknown, 'it was', 'they were')} left out."
            )
        if selection.malformed:
            what = either(selection.malformed, "is not an entry address", "are not entry addresses")
            notices.append(
                f"{quoted(selection.malformed)} {what}, so left out. "
                "Entry addresses use letters, numbers and hyphens."
            )
        if selection.repeated:
            notices.append(
                f"{quoted(selection.repeated)} {either(selection.repeated, 'was', 'were')} "
                "chosen more than once and shown once."
            )
        if self.excess:
            names = [entry.display_name for entry in self.excess]
            notices.append(
                f"Up to {MAX_ITEMS} entries can be compared at once, so "
                f"{quoted(names)} {either(names, 'was', 'were')} left out."
            )
        unread = selection.values_given - selection.values_read
        if unread:
            notices.append(
                f"The address named {selection.values_given} entries; only the first "
                f"{selection.values_read} were read."
            )
        return notices
