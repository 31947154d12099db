"""Queries compiled once and run together give what the ORM gives, in one round trip."""

import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext

from interventions import batched
from interventions.models import Funding, Intervention
from tests.factories import make_funding, make_intervention, make_organisation

pytestmark = pytest.mark.django_db

PLACEHOLDER = "no such slug"


def funding_of(slug):
    return Funding.objects.select_related("funder").filter(intervention__slug=slug)


def names_of(slug):
    return Intervention.objects.filter(slug=slug).values_list("slug", "name")


def values_of(slug):
    return Intervention.objects.filter(slug=slug).values("name", "publication_state")


@pytest.fixture
def entries():
    funder = make_organisation()
    entries = [make_intervention(name=f"Entry {number}") for number in range(2)]
    for entry in entries:
        make_funding(entry, funder=funder)
        make_funding(entry)
    return entries


def prepared_queries():
    return [
        batched.Prepared(funding_of(PLACEHOLDER), PLACEHOLDER),
        batched.Prepared(names_of(PLACEHOLDER), PLACEHOLDER),
        batched.Prepared(values_of(PLACEHOLDER), PLACEHOLDER),
    ]


def test_queries_run_together_read_what_the_orm_reads_in_one_round_trip(entries):
    queries = prepared_queries()
    for entry in entries:
        with CaptureQueriesContext(connection) as captured:
            funding, names, values = batched.run_together(queries, entry.slug)
        assert len(captured) == 1
        assert [line.pk for line in funding] == [line.pk for line in funding_of(entry.slug)]
        assert names == list(names_of(entry.slug))
        assert values == list(values_of(entry.slug))


def test_model_rows_come_with_their_select_related_rows(entries):
    (funding,) = batched.run_together(
        [batched.Prepared(funding_of(PLACEHOLDER), PLACEHOLDER)], entries[0].slug
    )
    expected = list(funding_of(entries[0].slug))
    with CaptureQueriesContext(connection) as captured:
        assert [line.funder for line in funding] == [line.funder for line in expected]
        assert [line.description for line in funding] == [line.description for line in expected]
    # The two lists' funders, one of them None: read with the rows, not afterwards.
    assert len(captured) == 0


def test_with_server_side_binding_each_query_is_sent_on_its_own(entries, monkeypatch):
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "server_side_binding", True)
    queries = prepared_queries()
    with CaptureQueriesContext(connection) as captured:
        funding, names, values = batched.run_together(queries, entries[1].slug)
    assert len(captured) == 3
    assert names == list(names_of(entries[1].slug))
    assert values == list(values_of(entries[1].slug))
    assert len(funding) == 2


def test_a_query_that_does_not_use_its_placeholder_is_refused():
    with pytest.raises(ValueError):
        batched.Prepared(names_of("some slug"), PLACEHOLDER)


def test_a_query_is_compiled_once_for_its_key(entries):
    built = []

    def build(slug):
        built.append(slug)
        return names_of(slug)

    for entry in entries:
        query = batched.prepared(("test", "compiled once"), build, PLACEHOLDER)
        assert batched.run_together([query], entry.slug) == [list(names_of(entry.slug))]
    assert built == [PLACEHOLDER]


def test_several_placeholders_take_each_its_own_value(entries):
    def named(slugs, excluded):
        return (
            Intervention.objects.filter(slug__in=slugs)
            .exclude(name=excluded)
            .order_by("slug")
            .values_list("slug", flat=False)
        )

    placeholders = batched.Placeholders(["no such slug 1", "no such slug 2", "no such name"])
    query = batched.Prepared(named(list(placeholders[:2]), placeholders[2]), placeholders)
    slugs = [entry.slug for entry in entries]
    (rows,) = batched.run_together([query], (*slugs, entries[0].name))
    assert rows == list(named(slugs, entries[0].name)) == [(entries[1].slug,)]


def planned_queries():
    def named_like(slug):
        # A constant with a quote and a percent sign, written into the prepared statement.
        return Intervention.objects.filter(slug=slug).exclude(name="It's 100% «new»")

    return [
        batched.Prepared(funding_of(PLACEHOLDER), PLACEHOLDER, planned_once=True),
        batched.Prepared(names_of(PLACEHOLDER), PLACEHOLDER, planned_once=True),
        batched.Prepared(values_of(PLACEHOLDER), PLACEHOLDER, planned_once=True),
        batched.Prepared(named_like(PLACEHOLDER), PLACEHOLDER, planned_once=True),
    ]


def test_queries_planned_once_read_what_the_orm_reads_every_time(entries):
    entries[1].name = "It's 100% «new»"
    entries[1].save()
    queries = planned_queries()
    # PostgreSQL keeps a plan of its own after five runs of a prepared statement.
    for run in range(8):
        for entry in entries:
            with CaptureQueriesContext(connection) as captured:
                funding, names, values, named = batched.run_together(queries, entry.slug)
            assert len(captured) == 1
            if run:
                assert "PREPARE" not in captured[0]["sql"]
            assert [line.pk for line in funding] == [line.pk for line in funding_of(entry.slug)]
            assert [line.funder for line in funding] == [
                line.funder for line in funding_of(entry.slug)
            ]
            assert names == list(names_of(entry.slug))
            assert values == list(values_of(entry.slug))
            assert [row.pk for row in named] == ([entry.pk] if entry == entries[0] else [])
    assert batched.run_together(queries, "it's no slug") == [[], [], [], []]


def test_a_query_without_placeholders_planned_once_reads_the_rows_of_the_moment(entries):
    def named_like():
        return (
            Intervention.objects.exclude(name="It's 100% «new»")
            .order_by("name")
            .values_list("name")
        )

    query = batched.Prepared(named_like(), planned_once=True)
    assert batched.run_together([query], None) == [[("Entry 0",), ("Entry 1",)]]
    entries[1].name = "It's 100% «new»"
    entries[1].save()
    with CaptureQueriesContext(connection) as captured:
        assert batched.run_together([query], None) == [list(named_like())]
    assert captured[0]["sql"].startswith("EXECUTE ")


def test_a_query_of_several_placeholders_is_not_planned_once():
    placeholders = batched.Placeholders(["no such slug 1", "no such slug 2"])
    with pytest.raises(ValueError):
        batched.Prepared(
            Intervention.objects.filter(slug__in=list(placeholders)),
            placeholders,
            planned_once=True,
        )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("migrated_rows_back_afterwards")
def test_queries_planned_once_are_prepared_again_when_the_connection_loses_them():
    entry = make_intervention(name="Kept")
    queries = planned_queries()
    assert batched.run_together(queries, entry.slug)[1] == [(entry.slug, "Kept")]
    with connection.cursor() as cursor:
        # What a connection pooler resetting the session does.
        cursor.execute("DEALLOCATE ALL")
    assert batched.run_together(queries, entry.slug)[1] == [(entry.slug, "Kept")]
    assert batched.run_together(queries, entry.slug)[1] == [(entry.slug, "Kept")]


def test_after_a_failed_run_queries_planned_once_still_read_their_rows(entries):
    def by_id(*fields):
        query = Intervention.objects.filter(pk=-1).values_list(*fields)
        return batched.Prepared(query, -1, planned_once=True)

    entry = entries[0]
    first, second = by_id("slug"), by_id("name")
    assert batched.run_together([first], entry.pk) == [[(entry.slug,)]]
    with pytest.raises(DataError), transaction.atomic():
        # A value the placeholder's column cannot hold: the text fails, after preparing
        # the second query.
        batched.run_together([first, second], "not a number")
    assert batched.run_together([first, second], entry.pk) == [[(entry.slug,)], [(entry.name,)]]


def test_a_paged_query_reads_each_page_the_orm_slice_reads():
    for number in range(7):
        make_intervention(name=f"Paged {number}")
    every = Intervention.objects.order_by("name", "pk")
    query = batched.Prepared(every, paged=True)
    for limit, offset in [(3, 0), (3, 3), (3, 6), (5, 100)]:
        (rows,) = batched.run_together([query], (limit, offset))
        assert [entry.pk for entry in rows] == [
            entry.pk for entry in every[offset : offset + limit]
        ]


def test_a_sliced_or_placeheld_query_cannot_be_paged():
    with pytest.raises(ValueError):
        batched.Prepared(Intervention.objects.order_by("pk")[:5], paged=True)
    with pytest.raises(ValueError):
        batched.Prepared(names_of(PLACEHOLDER), PLACEHOLDER, paged=True)
