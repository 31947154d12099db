"""match=all|any for themes and age_unknown=exclude: filters, counts, addresses, bad input."""

import pytest
from django.urls import reverse

from interventions.filters import InterventionFilterSet
from tests.factories import make_intervention
from tests.pages import result_names, text_of

pytestmark = pytest.mark.django_db

LIST = reverse("catalogue:list")


@pytest.fixture
def filed(theme):
    knives, lines = theme("knife-crime"), theme("county-lines")
    hospital = theme("hospital-based-intervention")
    make_intervention(name="Knives", themes=[knives])
    make_intervention(name="Lines", themes=[lines])
    make_intervention(name="Both", themes=[knives, lines])
    make_intervention(name="All three", themes=[knives, lines, hospital])
    make_intervention(name="Draft both", themes=[knives, lines], state="draft")


def listed(client, params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return response


def counts(response, name="theme"):
    return {option.value: option.count for option in response.context["facets"][name]}


BOTH = {"theme": ["knife-crime", "county-lines"]}


def test_any_is_the_default_and_lists_entries_with_either_theme(client, filed):
    response = listed(client, BOTH)
    assert sorted(result_names(response)) == ["All three", "Both", "Knives", "Lines"]
    assert response.context["notices"] == []


def test_all_lists_only_entries_filed_under_every_ticked_theme(client, filed):
    response = listed(client, {**BOTH, "match": "all"})
    assert sorted(result_names(response)) == ["All three", "Both"]
    assert "theme County lines and Knife crime" in response.context["description"]


def test_with_any_a_themes_count_says_what_ticking_it_would_add(client, filed):
    theme_counts = counts(listed(client, {"theme": "knife-crime"}))
    # Counted without the theme filter: each theme's own published entries.
    assert theme_counts["knife-crime"] == 3
    assert theme_counts["county-lines"] == 3
    assert theme_counts["hospital-based-intervention"] == 1


def test_with_all_a_themes_count_says_how_many_would_have_it_too(client, filed):
    response = listed(client, {"theme": "knife-crime", "match": "all"})
    theme_counts = counts(response)
    assert theme_counts["knife-crime"] == 3
    assert theme_counts["county-lines"] == 2
    assert theme_counts["hospital-based-intervention"] == 1
    response = listed(client, {**BOTH, "match": "all"})
    theme_counts = counts(response)
    assert theme_counts["knife-crime"] == 2
    assert theme_counts["hospital-based-intervention"] == 1
    assert response.context["facets"].total == 2


def test_the_address_keeps_all_and_drops_the_default(client, filed):
    response = listed(client, {**BOTH, "match": "all"})
    assert response.context["filterset"].query_string() == (
        "theme=county-lines&theme=knife-crime&match=all"
    )
    response = listed(client, {**BOTH, "match": "any"})
    assert response.context["filterset"].query_string() == "theme=county-lines&theme=knife-crime"


def test_the_panel_offers_the_choice_with_the_current_one_checked(client, filed):
    content = listed(client, {**BOTH, "match": "all"}).content.decode()
    assert "{#" not in content
    assert "Expects: name" not in content
    assert 'name="match" value="all" id="theme-match-all" checked' in content
    assert 'name="match" value="any" id="theme-match-any">' in content


def test_all_with_a_theme_nobody_uses_lists_nothing(client, filed):
    response = listed(client, {"theme": ["knife-crime", "neurodiversity"], "match": "all"})
    assert result_names(response) == []


def test_the_queryset_never_reads_an_unknown_theme_as_no_theme_at_all(filed):
    from interventions.models import Intervention

    assert not Intervention.objects.published().with_themes(["no-such"], every=True).exists()


@pytest.mark.parametrize(
    "value", ["ALL", "both", "", " ", "all\x00", "<script>alert(1)</script>", "a" * 5000]
)
def test_an_unusable_match_falls_back_to_any_and_says_so(client, filed, value):
    response = listed(client, {**BOTH, "match": value})
    assert len(result_names(response)) == 4
    if value.strip():
        assert any("themes to match" in notice for notice in response.context["notices"])
        assert "<script>alert" not in response.content.decode()


def test_match_given_twice_uses_the_first(client, filed):
    response = listed(client, {**BOTH, "match": ["all", "any"]})
    assert len(result_names(response)) == 2
    assert any("given 2 times" in notice for notice in response.context["notices"])


@pytest.fixture
def aged():
    make_intervention(name="Teenagers", age_min=13, age_max=17)
    make_intervention(name="From 10", age_min=10)
    make_intervention(name="No age")
    make_intervention(name="Adults", age_min=18, age_max=25)
    make_intervention(name="Draft teens", age_min=13, age_max=17, state="draft")


def test_by_default_entries_that_give_no_age_stay_in(client, aged):
    assert sorted(result_names(listed(client, {"age": "15"}))) == ["From 10", "No age", "Teenagers"]


def test_entries_that_give_no_age_can_be_left_out(client, aged):
    response = listed(client, {"age": "15", "age_unknown": "exclude"})
    assert sorted(result_names(response)) == ["From 10", "Teenagers"]
    assert response.context["filterset"].query_string() == "age=15&age_unknown=exclude"
    assert "Age given: Leave out entries that give no age" in text_of(response)
    assert 'name="age_unknown" value="exclude" id="age_unknown" checked' in (
        response.content.decode()
    )


def test_without_an_age_exclude_lists_the_entries_that_give_one(client, aged):
    response = listed(client, {"age_unknown": "exclude"})
    assert sorted(result_names(response)) == ["Adults", "From 10", "Teenagers"]
    assert counts(response, "evidence_stage")["untested"] == 3


def test_include_is_the_default_and_left_out_of_the_address(client, aged):
    response = listed(client, {"age": "15", "age_unknown": "include"})
    assert len(result_names(response)) == 3
    assert response.context["filterset"].query_string() == "age=15"


@pytest.mark.parametrize("value", ["yes", "EXCLUDE", "\x00", "1", "x" * 1000])
def test_an_unusable_choice_for_unknown_ages_keeps_them_and_says_so(client, aged, value):
    response = listed(client, {"age": "15", "age_unknown": value})
    assert len(result_names(response)) == 3
    assert any("giving no age" in notice for notice in response.context["notices"])


def test_the_strict_filter_set_rejects_what_the_forgiving_one_sets_aside():
    filterset = InterventionFilterSet({"match": "both", "age_unknown": "never"})
    assert not filterset.is_valid()
    assert set(filterset.form.errors) == {"match", "age_unknown"}
