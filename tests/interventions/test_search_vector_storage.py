"""Ranking a search reads every match's search vector, and counting the list's facets
reads every match's facet keys, so both live in the row, with the rest of a typical entry."""

import pytest
from django.db import connection

from interventions.models import Intervention
from tests.factories import make_intervention

pytestmark = pytest.mark.django_db


def storage_of(column):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = %s::regclass AND attname = %s",
            [Intervention._meta.db_table, column],
        )
        return cursor.fetchone()[0]


def test_the_search_vector_is_kept_in_the_row_and_the_description_may_move_out():
    # "m": compressed in the row, moved apart only as a last resort; "x": the default.
    assert storage_of("search_vector") == "m"
    assert storage_of("description") == "x"


def chunks_stored_apart():
    """How many pieces of values the entries' table keeps in its second (TOAST) table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltoastrelid::regclass::text FROM pg_class WHERE oid = %s::regclass",
            [Intervention._meta.db_table],
        )
        toast_table = cursor.fetchone()[0]
        cursor.execute(f"SELECT COUNT(*) FROM {toast_table}")
        return cursor.fetchone()[0]


def test_the_facet_keys_stay_in_the_row_when_something_must_move_out():
    assert storage_of("facet_keys") == "m"


def test_a_typical_entry_is_kept_whole_in_its_row():
    # About 3 kB once stored: over PostgreSQL's default 2 kB target for a row, under 4 kB.
    summary = " ".join(f"summary{number}" for number in range(40))
    description = " ".join(f"aspect{number}" for number in range(120))
    before = chunks_stored_apart()
    entry = make_intervention(name="Whole row", summary=summary, description=description)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT pg_column_size(t.*) FROM {Intervention._meta.db_table} AS t WHERE id = %s",
            [entry.pk],
        )
        assert 2048 < cursor.fetchone()[0] < 4096
    assert chunks_stored_apart() == before


def test_a_long_entry_is_still_found_and_ranked():
    words = " ".join(f"topic{number}" for number in range(600))
    long_entry = make_intervention(name="Knife arches", description=words)
    make_intervention(name="Other", description="A knife amnesty " + words)
    results = list(Intervention.objects.published().search("knife").order_by("-relevance"))
    assert results[0] == long_entry
    assert list(Intervention.objects.published().search("topic599")) != []
