"""Reading a search in the words people use (interventions.models.search_vocabulary).

A plain search ("knife crime young adults north west") is read once, in one query, against
the vocabulary and the catalogue:

- a word or phrase that names a place, a force (or its abbreviation) or a region becomes
  the area searched: only the entries of those forces, or of the forces in those regions;
- a word or phrase that is a search term also matches its meanings and the entries filed
  under its themes, settings and purposes ("stabbing" finds entries filed under Knife crime);
- a word that matches nothing in the catalogue as typed, and is a typo or two from a word of
  the vocabulary, is read as that word ("knfe crme" as "knife crime").

The query looks words up through the vocabulary's unique keys and its trigram indexes, and
whether each word occurs in the published catalogue through the kept index of its words
(PublishedWordCount: one key lookup, which also tells how many published entries have it;
the full-text index only for a word of several lexemes,
such as "o'brien"); it never scans a table.
Searches using web-search syntax ("quoted phrases", ``or``, ``-word``) are taken as typed.
"""

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from interventions.models import (
    Force,
    ForceAlias,
    Intervention,
    Place,
    PlaceKind,
    PublicationState,
    PublishedWordCount,
    Region,
    SearchTerm,
    SearchWord,
    search_key,
    search_words,
)
from interventions.reading_database import reading_connection
from interventions.search import SEARCH_CONFIG

# The longest place or force name, in words ("Hampshire and Isle of Wight Constabulary").
LONGEST_NAME = 6
# Words shorter than this are never read as a typo of another ("DA" is not "ED").
SHORTEST_TYPO = 4
# How alike a typed word and a vocabulary word must be (difflib's ratio) to be read as it,
# and, less alike, to be offered as "Did you mean" when nothing is found.
TYPO_LIKENESS = 0.7
SUGGESTION_LIKENESS = 0.5
# A search of several plain words reads the kept lists of its words to rank its results
# when they hold at most this many times the narrowest word's entries; otherwise it ranks
# the matching entries, which are never more than the narrowest word's.
KEPT_WORDS_BREADTH = 3
# A word at least this many published entries have has its string of bits kept
# (PublishedWordEntries; interventions_broad_word_entries() in migration 0026); a search
# whose narrowest word has fewer reads its matches to count them.
BROAD_WORD_ENTRIES = 1000
# A search ranked from its words' kept lists joins one list per word.
RANKED_WORDS_MOST = 4


@dataclass(frozen=True)
class Area:
    """A force or region a search named, and the words that named it."""

    words: str
    label: str  # "Lancashire Constabulary", "North West"
    force_ids: tuple = ()
    regions: tuple = ()


@dataclass(frozen=True)
class Segment:
    """One part of the search: an entry must match one of its phrases or be filed under
    one of its facet keys."""

    words: str
    phrases: tuple
    facet_keys: tuple = ()
    lexemes: tuple = ()  # a plain word's full-text lexemes, when the catalogue has it
    entries: int | None = None  # the published entries with a plain word of one lexeme


@dataclass
class Reading:
    """What a search was read as."""

    terms: str
    segments: list = field(default_factory=list)
    areas: list = field(default_factory=list)
    corrections: dict = field(default_factory=dict)  # typed word -> word read
    suggestions: dict = field(default_factory=dict)  # typed word -> a vocabulary word like it
    unknown: set = field(default_factory=set)  # words in neither the catalogue nor vocabulary
    expansions: list = field(default_factory=list)  # (words, meanings) for the page
    as_typed: bool = False  # web-search syntax: searched exactly as typed
    names_only: bool = False  # nothing read; names within a typo are searched

    @property
    def force_ids(self):
        return sorted({pk for area in self.areas for pk in area.force_ids})

    @property
    def regions(self):
        return sorted({region for area in self.areas for region in area.regions})

    @property
    def area_label(self):
        return " and ".join(area.label for area in self.areas)

    @property
    def text_terms(self):
        """The words searched as text, as read (without the place words)."""
        return " ".join(segment.words for segment in self.segments)

    @property
    def corrected_terms(self):
        """The search with its typos read as the words they were taken for."""
        words = search_key(self.terms).split()
        return " ".join(self.corrections.get(word, word) for word in words)

    @property
    def ranked_lexeme(self):
        """The one full-text lexeme that ranks a search of one plain word, or None.

        Such a search matches the entries with that lexeme and ranks them by ts_rank for
        it alone, which the kept PublishedWord rows hold in order: its pages are read
        from their index (InterventionQuerySet.ranked_by_word)."""
        if self.as_typed or self.names_only or len(self.segments) != 1:
            return None
        segment = self.segments[0]
        plain = segment.phrases == (segment.words,) and not segment.facet_keys
        return segment.lexemes[0] if plain and len(segment.lexemes) == 1 else None

    @property
    def plain_lexemes(self):
        """The lexemes of a search of plain words alone, each one lexeme the published
        catalogue has, in the order typed; None for any other search."""
        if self.as_typed or self.names_only or not self.segments:
            return None
        if any(
            segment.facet_keys or segment.phrases != (segment.words,) or segment.entries is None
            for segment in self.segments
        ):
            return None
        return tuple(segment.lexemes[0] for segment in self.segments)

    def words_alike_in_breadth(self):
        """Whether the kept lists of a search's words are cheaper to read whole than the
        entries it matches: a single part, or plain words whose entries add up to at most
        KEPT_WORDS_BREADTH times the narrowest word's (the most the results can be)."""
        if len(self.segments) == 1:
            return True
        if self.plain_lexemes is None:
            return False
        breadths = [segment.entries for segment in self.segments]
        return sum(breadths) <= KEPT_WORDS_BREADTH * min(breadths)

    def counted_from_kept_words(self):
        """Whether a search's matches are cheaper found from its words' kept strings
        (interventions.search.published_matches_bits) than by reading the entries it
        matches. Its results are never more than its narrowest word's entries: reading
        fewer than BROAD_WORD_ENTRIES costs less than the strings' constant few
        milliseconds, and a word that many entries have has its string kept. So: plain
        words every one of which is broad, or a single vocabulary term or phrase (whose
        breadth is not known, its facet keys' entries included)."""
        lexemes = self.plain_lexemes
        if lexemes is None:
            return len(self.segments) == 1
        return min(segment.entries for segment in self.segments) >= BROAD_WORD_ENTRIES

    @property
    def ranked_lexemes(self):
        """The distinct lexemes of a search of several plain words alike in breadth, whose
        kept ranks give its order (InterventionFilterSet.ranked_page_keys), or None."""
        lexemes = self.plain_lexemes
        if not lexemes or not self.words_alike_in_breadth():
            return None
        distinct = tuple(sorted(set(lexemes)))
        return distinct if 1 < len(distinct) <= RANKED_WORDS_MOST else None

    def everywhere_terms(self):
        """The same search without the words that named an area."""
        return self.text_terms

    def did_you_mean(self):
        """The search with each word the catalogue lacks replaced by a vocabulary word like
        it, or left out when none is like it; "" when that leaves nothing new to offer."""
        words = [
            self.suggestions.get(word, word)
            for word in search_key(self.corrected_terms).split()
            if word in self.suggestions or word not in self.unknown
        ]
        offer = " ".join(words)
        return offer if offer and offer != search_key(self.corrected_terms) else ""


def region_label(region):
    """A region as a sentence names it: "Wales", "London", "the North West region"."""
    label = Region(region).label
    return label if region in {Region.WALES, Region.LONDON} else f"the {label} region"


def uses_syntax(terms):
    words = terms.split()
    return '"' in terms or any(word.startswith("-") or word.lower() == "or" for word in words)


def read_search(terms):
    """The Reading of ``terms``: one query, whatever the number of words."""
    reading = Reading(terms=terms)
    if uses_syntax(terms):
        reading.as_typed = True
        return reading
    words = search_key(" ".join(search_words(terms))).replace("-", " ").split()
    if not words:
        return reading
    found = _look_up(words)
    words = _corrected(words, found, reading)
    _read_words(words, found, reading)
    return reading


def grams(words):
    """Every run of up to LONGEST_NAME consecutive words, with plurals also singular."""
    runs = set()
    for start in range(len(words)):
        for end in range(start + 1, min(len(words), start + LONGEST_NAME) + 1):
            run = " ".join(words[start:end])
            runs.add(run)
            if run.endswith("s") and len(words[end - 1]) > 3:
                runs.add(run[:-1])
    return sorted(runs)


@dataclass
class Found:
    terms: dict = field(default_factory=dict)  # key -> (phrase, means, facet keys)
    areas: dict = field(default_factory=dict)  # key -> (label, force ids, regions)
    known: set = field(default_factory=set)  # words the catalogue's text has
    stopwords: set = field(default_factory=set)  # words full-text search ignores
    near: set = field(default_factory=set)  # vocabulary words within a typo of a word
    lexemes: dict = field(default_factory=dict)  # known or near word -> its lexemes
    breadth: dict = field(default_factory=dict)  # known word of one lexeme -> its entries

    def meaning(self, key):
        if key in self.areas:
            return "area"
        if key in self.terms:
            return "term"
        if key.endswith("s") and (key[:-1] in self.areas or key[:-1] in self.terms):
            return self.meaning(key[:-1])
        return None

    def lookup(self, key):
        for table in (self.areas, self.terms):
            if key in table:
                return key
        if key.endswith("s") and self.meaning(key[:-1]):
            return key[:-1]
        return None


def _look_up(words):
    """Every vocabulary row a run of the words names, or a word nearly names; and which
    words the catalogue's published text contains."""
    runs = grams(words)
    typos = [word for word in words if len(word) >= SHORTEST_TYPO]
    entries = Intervention._meta.db_table
    word_counts = PublishedWordCount._meta.db_table
    forces = Force._meta.db_table
    sql = f"""
        WITH near AS (
            SELECT coalesce(array_agg(word::text), ARRAY[]::text[]) AS words
            FROM {SearchWord._meta.db_table} WHERE word::text %% ANY(%(typos)s::text[])
        )
        SELECT 'near', word, '', '', tsvector_to_array(to_tsvector(%(config)s, word::text)),
               NULL::integer, NULL::text
        FROM {SearchWord._meta.db_table} WHERE word::text %% ANY(%(typos)s::text[])
        UNION ALL
        SELECT 'term', t.key, t.phrase, t.means,
               ARRAY(SELECT 'theme:' || theme_id FROM {SearchTerm.themes.through._meta.db_table}
                     WHERE searchterm_id = t.id)
               || ARRAY(SELECT 'setting:' || setting_id
                        FROM {SearchTerm.delivery_settings.through._meta.db_table}
                        WHERE searchterm_id = t.id)
               || ARRAY(SELECT 'purpose:' || purpose_id
                        FROM {SearchTerm.purposes.through._meta.db_table}
                        WHERE searchterm_id = t.id),
               NULL, NULL
        FROM {SearchTerm._meta.db_table} t
        WHERE t.key = ANY(%(runs)s) OR t.key %%> ANY((SELECT words FROM near)::text[])
        UNION ALL
        SELECT 'force', a.key, f.name, '', ARRAY[]::text[], f.id, f.region
        FROM {ForceAlias._meta.db_table} a JOIN {forces} f ON f.id = a.force_id
        WHERE a.key = ANY(%(runs)s) OR a.key %%> ANY((SELECT words FROM near)::text[])
        UNION ALL
        SELECT 'place', p.key, p.name, p.kind, ARRAY[f.name], p.force_id, p.region
        FROM {Place._meta.db_table} p LEFT JOIN {forces} f ON f.id = p.force_id
        WHERE p.key = ANY(%(runs)s) OR p.key %%> ANY((SELECT words FROM near)::text[])
        UNION ALL
        SELECT CASE WHEN numnode(query) = 0 THEN 'stop' ELSE 'known' END,
               w, '', '', lexemes,
               CASE WHEN numnode(query) = 1 AND cardinality(lexemes) = 1
                    THEN (SELECT entries FROM {word_counts} WHERE lexeme = lexemes[1]) END,
               NULL
        FROM unnest(%(words)s::text[]) AS w,
             plainto_tsquery(%(config)s, w) AS query,
             tsvector_to_array(to_tsvector(%(config)s, w)) AS lexemes
        WHERE numnode(query) = 0
           OR CASE WHEN numnode(query) = 1 AND cardinality(lexemes) = 1
                   THEN EXISTS (SELECT 1 FROM {word_counts} WHERE lexeme = lexemes[1])
                   ELSE EXISTS (SELECT 1 FROM {entries} e
                                WHERE e.publication_state = %(published)s
                                  AND e.search_vector @@ query)
              END
    """
    params = {
        "runs": runs,
        "typos": typos,
        "words": words,
        "config": SEARCH_CONFIG,
        "published": PublicationState.PUBLISHED,
    }
    found = Found()
    with reading_connection(Place).cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for kind, key, name, extra, keys, force_id, region in rows:
        if kind == "near":
            found.near.add(key)
            found.lexemes.setdefault(key, tuple(keys))
        elif kind in {"known", "stop"}:
            found.known.add(key)
            found.lexemes[key] = tuple(keys)
            if force_id is not None:  # the column holds a one-lexeme word's entries
                found.breadth[key] = force_id
            if kind == "stop":
                found.stopwords.add(key)
        elif kind == "term":
            found.terms[key] = (name, extra, tuple(keys))
        elif kind == "force":
            found.areas[key] = (f"{name}\u2019s area", (force_id,), ())
        elif key in found.areas:
            continue  # a force's own name wins over a place of that name
        elif extra == PlaceKind.REGION:
            found.areas[key] = (region_label(region), (), (region,))
        else:
            found.areas[key] = (f"{keys[0]}\u2019s area", (force_id,), ())
    return found


def _corrected(words, found, reading):
    """The words with each unknown word read as the vocabulary word it is a typo of."""
    corrected = []
    for word in words:
        if found.meaning(word) or word in found.known or len(word) < SHORTEST_TYPO:
            corrected.append(word)
            continue
        likeness, best = max(
            (
                (SequenceMatcher(None, word, candidate).ratio(), candidate)
                for candidate in found.near
            ),
            default=(0, None),
        )
        if best and likeness > TYPO_LIKENESS:
            reading.corrections[word] = best
            corrected.append(best)
        else:
            if best and likeness >= SUGGESTION_LIKENESS:
                reading.suggestions[word] = best
            corrected.append(word)
    return corrected


def _read_words(words, found, reading):
    """Splits the words into areas and segments, longest names first."""
    position = 0
    unknown = False
    while position < len(words):
        for end in range(min(len(words), position + LONGEST_NAME), position, -1):
            run = " ".join(words[position:end])
            key = found.lookup(run)
            if key:
                _add(reading, found, run, key)
                position = end
                break
        else:
            word = words[position]
            if word not in found.known and word not in reading.corrections.values():
                unknown = True
                reading.unknown.add(word)
            if word not in found.stopwords:
                reading.segments.append(
                    Segment(
                        words=word,
                        phrases=(word,),
                        lexemes=found.lexemes.get(word, ()),
                        entries=found.breadth.get(word),
                    )
                )
            position += 1
    # Nothing of the vocabulary and a word nowhere in the catalogue: names within a typo.
    reading.names_only = unknown and not reading.areas and not reading.expansions


def _add(reading, found, run, key):
    if key in found.areas:
        label, force_ids, regions = found.areas[key]
        if not any(area.label == label for area in reading.areas):
            reading.areas.append(Area(run, label, force_ids, regions))
        return
    _, means, facet_keys = found.terms[key]
    meanings = tuple(
        dict.fromkeys([run, *(search_key(part) for part in means.split(",") if part.strip())])
    )
    reading.segments.append(Segment(words=run, phrases=meanings, facet_keys=facet_keys))
    if len(meanings) > 1 or facet_keys:
        reading.expansions.append((run, [m for m in meanings if m != run]))
