"""Full-text search.

Each entry has a weighted search vector: name and short name count most (A), then
the summary (B), then the description and the names of its partner organisations
and lead forces (C). The vector draws on other tables, so it cannot be a generated
column; the model layer keeps it current instead (signals below, and
``refresh_search_vectors`` after bulk writes). A GIN index serves the match and a
trigram index on the name gives typo tolerance (Intervention.Meta.indexes). Ranking
reads every match's vector, so the vector is stored in the entry's row (migration 0015);
a search of one plain word instead reads its page in rank order from the kept words of
the published catalogue (PublishedWord, migration 0021; InterventionQuerySet.ranked_by_word).
"""

import html
import operator
import re
from functools import reduce

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db.backends.signals import connection_created
from django.db.models import F, FloatField, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat, Greatest
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.safestring import mark_safe

from interventions.derived import recompute
from interventions.facet_index import key as facet_key
from interventions.facets import EntryBits

SEARCH_CONFIG = "english"
# Typo tolerance uses pg_trgm's word-similarity operator (%>), which the trigram index on
# names serves: a name matches when its closest words share at least this share of the
# query's trigrams. pg_trgm's default, 0.6, misses a swapped pair of letters in short words.
WORD_SIMILARITY_THRESHOLD = 0.5
# Markers PostgreSQL puts around matched words; they cannot occur in typed text, so the
# snippet can be escaped as a whole before they become <mark> tags.
MARK_START, MARK_END = "\x02", "\x03"


def _names_of(links, name, short_name):
    """The names of an entry's linked rows, joined by spaces (NULL when it has none)."""
    return Subquery(
        links.objects.filter(intervention_id=OuterRef("pk"))
        .order_by()
        .values("intervention_id")
        .annotate(names=StringAgg(Concat(name, Value(" "), short_name), delimiter=" "))
        .values("names")
    )


def search_vector():
    """An entry's weighted search vector, as an expression over its row."""
    from interventions.models import Intervention, PartnerRole

    return (
        SearchVector("name", "short_name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector(
            "description",
            _names_of(PartnerRole, "organisation__name", "organisation__short_name"),
            _names_of(Intervention.forces.through, "force__name", "force__short_name"),
            weight="C",
            config=SEARCH_CONFIG,
        )
    )


def refresh_search_vectors(intervention_ids=None):
    """Recompute the vectors of the given entries (all when None)."""
    recompute("search_vector", search_vector, intervention_ids)


def full_text_search(queryset, terms, names_only=None):
    """Entries matching a web-search style query, annotated with ``relevance`` and ``snippet``.

    Supports "quoted phrases", ``or`` and ``-word``. When the words match nothing as
    typed, names within a typo or two of the query match instead; ``names_only`` says
    whether that is so when the caller already knows (see matches_nothing_as_typed).
    """
    query = SearchQuery(terms, search_type="websearch", config=SEARCH_CONFIG)
    if names_only is None:
        names_only = matches_nothing_as_typed(queryset, terms)
    if names_only:
        # Names within a typo or two count only when the words match nothing as typed,
        # so a fuzzy match never loosens a search that already has results.
        similarity = Greatest(
            TrigramWordSimilarity(terms, "name"),
            TrigramWordSimilarity(terms, "short_name"),
            output_field=FloatField(),
        )
        matches = queryset.filter(name__trigram_word_similar=terms)
        relevance = similarity
    else:
        # Matches alone, so the GIN index answers the filter without rereading vectors.
        matches = queryset.filter(search_vector=query)
        relevance = Coalesce(
            SearchRank(F("search_vector"), query), Value(0.0), output_field=FloatField()
        )
    return matches.annotate(
        relevance=relevance,
        snippet=SearchHeadline(
            "summary",
            query,
            config=SEARCH_CONFIG,
            start_sel=MARK_START,
            stop_sel=MARK_END,
            max_words=40,
            min_words=20,
        ),
    )


def read_search_results(queryset, reading):
    """Entries matching a search as interventions.interpretation read it, annotated like
    full_text_search's.

    Each part of the search narrows the results: an entry matches a part through any of
    its meanings (full-text index) or by being filed under one of its themes, settings or
    purposes (facet keys index). A named area keeps only the entries of its forces or
    regions.
    """
    if reading.areas:
        keys = [facet_key("force", pk) for pk in reading.force_ids]
        keys += [facet_key("region", region) for region in reading.regions]
        queryset = queryset.filter(facet_keys__overlap=keys)
    if reading.names_only:
        return full_text_search(queryset, reading.terms, names_only=True)
    if not reading.segments:
        return queryset.annotate(
            relevance=Value(0.0, output_field=FloatField()),
            snippet=Value("", output_field=TextField()),
        )
    conditions, queries = [], []
    for segment in reading.segments:
        query = reduce(
            operator.or_, (SearchQuery(p, config=SEARCH_CONFIG) for p in segment.phrases)
        )
        condition = Q(search_vector=query)
        if segment.facet_keys:
            condition |= Q(facet_keys__overlap=list(segment.facet_keys))
        conditions.append(condition)
        queries.append(query)
    query = reduce(operator.or_, queries)
    return queryset.filter(*conditions).annotate(
        relevance=Coalesce(
            SearchRank(F("search_vector"), query), Value(0.0), output_field=FloatField()
        ),
        snippet=SearchHeadline(
            "summary",
            query,
            config=SEARCH_CONFIG,
            start_sel=MARK_START,
            stop_sel=MARK_END,
            max_words=40,
            min_words=20,
        ),
    )


# A phrase of plain ASCII words: PostgreSQL's parser gives each word one lexeme, so
# plainto_tsquery() of the phrase is the AND of its text's lexemes, which the kept words
# answer exactly. Other characters (hyphens, dots, apostrophes) can make a phrase query.
PLAIN_PHRASE = re.compile(r"[0-9a-z]+(?: [0-9a-z]+)*")


def published_matches_bits(reading):
    """The published entries a search matches, as read_search_results matches them, as
    EntryBits for count_published_facets: built from the kept words of the published
    catalogue (PublishedWord) and each facet key's published entries, without reading
    the matching entries' rows. None when the search needs those rows: names within a
    typo, web-search syntax, a phrase of other characters, no words to match, or words
    so unlike in breadth that the matches are far fewer than the words' lists hold.

    An entry matches a phrase when it has each of the phrase's lexemes, a segment when it
    matches one of its phrases or has one of its facet keys, the search when it matches
    every segment and, with a named area, has one of the area's keys.
    """
    if reading is None or reading.as_typed or reading.names_only or not reading.segments:
        return None
    if not reading.counted_from_kept_words():
        return None
    phrases = [phrase for segment in reading.segments for phrase in segment.phrases]
    if not all(PLAIN_PHRASE.fullmatch(phrase) for phrase in phrases):
        return None
    parts, params, keys = [], [], []
    for segment in reading.segments:
        if segment.entries is not None and segment.phrases == (segment.words,):
            # A plain word of one lexeme: its kept string when it is broad.
            parts.append(_word_bits())
            params.extend([segment.lexemes[0], segment.lexemes[0]])
            continue
        sql, segment_params = _segment_entries(segment)
        if not segment.facet_keys:
            parts.append(_bits_of(sql))
            params.extend(segment_params)
            continue
        parts.append(
            f"({_bits_of(sql)} | COALESCE(BIT_OR(entries) FILTER (WHERE key = ANY(%s)), "
            f"{_no_bits()}))"
        )
        params.extend([*segment_params, list(segment.facet_keys)])
        keys.extend(segment.facet_keys)
    if reading.areas:
        area_keys = [facet_key("force", pk) for pk in reading.force_ids]
        area_keys += [facet_key("region", region) for region in reading.regions]
        parts.append("BIT_OR(entries) FILTER (WHERE key = ANY(%s))")
        params.append(area_keys)
        keys.extend(area_keys)
    return EntryBits(" & ".join(parts), tuple(params), tuple(keys))


def _word_bits():
    """SQL for a word's string (its lexeme the parameter, twice): kept when the word is
    broad (PublishedWordEntries), cut or padded to the facet keys' strings' length, else
    built from its kept list."""
    from interventions.models import PublishedWord, PublishedWordEntries

    kept = (
        "(SELECT CASE WHEN length(kept.entries) >= room.size "
        "THEN substring(kept.entries FROM 1 FOR room.size) "
        "ELSE kept.entries || repeat('0', room.size - length(kept.entries))::bit varying END "
        f"FROM {PublishedWordEntries._meta.db_table} AS kept, "
        f"(SELECT length(entries) AS size FROM {_kept_strings()} LIMIT 1) AS room "
        "WHERE kept.lexeme = %s)"
    )
    built = _bits_of(
        f"SELECT intervention_id FROM {PublishedWord._meta.db_table} WHERE lexeme = %s"
    )
    return f"COALESCE({kept}, {built})"


def _segment_entries(segment):
    """SQL for the ids of the published entries matching one of a segment's phrases."""
    from interventions.models import PublishedWord

    table = PublishedWord._meta.db_table
    each, params = [], []
    for phrase in segment.phrases:
        # Entries with every lexeme of the phrase (none when it has none, as PostgreSQL
        # matches nothing for a query of stop words alone).
        each.append(
            f"SELECT intervention_id FROM {table} "
            f"WHERE lexeme = ANY(tsvector_to_array(to_tsvector(%s::regconfig, %s))) "
            f"GROUP BY intervention_id "
            f"HAVING COUNT(*) = cardinality(tsvector_to_array(to_tsvector(%s::regconfig, %s)))"
        )
        params += [SEARCH_CONFIG, phrase, SEARCH_CONFIG, phrase]
    return " UNION ".join(each), params


def _kept_strings():
    from interventions.models import PublishedKeyEntries

    return PublishedKeyEntries._meta.db_table


def _no_bits():
    """SQL for the string of no entries."""
    return f"(SELECT entries # entries FROM {_kept_strings()} LIMIT 1)"


def _bits_of(ids):
    """SQL for the string with the bits of ``ids`` set (interventions_bits_of, migrations
    0023 and 0026), as long as the kept strings. Every kept string has that length, past
    every published entry's id (each has at least its has_report key)."""
    return (
        f"interventions_bits_of(ARRAY(SELECT id::integer FROM ({ids}) AS ids(id)), "
        f"(SELECT length(entries) FROM {_kept_strings()} LIMIT 1))"
    )


def matches_nothing_as_typed(queryset, terms):
    """Whether no entry of ``queryset`` matches the words as typed: one quick indexed query."""
    query = SearchQuery(terms, search_type="websearch", config=SEARCH_CONFIG)
    return not queryset.filter(search_vector=query).exists()


def highlighted(snippet):
    """A snippet made safe for HTML, with matched words wrapped in <mark>."""
    if not snippet or MARK_START not in snippet:
        return ""
    escaped = html.escape(snippet)
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def _refresh_for_entry(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    refresh_search_vectors([instance.pk])


def _refresh_for_partner(sender, instance, **kwargs):
    refresh_search_vectors([instance.intervention_id])


def _refresh_for_forces(sender, instance, action, pk_set, reverse, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    refresh_search_vectors(pk_set if reverse else [instance.pk])


def _refresh_for_renamed(sender, instance, created, **kwargs):
    if created or kwargs.get("raw"):
        return
    refresh_search_vectors(instance.interventions.values_list("pk", flat=True))


def _configure_connection(sender, connection, **kwargs):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
            [str(WORD_SIMILARITY_THRESHOLD)],
        )


def connect_signals():
    from interventions.models import Force, Intervention, Organisation, PartnerRole

    connection_created.connect(_configure_connection, dispatch_uid="search-trigram-threshold")
    post_save.connect(_refresh_for_entry, sender=Intervention, dispatch_uid="search-entry")
    post_save.connect(_refresh_for_partner, sender=PartnerRole, dispatch_uid="search-partner")
    post_delete.connect(
        _refresh_for_partner, sender=PartnerRole, dispatch_uid="search-partner-gone"
    )
    m2m_changed.connect(
        _refresh_for_forces, sender=Intervention.forces.through, dispatch_uid="search-forces"
    )
    for model in (Organisation, Force):
        post_save.connect(_refresh_for_renamed, sender=model, dispatch_uid=f"search-{model}")
