"""A ready-to-copy reference to a catalogue entry."""

import re

from django.utils import timezone

CATALOGUE_NAME = "Violence Reduction Interventions Catalogue"
YEAR = re.compile(r"\b(19|20)\d{2}\b")


def source_year(source):
    """The year a source came out: its date, else a year its date note gives, else "n.d."."""
    if source.published_on:
        return str(source.published_on.year)
    found = YEAR.search(source.date_note)
    return found.group(0) if found else "n.d."


def citation_text(intervention, sources, url, accessed=None):
    """Name, then each source as publisher, title and year, then the catalogue address.

    For example: "Operation Example. In: Violence Reduction Interventions Catalogue.
    Based on: College of Policing, "A report" (2022). Available at: https://... (accessed
    3 March 2025)."
    """
    accessed = accessed or timezone.localdate()
    parts = [f"{intervention.display_name}. In: {CATALOGUE_NAME}."]
    if sources:
        based_on = "; ".join(
            f'{source.publisher}, "{source.title}" ({source_year(source)})' for source in sources
        )
        parts.append(f"Based on: {based_on}.")
    parts.append(f"Available at: {url} (accessed {accessed.day} {accessed:%B %Y}).")
    return " ".join(parts)
