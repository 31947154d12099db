"""Ranking a search reads every match's search vector, so the vector lives in the row."""

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


def test_a_long_entry_is_still_found_and_ranked():
    words = " ".join(f"topic{number}" for number in range(600))
    long_entry = make_intervention(name="Knife arches", description=words)
    make_intervention(name="Other", description="A knife amnesty " + words)
    results = list(Intervention.objects.published().search("knife").order_by("-relevance"))
    assert results[0] == long_entry
    assert list(Intervention.objects.published().search("topic599")) != []
