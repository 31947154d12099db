from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interventions.filters import InterventionFilterSet
from interventions.models import Intervention
from tests.factories import make_intervention, make_report, make_source
from tests.pages import result_names

pytestmark = pytest.mark.django_db

LIST = reverse("catalogue:list")


def listed(client, params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert response.context["notices"] == []
    return sorted(result_names(response))


def test_with_no_filters_every_published_entry_is_listed_by_name(client):
    make_intervention(name="Beta")
    make_intervention(name="Alpha")
    assert result_names(client.get(LIST)) == ["Alpha", "Beta"]


def test_theme_filter_lists_entries_filed_under_any_ticked_theme(client, theme):
    make_intervention(name="Lines", themes=[theme("county-lines")])
    make_intervention(name="Knives", themes=[theme("knife-crime")])
    make_intervention(name="Both", themes=[theme("knife-crime"), theme("county-lines")])
    make_intervention(name="Neither", themes=[theme("neurodiversity")])
    assert listed(client, {"theme": "county-lines"}) == ["Both", "Lines"]
    assert listed(client, {"theme": ["county-lines", "knife-crime"]}) == ["Both", "Knives", "Lines"]


def test_force_filter_lists_entries_led_by_any_ticked_force(client, force):
    make_intervention(name="Kent work", forces=[force("kent")])
    make_intervention(name="Joint work", forces=[force("kent"), force("sussex")])
    make_intervention(name="Dorset work", forces=[force("dorset")])
    assert listed(client, {"force": "kent"}) == ["Joint work", "Kent work"]
    assert listed(client, {"force": ["sussex", "dorset"]}) == ["Dorset work", "Joint work"]


def test_region_filter_lists_entries_whose_lead_force_is_in_the_region(client, force):
    make_intervention(name="North West work", forces=[force("merseyside"), force("cumbria")])
    make_intervention(name="Welsh work", forces=[force("gwent")])
    make_intervention(name="No force")
    assert listed(client, {"region": "north-west"}) == ["North West work"]
    assert listed(client, {"region": ["north-west", "wales"]}) == ["North West work", "Welsh work"]


def test_purpose_filter(client):
    make_intervention(name="Diverts", purposes=["diversion"])
    make_intervention(name="Prevents", purposes=["prevention", "location"])
    assert listed(client, {"purpose": "diversion"}) == ["Diverts"]
    assert listed(client, {"purpose": ["location", "diversion"]}) == ["Diverts", "Prevents"]


def test_setting_filter(client):
    make_intervention(name="In custody", settings=["custody"])
    make_intervention(name="In hospital", settings=["emergency-department", "community"])
    assert listed(client, {"setting": "emergency-department"}) == ["In hospital"]
    assert listed(client, {"setting": ["custody", "community"]}) == ["In custody", "In hospital"]


def test_evidence_stage_filter(client):
    make_intervention(name="New", evidence_stage="untested")
    make_intervention(name="Evaluated", evidence_stage="independently-evaluated")
    make_intervention(name="Local", evidence_stage="locally-evaluated")
    assert listed(client, {"evidence_stage": "independently-evaluated"}) == ["Evaluated"]
    assert listed(client, {"evidence_stage": ["independently-evaluated", "locally-evaluated"]}) == [
        "Evaluated",
        "Local",
    ]


def test_status_filter(client):
    make_intervention(name="Running", status="active")
    make_intervention(name="Finished", status="ended")
    make_intervention(name="Trial", status="pilot")
    assert listed(client, {"status": "ended"}) == ["Finished"]
    assert listed(client, {"status": ["active", "pilot"]}) == ["Running", "Trial"]


def test_age_filter_lists_entries_that_work_with_that_age_or_state_no_ages(client):
    make_intervention(name="Children", age_min=10, age_max=17)
    make_intervention(name="Young adults", age_min=18, age_max=25)
    make_intervention(name="Under 16s", age_max=15)
    make_intervention(name="Any age")
    assert listed(client, {"age": "15"}) == ["Any age", "Children", "Under 16s"]
    assert listed(client, {"age": "18"}) == ["Any age", "Young adults"]
    assert listed(client, {"age": "0"}) == ["Any age", "Under 16s"]


def test_has_report_filter_in_both_directions(client):
    evaluated = make_intervention(name="Evaluated")
    make_report([evaluated])
    make_intervention(name="Not evaluated")
    assert listed(client, {"has_report": "true"}) == ["Evaluated"]
    assert listed(client, {"has_report": "false"}) == ["Not evaluated"]


def test_a_report_shared_by_two_entries_lists_each_once(client):
    first, second = make_intervention(name="First"), make_intervention(name="Second")
    make_report([first, second])
    make_report([first])
    assert listed(client, {"has_report": "true"}) == ["First", "Second"]


def test_source_filter(client):
    college, apcc = make_source(slug="college"), make_source(slug="apcc")
    make_intervention(name="From the College", sources=[college])
    make_intervention(name="From both", sources=[college, apcc])
    make_intervention(name="From the APCC", sources=[apcc])
    assert listed(client, {"source": "college"}) == ["From both", "From the College"]
    assert listed(client, {"source": ["college", "apcc"]}) == [
        "From both",
        "From the APCC",
        "From the College",
    ]


def test_different_filters_narrow_each_other(client, theme, force):
    make_intervention(
        name="Match",
        themes=[theme("county-lines")],
        forces=[force("merseyside")],
        evidence_stage="independently-evaluated",
        summary="Rescue work.",
    )
    make_intervention(name="Wrong region", themes=[theme("county-lines")], forces=[force("kent")])
    make_intervention(
        name="Wrong stage",
        themes=[theme("county-lines")],
        forces=[force("merseyside")],
        summary="Rescue work.",
    )
    make_intervention(name="Wrong theme", forces=[force("merseyside")], summary="Rescue work.")
    params = {
        "theme": "county-lines",
        "region": "north-west",
        "evidence_stage": "independently-evaluated",
        "q": "rescue",
    }
    assert listed(client, params) == ["Match"]


def test_every_filter_at_once(client, theme, force):
    source = make_source(slug="apcc")
    match = make_intervention(
        name="Everything",
        summary="Navigators in hospital.",
        themes=[theme("hospital-based-intervention")],
        forces=[force("merseyside")],
        purposes=["prevention"],
        settings=["emergency-department"],
        sources=[source],
        evidence_stage="locally-evaluated",
        status="active",
        age_min=11,
        age_max=25,
    )
    make_report([match])
    make_intervention(name="Nothing")
    params = {
        "q": "navigators",
        "theme": "hospital-based-intervention",
        "force": "merseyside",
        "region": "north-west",
        "purpose": "prevention",
        "evidence_stage": "locally-evaluated",
        "status": "active",
        "setting": "emergency-department",
        "age": "16",
        "has_report": "true",
        "source": "apcc",
    }
    assert listed(client, params) == ["Everything"]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("name", ["Alpha", "Bravo", "Charlie"]),
        ("-name", ["Charlie", "Bravo", "Alpha"]),
        ("-updated", ["Bravo", "Charlie", "Alpha"]),
        ("updated", ["Alpha", "Charlie", "Bravo"]),
        ("evidence", ["Charlie", "Alpha", "Bravo"]),
        ("-evidence", ["Bravo", "Alpha", "Charlie"]),
    ],
)
def test_sort_orders(client, ordering, expected):
    now = timezone.now()
    for name, stage, age_days in [
        ("Alpha", "early-outcomes", 30),
        ("Bravo", "untested", 1),
        ("Charlie", "independently-evaluated", 10),
    ]:
        entry = make_intervention(name=name, evidence_stage=stage)
        Intervention.objects.filter(pk=entry.pk).update(updated_at=now - timedelta(days=age_days))
    response = client.get(LIST, {"ordering": ordering})
    assert result_names(response) == expected
    assert response.context["notices"] == []


def test_evidence_sort_breaks_ties_by_name(client):
    for name in ["Zulu", "Alpha", "Mike"]:
        make_intervention(name=name, evidence_stage="locally-evaluated")
    assert result_names(client.get(LIST, {"ordering": "evidence"})) == ["Alpha", "Mike", "Zulu"]


def test_relevance_without_a_search_falls_back_to_name(client):
    make_intervention(name="Bravo")
    make_intervention(name="Alpha")
    response = client.get(LIST, {"ordering": "relevance"})
    assert result_names(response) == ["Alpha", "Bravo"]
    assert response.context["filterset"].sort_order == "name"


def test_the_sort_menu_offers_best_match_only_when_searching(client):
    make_intervention(name="Knife project")
    plain = client.get(LIST).content.decode()
    searching = client.get(LIST, {"q": "knife"}).content.decode()
    assert 'value="relevance"' not in plain
    assert 'value="relevance" selected' in searching


def test_the_filter_form_shows_ticked_options_and_the_age_given(client, theme):
    make_intervention(themes=[theme("knife-crime")])
    content = client.get(LIST, {"theme": "knife-crime", "age": "15"}).content.decode()
    assert 'value="knife-crime" id="theme-knife-crime" checked' in content
    assert 'value="county-lines" id="theme-county-lines">' in content
    assert 'name="age" min="0" max="120" step="1" inputmode="numeric" value="15"' in content


class TestTheFilterSetForAnApi:
    """Bound directly, the filter set is strict: bad values invalidate it, naming the parameter."""

    @pytest.mark.parametrize(
        ("params", "parameter"),
        [
            ({"theme": "no-such-theme"}, "theme"),
            ({"force": "atlantis"}, "force"),
            ({"region": "mars"}, "region"),
            ({"purpose": "fun"}, "purpose"),
            ({"evidence_stage": "proven"}, "evidence_stage"),
            ({"status": "dormant"}, "status"),
            ({"setting": "moon"}, "setting"),
            ({"source": "unknown"}, "source"),
            ({"age": "ten"}, "age"),
            ({"age": "121"}, "age"),
            ({"age": "-1"}, "age"),
            ({"has_report": "maybe"}, "has_report"),
            ({"ordering": "price"}, "ordering"),
            ({"q": "x" * 201}, "q"),
            ({"q": "knife\x00"}, "q"),
        ],
    )
    def test_an_unusable_value_makes_it_invalid_and_names_the_parameter(self, params, parameter):
        filterset = InterventionFilterSet(params)
        assert not filterset.is_valid()
        assert list(filterset.errors) == [parameter]

    def test_blank_values_mean_no_filter_rather_than_an_error(self, theme):
        make_intervention(themes=[theme("county-lines")])
        make_intervention()
        filterset = InterventionFilterSet({"theme": ["", "county-lines"], "force": [""], "age": ""})
        assert filterset.is_valid(), filterset.errors
        assert filterset.qs.count() == 1

    def test_valid_values_filter_and_sort_the_published_entries(self, theme):
        make_intervention(name="Bravo", themes=[theme("county-lines")])
        make_intervention(name="Alpha", themes=[theme("county-lines")])
        make_intervention(name="Draft", themes=[theme("county-lines")], state="draft")
        make_intervention(name="Other")
        filterset = InterventionFilterSet({"theme": ["county-lines"], "ordering": "-name"})
        assert filterset.is_valid()
        assert [entry.name for entry in filterset.qs] == ["Bravo", "Alpha"]

    @pytest.mark.parametrize(("given", "expected"), [("true", 1), ("1", 1), ("false", 2)])
    def test_has_report_accepts_true_and_false_as_json_writes_them(self, given, expected):
        evaluated = make_intervention()
        make_report([evaluated])
        make_intervention()
        make_intervention()
        filterset = InterventionFilterSet({"has_report": given})
        assert filterset.is_valid()
        assert filterset.qs.count() == expected
