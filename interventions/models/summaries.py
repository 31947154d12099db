"""Counts of the published catalogue kept by the database itself.

The home page, the unfiltered list and the theme, force and evidence-rating pages show
how many published entries carry each filter value. Counting them means unnesting the
facet keys of every published entry, close to a second at 100,000 entries, and every
curator's save would make the next readers wait for it again. Instead, triggers on the
entries table (migration 0014) add and subtract each changed entry's keys in the same
transaction as the change, so the counts are exact as soon as it commits and no reader
ever counts the whole catalogue.
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Func, Value

from interventions import batched, facet_index
from interventions.facet_index import SEPARATOR
from interventions.facets import FACETS, FacetCounts
from interventions.models.interventions import FacetFilters
from interventions.reading_database import reading_connection

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


def _keys_of(facet):
    """The keys of one facet among an entry's keys, computed by PostgreSQL as the row is
    written (the function is created by migration 0022)."""
    return models.GeneratedField(
        expression=Func(
            F("facet_keys"),
            Value(facet_index.key(facet, "")),
            function="interventions_keys_of",
            output_field=ArrayField(models.TextField()),
        ),
        output_field=ArrayField(models.TextField()),
        db_persist=True,
    )


class PublishedFacetKeys(models.Model):
    """The facet keys of one published entry, apart from the rest of its row; kept by
    database triggers only (migration 0022).

    A filtered list counts its facet options over the entries each set of filters
    leaves: an entry's own row is about 3 kB, one to a few pages each, while this row is
    a few hundred bytes, dozens to a page. Each facet's keys also have a column of their
    own, so that a set counted for one facet reads only that facet's keys
    (interventions.facets). Drafts have no row: nothing here is ever unpublished.
    """

    # The entry's id.
    id = models.IntegerField(primary_key=True)
    facet_keys = ArrayField(models.TextField())
    theme_keys = _keys_of("theme")
    force_keys = _keys_of("force")
    region_keys = _keys_of("region")
    purpose_keys = _keys_of("purpose")
    evidence_stage_keys = _keys_of("evidence_stage")
    verdict_keys = _keys_of("verdict")
    status_keys = _keys_of("status")
    setting_keys = _keys_of("setting")
    has_report_keys = _keys_of("has_report")
    source_keys = _keys_of("source")

    objects = FacetFilters.as_manager()

    class Meta:
        indexes = [GinIndex(fields=["facet_keys"], name="published_facet_keys")]

    def __str__(self):
        return f"entry {self.id}: {', '.join(self.facet_keys)}"

    @staticmethod
    def column(facet):
        """The column holding the keys of ``facet`` alone."""
        assert facet in FACETS, facet
        return f"{facet}_keys"


class BitsField(models.Field):
    """A string of bits (PostgreSQL's ``bit varying``), read as a string of 0s and 1s."""

    def db_type(self, connection):
        return "bit varying"


class PublishedKeyEntries(models.Model):
    """Which published entries carry one facet key, as a string of bits: bit n is set when
    the entry whose id is n has the key. Kept by database triggers only (migration 0023).

    A list filtered by facets alone counts each option over the entries the other filters
    leave. With these bits the database ANDs and ORs each filter's keys' strings together
    and counts the set bits of each option's string within them
    (interventions.facets.count_published_facets): about a hundred strings of 12 kB at
    100,000 entries, whatever the number of entries the filters leave, where reading
    the entries' keys meant reading each matching entry's row. Every row's string has
    the same length, a multiple of 65,536 bits past the highest published id. Drafts
    have no bits: the strings come from PublishedFacetKeys.
    """

    key = models.TextField(primary_key=True)
    entries = BitsField()

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return self.key


class RealField(models.FloatField):
    """A single-precision float: what PostgreSQL's ts_rank returns, stored as it is."""

    def db_type(self, connection):
        return "real"


class PublishedWord(models.Model):
    """One word (a full-text lexeme) of one published entry, with the entry's rank for a
    search of that word alone; kept by database triggers only (migration 0021).

    The primary key's index lists a word's entries in the order a search of the word
    ranks them: ``rank_key`` is minus ``ts_rank`` of the entry's search vector for the
    word (higher rank first), then the entry's name and id, the list's tie-breaks. So a
    search of one word reads its first page from the index and stops (``ranked_by_word``),
    and whether the published catalogue has a word at all is one key lookup
    (interventions.interpretation). Drafts have no rows.
    """

    pk = models.CompositePrimaryKey("lexeme", "rank_key", "name", "intervention")
    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # rows are found and removed by their whole key
        related_name="published_words",
    )
    rank_key = RealField()
    lexeme = models.TextField()
    name = models.CharField(max_length=200)

    def __str__(self):
        return f"{self.lexeme}: {self.name}"

    @classmethod
    def ranked_keys(cls, lexemes, bottom, top):
        """The ids of the published entries with every one of ``lexemes`` (distinct, in
        order), from ``bottom`` to ``top`` in the order PostgreSQL ranks a search ORing
        them: the mean of each lexeme's own rank, highest first, then name and id.

        Raw SQL: the ORM joins these rows to the entries first, reading each match's row,
        where the page needs only the lists joined and sorted.
        """
        table = cls._meta.db_table
        joins = " ".join(
            f"JOIN {table} AS word{number} ON word{number}.intervention_id = "
            f"word0.intervention_id AND word{number}.lexeme = %s"
            for number in range(1, len(lexemes))
        )
        # ts_rank adds each lexeme's rank in the lexemes' order, then divides.
        rank = " + ".join(f"word{number}.rank_key" for number in range(len(lexemes)))
        sql = (
            f"SELECT word0.intervention_id FROM {table} AS word0 {joins} "
            f"WHERE word0.lexeme = %s "
            f"ORDER BY ({rank}) / %s::real, word0.name, word0.intervention_id "
            f"LIMIT %s OFFSET %s"
        )
        params = [*lexemes[1:], lexemes[0], len(lexemes), top - bottom, bottom]
        with reading_connection(cls).cursor() as cursor:
            cursor.execute(sql, params)
            return [pk for (pk,) in cursor.fetchall()]


class PublishedWordCount(models.Model):
    """How many published entries have each word (full-text lexeme): PublishedWord's rows
    counted by word, kept by database triggers only (migration 0025).

    Read with the search's words (interventions.interpretation), it tells how broad each
    word is, so a search of several words can choose its cheaper way to be counted and
    ranked: from the kept words when every word is about as broad as the results could
    be, or from the matching entries' rows when one word is much broader than another.
    """

    lexeme = models.TextField(primary_key=True)
    entries = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.lexeme}: {self.entries}"


class PublishedWordEntries(models.Model):
    """Which published entries have one broad word (full-text lexeme), as a string of bits
    like PublishedKeyEntries' (bit n for the entry whose id is n); kept by database
    triggers only (migration 0026), for the words at least 1,000 published entries have.

    A search's facet counts read a broad word's string here rather than building it from
    the word's kept list on every request (interventions.search.published_matches_bits).
    """

    lexeme = models.TextField(primary_key=True)
    entries = BitsField()

    def __str__(self):
        return self.lexeme
