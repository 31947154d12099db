"""What the list page says about how it read a search, and what it offers when nothing
matches: the area it searched, the words it read differently, a "Did you mean" from the
vocabulary and the nearest themes, forces and regions."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from interventions.facet_index import SEPARATOR
from interventions.models import Region, search_key

# The zero-results page names at most this many themes, forces or regions.
NEAREST_LIMIT = 6


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    count: int = 0


def list_url(pairs):
    query = urlencode(pairs)
    return reverse("catalogue:list") + (f"?{query}" if query else "")


def with_search(filterset, terms):
    """The list's current address with the search replaced by ``terms`` (none when empty)."""
    pairs = [pair for pair in filterset.query_pairs() if pair[0] != "q"]
    if not terms:
        pairs = [pair for pair in pairs if pair != ("ordering", "relevance")]
    return list_url(([("q", terms)] if terms else []) + pairs)


def search_help(filterset, total, catalogue_counts):
    """The context the list's search notes need; empty without a search read in words.

    ``catalogue_counts`` is called for the whole catalogue's counts only when nothing
    matched, to count the nearest themes, forces and regions.
    """
    reading = filterset.reading
    if reading is None or reading.as_typed:
        return {}
    options = filterset.options
    theme_labels = {str(option.pk): option.label for option in options.by_name["theme"]}
    setting_labels = {str(option.pk): option.label for option in options.by_name["setting"]}
    help = {
        "area": reading.area_label,
        "area_words": ", ".join(f"“{area.words}”" for area in reading.areas),
        "everywhere_url": with_search(filterset, reading.everywhere_terms()),
        "corrections": list(reading.corrections.items()),
        "expansions": [
            {
                "words": segment.words,
                "meanings": [phrase for phrase in segment.phrases if phrase != segment.words],
                "filed_under": [
                    label
                    for key in segment.facet_keys
                    for label in [_label(key, theme_labels, setting_labels)]
                    if label
                ],
            }
            for segment in reading.segments
            if len(segment.phrases) > 1 or segment.facet_keys
        ],
    }
    if total == 0:
        suggestion = reading.did_you_mean()
        help["did_you_mean"] = (
            Link(suggestion, with_search(filterset, suggestion)) if suggestion else None
        )
        help["nearest"] = nearest(filterset, reading, catalogue_counts())
    return help


def _label(key, theme_labels, setting_labels):
    facet, _, value = key.partition(SEPARATOR)
    if facet == "theme" and value in theme_labels:
        return f"the theme {theme_labels[value]}"
    if facet == "setting" and value in setting_labels:
        return f"the setting {setting_labels[value]}"
    return ""


def nearest(filterset, reading, counts):
    """Themes, forces and regions the search's words point to, with their entries, those
    with entries only: named through the vocabulary, or sharing a word (or a word a typo
    is near) with the search."""
    words = set(search_key(reading.corrected_terms).split())
    words |= set(reading.suggestions.values())
    words |= {word for segment in reading.segments for p in segment.phrases for word in p.split()}
    named_themes = {
        key.partition(SEPARATOR)[2]
        for segment in reading.segments
        for key in segment.facet_keys
        if key.startswith("theme" + SEPARATOR)
    }
    named_forces = {str(pk) for pk in reading.force_ids}
    links = []
    for facet, rows, named in (
        ("theme", filterset.options.by_name["theme"], named_themes),
        ("force", filterset.options.by_name["force"], named_forces),
    ):
        by_id = counts.for_facet(facet)
        for row in rows:
            count = by_id.get(str(row.pk), 0)
            shares_a_word = words & set(search_key(row.label).split()) - STOP
            if count and (str(row.pk) in named or shares_a_word):
                links.append(Link(row.label, row_url(facet, row.slug), count))
    region_counts = counts.for_facet("region")
    for value, label in Region.choices:
        count = region_counts.get(value, 0)
        if count and (value in reading.regions or words & set(search_key(label).split()) - STOP):
            links.append(Link(f"{label} region", list_url([("region", value)]), count))
    return links[:NEAREST_LIMIT]


def row_url(facet, slug):
    return reverse(f"catalogue:{facet}", args=[slug])


# Words too common in the vocabulary's names to say two of them are near.
STOP = {"and", "the", "of", "police", "constabulary", "service", "north", "south", "east", "west"}
