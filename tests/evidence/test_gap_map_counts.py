"""The evidence gap map's counts kept by the database equal a fresh count from the link
tables after every kind of change a curator or an import makes, and drafts never count."""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.models import EvidenceRating
from evidence.gapmap import GapMap
from evidence.models import GapMapCount
from interventions.models import Force, Intervention, PublicationState, Theme
from tests.factories import make_intervention, make_outcome, make_rating

pytestmark = pytest.mark.django_db

URL = reverse("evidence:gap_map")


def kept():
    counts = GapMapCount.objects.exclude(entries=0)
    return {
        (c.scope, c.theme_id, c.measure_column, c.evidence_stage, c.verdict): c.entries
        for c in counts
    }


def recounted():
    """Every place of the map in every scope, counted entry by entry from the link
    tables: the truth the kept counts must equal."""
    counted = Counter()
    verdicts = dict(EvidenceRating.objects.values_list("intervention_id", "verdict"))
    entries = Intervention.objects.published().prefetch_related("themes", "forces", "outcomes")
    for entry in entries:
        themes = [theme.pk for theme in entry.themes.all()]
        columns = {figure.measure_kind for figure in entry.outcomes.all()} or {"none"}
        stage, verdict = entry.evidence_stage, verdicts.get(entry.pk, "not-yet-known")
        forces = list(entry.forces.all())
        scopes = {"", *(f"force:{f.pk}" for f in forces), *(f"region:{f.region}" for f in forces)}
        for scope in scopes:
            for theme in themes:
                for column in columns:
                    counted[scope, theme, column, stage, verdict] += 1
                counted[scope, theme, "", stage, ""] += 1
            if themes:
                counted[scope, None, "", stage, ""] += 1
    return dict(counted)


def assert_kept_current():
    assert kept() == recounted()
    # The live count of a selection, over the same function, agrees with the kept one.
    live = GapMapCount.places_counted(Intervention.objects.published())
    assert sorted(GapMapCount.places([""]), key=str) == sorted(live, key=str)


@pytest.fixture
def catalogue(theme, force):
    knife, county, abuse = (
        theme("knife-crime"),
        theme("county-lines"),
        theme("domestic-abuse-and-stalking"),
    )
    kent, sussex, met = force("kent"), force("sussex"), force("metropolitan")
    strong = make_intervention(
        themes=[knife, county], forces=[kent, met], evidence_stage="independently-evaluated"
    )
    make_outcome(strong, measure_kind="violent-crime")
    make_outcome(strong, measure_kind="violent-crime")
    make_outcome(strong, measure_kind="hospital")
    make_rating(strong, verdict="reduced-harm")
    local = make_intervention(themes=[county], forces=[sussex], evidence_stage="locally-evaluated")
    make_outcome(local, measure_kind="robbery")
    bare = make_intervention(themes=[abuse, knife], forces=[kent])
    unfiled = make_intervention(forces=[met])
    make_outcome(unfiled, measure_kind="homicide")
    draft = make_intervention(state=PublicationState.DRAFT, themes=[knife], forces=[kent])
    make_outcome(draft, measure_kind="cost")
    make_rating(draft, verdict="mixed")
    return {"strong": strong, "local": local, "bare": bare, "unfiled": unfiled, "draft": draft}


def test_the_kept_counts_follow_every_change_to_entries_and_their_figures(catalogue, theme):
    assert_kept_current()
    strong, local, bare = catalogue["strong"], catalogue["local"], catalogue["bare"]
    figure = make_outcome(bare, measure_kind="referrals")
    assert_kept_current()
    figure.measure_kind = "knife-crime"
    figure.save()
    assert_kept_current()
    figure.intervention = local
    figure.save()
    assert_kept_current()
    figure.delete()
    assert_kept_current()
    local.evidence_stage = "independently-evaluated"
    local.save()
    assert_kept_current()
    rating = make_rating(local, verdict="mixed")
    assert_kept_current()
    rating.verdict = "increased-harm"
    rating.save()
    assert_kept_current()
    rating.delete()
    assert_kept_current()
    strong.themes.set([theme("domestic-abuse-and-stalking")])
    assert_kept_current()
    theme("domestic-abuse-and-stalking").interventions.remove(bare)
    assert_kept_current()
    bare.forces.set([Force.objects.get(slug="sussex")])
    assert_kept_current()
    strong.publication_state = PublicationState.DRAFT
    strong.save()
    assert_kept_current()
    strong.publication_state = PublicationState.PUBLISHED
    strong.save()
    assert_kept_current()
    local.delete()
    assert_kept_current()


def test_a_draft_and_its_changes_never_count(catalogue, theme):
    before = kept()
    draft = catalogue["draft"]
    assert not any(key[2] == "cost" for key in before)
    make_outcome(draft, measure_kind="robbery")
    draft.themes.add(theme("county-lines"))
    draft.evidence_stage = "independently-evaluated"
    draft.save()
    EvidenceRating.objects.filter(intervention=draft).update(verdict="reduced-harm")
    assert kept() == before
    assert_kept_current()


def test_bulk_writes_deleted_themes_and_moved_forces_keep_the_counts_exact(catalogue, force):
    Intervention.objects.filter(pk=catalogue["bare"].pk).update(
        publication_state=PublicationState.DRAFT
    )
    assert_kept_current()
    Theme.objects.get(slug="county-lines").delete()
    assert_kept_current()
    kent = force("kent")
    kent.region = "london"
    kent.save()
    assert_kept_current()
    Intervention.objects.all().delete()
    assert kept() == {}


SELECTIONS = [
    {},
    {"evidence_stage": ["independently-evaluated", "untested"]},
    {"region": ["south-east"]},
    {"region": ["south-east"], "evidence_stage": ["locally-evaluated"]},
    {"force": ["metropolitan"]},
    # The strong entry is in Kent and the Metropolitan area: in two regions and two forces.
    {"region": ["south-east", "london"]},
    {"region": ["south-east", "london", "north-west"], "evidence_stage": ["untested"]},
    {"force": ["kent", "metropolitan", "sussex"]},
    {"force": ["kent", "sussex"], "evidence_stage": ["untested"]},
    {"region": ["london"], "force": ["kent"]},
]


def numbers(gap_map):
    return gap_map.entry_count, [
        (
            row.count,
            row.independently_evaluated,
            [(c.count, c.stages, c.verdicts) for c in row.cells],
        )
        for row in gap_map.rows
    ]


@pytest.mark.parametrize("selection", SELECTIONS)
def test_the_map_read_from_kept_counts_equals_the_map_counted_afresh(
    catalogue, monkeypatch, selection
):
    read = GapMap(selection)
    assert read.entry_count
    # Kept counts answer all but a region and a force together (their entries in both).
    assert (read.scopes() is None) == ("region" in selection and "force" in selection)
    monkeypatch.setattr(GapMap, "scopes", lambda self: None)
    counted = GapMap(selection)
    assert numbers(read) == numbers(counted)
    assert read.chart() == counted.chart()


@pytest.mark.parametrize(
    "query",
    ["", "?region=london", "?force=kent&evidence_stage=untested", "?region=london&region=wales"],
)
def test_the_map_takes_the_same_queries_however_many_entries(client, theme, force, query):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL + query).status_code == 200
        return len(captured)

    def add_entries(number):
        for _ in range(number):
            entry = make_intervention(themes=[theme("knife-crime")], forces=[force("kent")])
            make_outcome(entry, measure_kind="robbery")

    add_entries(1)
    client.get(URL + query)  # the catalogue's version, read again after the saves
    few = queries()
    add_entries(6)
    client.get(URL + query)
    assert queries() == few <= 5
