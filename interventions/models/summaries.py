"""Counts of the published catalogue kept by the database itself.

The home page, the unfiltered list and the theme, force and evidence-rating pages show
how many published entries carry each filter value. Counting them means unnesting the
facet keys of every published entry, close to a second at 100,000 entries, and every
curator's save would make the next readers wait for it again. Instead, triggers on the
entries table (migration 0014) add and subtract each changed entry's keys in the same
transaction as the change, so the counts are exact as soon as it commits and no reader
ever counts the whole catalogue.
"""

from django.db import models

from interventions import batched, facet_index
from interventions.facet_index import SEPARATOR
from interventions.facets import FacetCounts

# The key of the row that counts every published entry.
WHOLE_CATALOGUE = ""


class PublishedKeyCount(models.Model):
    """How many published entries carry one facet key; kept by database triggers only."""

    key = models.TextField(primary_key=True)
    # Not a positive field: an upsert that subtracts proposes a negative row first, and
    # PostgreSQL checks constraints on it before it finds the row to update.
    entries = models.IntegerField(default=0)

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return f"{self.key or 'published entries'}: {self.entries}"

    @classmethod
    def counts(cls, facets):
        """The whole published catalogue counted by every facet in ``facets``, as
        interventions.facets.count_facets counts it: one read of a few hundred rows."""
        counts = FacetCounts()
        counts.totals[""] = 0
        wanted = set(facets)
        # The same query on every request: compiled once.
        rows = batched.rows(
            "published-key-counts",
            lambda: cls.objects.filter(entries__gt=0).values_list("key", "entries"),
        )
        for key, entries in rows:
            if key == WHOLE_CATALOGUE:
                counts.totals[""] = entries
                continue
            facet, value = key.split(SEPARATOR, 1)
            if facet in wanted:
                counts.options[facet][value] = entries
        return counts

    @classmethod
    def entries_with(cls, facet, values):
        """How many published entries carry each of ``facet``'s ``values`` (a theme's or
        a force's ids, say), as a dict by value: a few rows read by their keys."""
        keys = {facet_index.key(facet, value): value for value in values}
        found = dict(cls.objects.filter(key__in=keys).values_list("key", "entries"))
        return {value: found.get(key, 0) for key, value in keys.items()}

    @classmethod
    def values_counted(cls, facet):
        """The values of ``facet`` that some published entry has, e.g. the kinds of
        outcome published figures measure."""
        prefix = facet_index.key(facet, "")
        keys = cls.objects.filter(key__startswith=prefix, entries__gt=0)
        return {counted.removeprefix(prefix) for counted in keys.values_list("key", flat=True)}
