"""What the database keeps for the outcomes explorer: how many published figures carry
each filter value, and each figure's copies of its entry's name and publication and its
source's title. Both must equal the live truth after every kind of change."""

from collections import Counter

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from evaluations.models import OutcomeMetric, PublishedFigureCount
from evidence.outcomes import SORTS, OutcomeExplorer
from interventions.models import Force, Intervention, PublicationState, Theme
from tests.factories import make_intervention, make_outcome, make_rating, make_source

pytestmark = pytest.mark.django_db


def recounted():
    """The counts as the link tables and ratings give them, figure by figure."""
    counts = Counter()
    figures = OutcomeMetric.objects.filter(
        intervention__publication_state=PublicationState.PUBLISHED
    ).select_related("intervention")
    for figure in figures:
        entry = figure.intervention
        rating = getattr(entry, "evidence_rating", None)
        counts.update(
            [
                "",
                f"kind:{figure.measure_kind}",
                f"scope:{figure.scope}",
                f"direction:{figure.direction or 'none'}",
                f"figure_source:{figure.source_id}",
                f"evidence_stage:{entry.evidence_stage}",
                f"verdict:{rating.verdict if rating else 'not-yet-known'}",
                *(f"theme:{pk}" for pk in entry.themes.values_list("pk", flat=True)),
                *(f"force:{pk}" for pk in entry.forces.values_list("pk", flat=True)),
                *(f"region:{region}" for region in {force.region for force in entry.forces.all()}),
            ]
        )
    return dict(counts)


def assert_counts_current():
    assert PublishedFigureCount.counts() == recounted()


def assert_copies_current():
    for figure in OutcomeMetric.objects.select_related("intervention", "source"):
        assert figure.entry_name == figure.intervention.name
        assert figure.entry_published == (
            figure.intervention.publication_state == PublicationState.PUBLISHED
        )
        assert figure.source_title == figure.source.title


@pytest.fixture
def entries():
    county_lines = Theme.objects.get(slug="county-lines")
    knife_crime = Theme.objects.get(slug="knife-crime")
    kent = Force.objects.get(slug="kent")
    first = make_intervention(name="Alpha", themes=[county_lines], forces=[kent])
    second = make_intervention(name="Bravo", themes=[county_lines, knife_crime])
    draft = make_intervention(
        name="Charlie", state=PublicationState.DRAFT, themes=[knife_crime], forces=[kent]
    )
    make_outcome(first, measure_kind="robbery")
    make_outcome(first, measure_kind="hospital", direction="", scope="area")
    make_outcome(second, measure_kind="robbery", source=make_source(title="Annual report"))
    make_outcome(draft, measure_kind="homicide")
    make_outcome(draft, measure_kind="robbery")
    return first, second, draft


def test_published_figures_are_counted_and_a_drafts_never_are(entries):
    counts = PublishedFigureCount.counts()
    assert counts[""] == 3
    assert counts["kind:robbery"] == 2
    assert "kind:homicide" not in counts
    assert counts[f"theme:{Theme.objects.get(slug='knife-crime').pk}"] == 1
    assert_counts_current()
    assert_copies_current()


def test_publishing_and_unpublishing_an_entry_moves_its_figures(entries):
    first, _, draft = entries
    draft.publication_state = PublicationState.PUBLISHED
    draft.save()
    assert PublishedFigureCount.counts()[""] == 5
    assert_counts_current()
    assert_copies_current()
    first.publication_state = PublicationState.DRAFT
    first.save()
    assert PublishedFigureCount.counts()[""] == 3
    assert_counts_current()
    assert_copies_current()
    assert not OutcomeMetric.objects.published().filter(intervention=first).exists()


def test_adding_changing_and_removing_figures_keeps_the_counts(entries):
    first, second, draft = entries
    added = make_outcome(second, measure_kind="cost", direction="increase")
    make_outcome(draft, measure_kind="cost")
    assert PublishedFigureCount.counts()["kind:cost"] == 1
    added.measure_kind = "training"
    added.intervention = first
    added.save()
    assert_counts_current()
    first.outcomes.first().delete()
    OutcomeMetric.objects.filter(intervention=second).update(scope="programme")
    assert_counts_current()
    OutcomeMetric.objects.all().delete()
    assert PublishedFigureCount.counts() == {}


def test_changing_what_an_entry_is_filed_under_moves_its_figures_counts(entries):
    first, second, _ = entries
    first.themes.set([Theme.objects.get(slug="knife-crime")])
    second.forces.add(Force.objects.get(slug="sussex"))
    first.evidence_stage = "independently-evaluated"
    first.save()
    make_rating(second, verdict="mixed")
    assert_counts_current()


def test_deleting_entries_keeps_the_counts_exact(entries):
    first, _, draft = entries
    first.delete()
    draft.delete()
    assert_counts_current()
    Intervention.objects.update(publication_state=PublicationState.DRAFT)
    assert PublishedFigureCount.counts() == {}
    Intervention.objects.all().delete()
    assert PublishedFigureCount.counts() == {}


def test_renaming_an_entry_or_a_source_moves_its_figures_in_the_sort(entries):
    first, second, _ = entries
    first.name = "Zulu"
    first.save()
    source = second.outcomes.get().source
    source.title = "A first report"
    source.save()
    assert_copies_current()
    explorer = OutcomeExplorer(QueryDict())
    assert [figure.intervention.name for figure in explorer.metrics()] == ["Bravo", "Zulu", "Zulu"]
    explorer = OutcomeExplorer(QueryDict("sort=source"))
    assert explorer.metrics().first().source.title == "A first report"


def test_a_figures_save_cannot_overwrite_its_copies(entries):
    first, _, _ = entries
    figure = first.outcomes.first()
    Intervention.objects.filter(pk=first.pk).update(
        name="Renamed", publication_state=PublicationState.DRAFT
    )
    figure.value = 99  # the figure still holds the old name and publication
    figure.save()
    figure.refresh_from_db()
    assert (figure.entry_name, figure.entry_published) == ("Renamed", False)


@pytest.mark.parametrize("sort", SORTS)
def test_each_sort_orders_the_published_figures_as_their_entries_and_sources_do(entries, sort):
    make_outcome(entries[1], measure="Arrests", measure_kind="arrests-and-charges", value=3)
    live = {
        "entry": ("intervention__name", "position", "key"),
        "measure": ("measure", "intervention__name", "key"),
        "kind": ("kind_rank", "intervention__name", "position", "key"),
        "largest": ("unit", "-value", "intervention__name", "key"),
        "source": ("source__title", "intervention__name", "position", "key"),
    }[sort]
    expected = OutcomeMetric.objects.filter(
        intervention__publication_state=PublicationState.PUBLISHED
    ).order_by(*live)
    shown = OutcomeExplorer(QueryDict(f"sort={sort}")).metrics()
    assert [figure.pk for figure in shown] == [figure.pk for figure in expected]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "kind=robbery",
        "scope=area",
        "direction=none",
        "theme=knife-crime",
        "force=kent",
        "evidence_stage=locally-evaluated",
        "verdict=not-yet-known",
        "kind=robbery&theme=county-lines",
        "kind=robbery&kind=hospital",
        "direction=none&direction=reduction",
        "theme=knife-crime&theme=county-lines",
    ],
)
def test_the_explorers_total_is_the_live_count_of_published_figures(entries, query):
    explorer = OutcomeExplorer(QueryDict(query))
    assert explorer.count() == explorer.filtered().count()


def test_a_figures_source_is_counted_by_the_source_filter(entries):
    source = entries[1].outcomes.get().source
    explorer = OutcomeExplorer(QueryDict(f"source={source.slug}"))
    assert explorer.count() == 1 == explorer.filtered().count()


def test_the_counts_are_read_in_one_query_however_many_figures(entries):
    with CaptureQueriesContext(connection) as queries:
        PublishedFigureCount.counts()
    assert len(queries) == 1


def test_a_figure_loaded_before_its_entry_takes_its_copies_when_the_entry_arrives():
    # As loading a fixture may: the foreign key is checked only at the end.
    source = make_source(title="Loaded source")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO evaluations_outcomemetric (intervention_id, key, measure, measure_kind,"
            " value, value_qualifier, unit, direction, baseline_period, follow_up_period,"
            " cohort, scope, scope_section, source_id, source_section, curator_note, position,"
            " entry_name, entry_published, source_title)"
            " VALUES (987654, 'loaded', 'Loaded', 'robbery', 1, '', 'count', '', '', '', '',"
            " 'participants', '', %s, '', '', 0, '', false, '')",
            [source.pk],
        )
    assert PublishedFigureCount.counts() == {}
    make_intervention(pk=987654, name="Arrived later")
    assert_copies_current()
    assert_counts_current()
    assert PublishedFigureCount.counts()["kind:robbery"] == 1


def test_refreshing_every_entrys_facet_keys_leaves_the_counts_exact(entries):
    from interventions.facet_index import refresh_facet_keys

    before = PublishedFigureCount.counts()
    refresh_facet_keys()
    assert PublishedFigureCount.counts() == before
    assert_counts_current()
