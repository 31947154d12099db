import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interventions.facets import count_facets, facet_keys_query
from interventions.filters import InterventionFilterSet
from tests.factories import make_intervention, make_report, make_source
from tests.pages import text_of

pytestmark = pytest.mark.django_db

LIST = reverse("catalogue:list")


def counts(response, name):
    return {option.value: option.count for option in response.context["facets"][name]}


@pytest.fixture
def catalogue(theme, force):
    """Five published entries and a draft, spread over themes, forces and stages."""
    lines, knives, hospital = (
        theme("county-lines"),
        theme("knife-crime"),
        theme("hospital-based-intervention"),
    )
    merseyside, cumbria, kent = force("merseyside"), force("cumbria"), force("kent")
    entries = {
        "a": make_intervention(
            themes=[lines, knives],
            forces=[merseyside, cumbria],
            evidence_stage="independently-evaluated",
            purposes=["prevention"],
            settings=["school"],
        ),
        "b": make_intervention(themes=[lines], forces=[kent], evidence_stage="untested"),
        "c": make_intervention(themes=[knives], forces=[merseyside], status="ended"),
        "d": make_intervention(themes=[hospital], forces=[kent], settings=["school", "custody"]),
        "e": make_intervention(),
        "draft": make_intervention(
            state="draft", themes=[lines, knives, hospital], forces=[merseyside, kent]
        ),
    }
    make_report([entries["a"], entries["draft"]])
    return entries


def test_with_no_filter_each_option_counts_the_published_entries_it_gives(client, catalogue):
    response = client.get(LIST)
    themes = counts(response, "theme")
    assert themes["county-lines"] == 2
    assert themes["knife-crime"] == 2
    assert themes["hospital-based-intervention"] == 1
    assert themes["neurodiversity"] == 0
    assert counts(response, "evidence_stage")["untested"] == 4
    assert counts(response, "status") == {
        "planned": 0,
        "pilot": 0,
        "active": 4,
        "ended": 1,
        "not-known": 0,
    }
    assert counts(response, "setting")["school"] == 2
    assert counts(response, "purpose")["prevention"] == 1


def test_an_entry_with_two_forces_in_one_region_counts_once_for_the_region(client, catalogue):
    regions = counts(client.get(LIST), "region")
    assert regions["north-west"] == 2
    assert regions["south-east"] == 2
    assert regions["wales"] == 0


def test_counts_follow_the_other_filters(client, catalogue):
    response = client.get(LIST, {"region": "north-west"})
    themes = counts(response, "theme")
    assert themes == {
        **themes,
        "county-lines": 1,
        "knife-crime": 2,
        "hospital-based-intervention": 0,
    }
    assert counts(response, "force")["kent"] == 0
    assert counts(response, "force")["merseyside"] == 2


def test_a_multi_select_counts_its_own_options_without_its_own_filter(client, catalogue):
    response = client.get(LIST, {"theme": "county-lines"})
    themes = counts(response, "theme")
    # Ticking knife crime as well would show entries in either theme: its count stands as is.
    assert themes["knife-crime"] == 2
    assert themes["hospital-based-intervention"] == 1
    assert counts(response, "region") == {**counts(response, "region"), "north-west": 1}


def test_has_report_counts_both_answers_within_the_filter(client, catalogue):
    assert counts(client.get(LIST), "has_report") == {"true": 1, "false": 4}
    assert counts(client.get(LIST, {"theme": "knife-crime"}), "has_report") == {
        "true": 1,
        "false": 1,
    }
    assert counts(client.get(LIST, {"has_report": "true"}), "has_report") == {
        "true": 1,
        "false": 4,
    }


def test_source_counts(client):
    college = make_source(slug="college")
    make_intervention(sources=[college])
    make_intervention(sources=[college, make_source(slug="apcc")])
    make_intervention(state="draft", sources=[college])
    source_counts = counts(client.get(LIST), "source")
    assert source_counts["college"] == 2
    assert source_counts["apcc"] == 1


def test_a_search_narrows_every_count(client, catalogue, theme):
    make_intervention(name="Knife arches", themes=[theme("knife-crime")])
    response = client.get(LIST, {"q": "arches"})
    assert counts(response, "theme")["knife-crime"] == 1
    assert counts(response, "theme")["county-lines"] == 0


def test_drafts_are_never_counted(client, catalogue):
    response = client.get(LIST)
    assert response.context["paginator"].count == 5
    assert counts(response, "force")["kent"] == 2
    assert counts(response, "has_report")["true"] == 1


def test_counts_appear_next_to_each_option(client, catalogue):
    text = text_of(client.get(LIST))
    assert "County lines (2 matches)" in text
    assert "Neurodiversity (0 matches)" in text
    assert "Has an evaluation report (1 match)" in text


def test_only_forces_with_matches_or_ticked_are_offered(client, catalogue):
    response = client.get(LIST, {"force": "dorset"})
    offered = [option.value for option in response.context["facets"].forces_with_entries]
    assert offered == ["cumbria", "dorset", "kent", "merseyside"]


def test_the_results_count_without_each_filter_is_known(client, catalogue):
    response = client.get(LIST, {"theme": "hospital-based-intervention", "status": "ended"})
    facets = response.context["facets"]
    assert facets.total == 0
    assert facets.total_without("theme") == 1
    assert facets.total_without("status") == 1


def test_all_counts_and_totals_take_a_single_query(catalogue):
    filterset = InterventionFilterSet.forgiving(
        {
            "theme": ["county-lines", "knife-crime"],
            "region": "north-west",
            "q": "summary",
            "age": "12",
        }
    )
    filterset.is_valid()
    # The results first, as the page does: on PostgreSQL they settle, with one query, whether
    # the search matches as typed, and the counts reuse that.
    list(filterset.qs)
    with CaptureQueriesContext(connection) as queries:
        facets = filterset.facets()
    assert len(queries) == 1
    assert facets.total == 2
    assert facets.total_without("q") == 2
    assert facets.total_without("region") == 3


@pytest.mark.parametrize("query", [{"q": "summary"}, {"q": "summary", "theme": "knife-crime"}])
def test_each_entrys_keys_are_unnested_in_one_pass_not_a_call_per_entry(catalogue, query):
    """The counting query unnests each set's keys in its select list (a ProjectSet node),
    not by joining a function scan to every entry, the same keys at a fraction of the cost."""
    filterset = InterventionFilterSet.forgiving(query)
    sets = filterset.facet_sets()
    sql, params, _ = facet_keys_query(*sets)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "ProjectSet" in plan
    assert "Function Scan on unnest" not in plan
    # The same counts as counting each entry's keys.
    counts = count_facets(*sets)
    assert counts.for_facet("theme") and counts.total() == filterset.qs.count()
