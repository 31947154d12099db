"""Facet keys: the same counts and results as the link tables, kept current."""

import itertools
from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.http import QueryDict
from django.urls import reverse

from evaluations.models import EvidenceRating
from interventions.facets import FACETS, count_facets
from interventions.filters import InterventionFilterSet
from interventions.models import Force, Intervention, SourceCitation, Theme, Verdict
from tests.admin_forms import form_data
from tests.factories import (
    make_intervention,
    make_outcome,
    make_rating,
    make_report,
    make_source,
    shared_across_tests,
)

pytestmark = pytest.mark.django_db

QUERIES = [
    "",
    "theme=county-lines",
    "theme=county-lines&theme=knife-crime",
    "theme=county-lines&region=london&evidence_stage=locally-evaluated",
    "force=kent&purpose=prevention&has_report=true",
    "region=south-east&setting=school&status=active",
    "has_report=false&source=shared",
    "verdict=mixed",
    "verdict=not-yet-known&has_report=true",
    "verdict=mixed&verdict=not-yet-known&theme=knife-crime",
    "age=15&theme=knife-crime",
    "q=mentoring",
    "q=mentoring&region=london",
]


@pytest.fixture(scope="class")
def catalogue(django_db_setup, django_db_blocker):
    """72 published entries over every combination of filters, and a draft; built once for
    the class of tests that read it."""
    with shared_across_tests(django_db_blocker):
        theme, force = Theme.objects.get, Force.objects.get
        source = make_source(slug="shared")
        themes = [
            theme(slug="county-lines"),
            theme(slug="knife-crime"),
            theme(slug="domestic-abuse-and-stalking"),
        ]
        forces = [
            force(slug="kent"),
            force(slug="sussex"),
            force(slug="metropolitan"),
            force(slug="city-of-london"),
        ]
        stages = ["locally-evaluated", "independently-evaluated", "untested"]
        combinations = itertools.product(range(3), range(4), range(3), (True, False))
        entries = []
        for number, (theme_no, force_no, stage_no, cited) in enumerate(combinations):
            entry = make_intervention(
                name=f"Entry {number:02}",
                summary="Mentoring for young people." if number % 3 else "Street outreach.",
                themes=themes[theme_no : theme_no + 2],
                forces=forces[force_no : force_no + 1 + number % 2],
                purposes=["prevention"] if number % 2 else ["diversion"],
                settings=["school"] if number % 4 else ["community", "school"],
                sources=[source] if cited else [],
                evidence_stage=stages[stage_no],
                status="active" if number % 5 else "ended",
                age_min=10 + number % 8,
                age_max=16 + number % 6,
            )
            entries.append(entry)
        make_report(entries[::3])
        # An annual report is listed with its entries but does not evaluate them.
        make_report(entries[1::6], report_type="annual-report")
        for entry in entries[::4]:
            make_rating(entry, verdict="mixed")
        for entry in entries[2::8]:
            make_rating(entry)
        make_intervention(state="draft", themes=themes, forces=forces, sources=[source])
        yield entries


def verdict_of(entry):
    try:
        return entry.evidence_rating.verdict
    except EvidenceRating.DoesNotExist:
        return Verdict.NOT_YET_KNOWN


def option_values(entry, by="pk"):
    """Each facet's values for one entry, read from its relations one by one.

    Linked rows are named by id, as the counts name them, or by slug, as addresses do.
    """
    forces = list(entry.forces.all())

    def named(rows):
        return [str(getattr(row, by)) for row in rows]

    return {
        "theme": named(entry.themes.all()),
        "force": named(forces),
        "region": sorted({force.region for force in forces}),
        "purpose": named(entry.purposes.all()),
        "evidence_stage": [entry.evidence_stage],
        "verdict": [verdict_of(entry)],
        "status": [entry.status],
        "setting": named(entry.delivery_settings.all()),
        # Only reports that evaluate the entry: not its annual or performance reports.
        "has_report": ["true" if any(r.is_evaluation for r in entry.reports.all()) else "false"],
        "source": named(entry.sources.all()),
    }


def admits(data, entry):
    """Whether every filter of ``data`` admits the entry, judged from its relations."""
    values = option_values(entry, by="slug")
    for name in FACETS:
        asked = data.getlist(name)
        if asked and not set(asked) & set(values[name]):
            return False
    if "age" in data:
        age = int(data["age"])
        too_young = entry.age_min is not None and age < entry.age_min
        too_old = entry.age_max is not None and age > entry.age_max
        return not (too_young or too_old)
    return True


def link_table_results(query_string):
    data = QueryDict(query_string)
    entries = Intervention.objects.published()
    if data.get("q"):
        entries = entries.search(data["q"])
    return sorted(entry.pk for entry in entries if admits(data, entry))


def filtered_sets(query_string):
    filterset = InterventionFilterSet.forgiving(QueryDict(query_string))
    base = filterset.queryset
    active = {name for name, _ in filterset.query_pairs() if name != "ordering"}
    for_facet = {name: filterset.apply_filters(base, excluding=name) for name in FACETS}
    for_total = {"": filterset.apply_filters(base)} | {
        name: filterset.apply_filters(base, excluding=name) for name in active
    }
    return for_facet, for_total


def listed(client, query_string):
    response = client.get(f"{reverse('catalogue:list')}?{query_string}")
    return {entry.name for entry in response.context["page_obj"].object_list}


def test_a_theme_added_or_removed_from_either_side_moves_the_entry(client, theme):
    entry = make_intervention(name="Mover")
    entry.themes.add(theme("county-lines"))
    assert "Mover" in listed(client, "theme=county-lines")
    theme("county-lines").interventions.remove(entry)
    assert "Mover" not in listed(client, "theme=county-lines")
    theme("knife-crime").interventions.add(entry)
    assert "Mover" in listed(client, "theme=knife-crime")
    theme("knife-crime").interventions.clear()
    assert "Mover" not in listed(client, "theme=knife-crime")
    entry.themes.add(theme("knife-crime"))
    entry.themes.clear()
    assert "Mover" not in listed(client, "theme=knife-crime")


def test_a_force_moving_region_moves_its_entries(client, force):
    kent = force("kent")
    make_intervention(name="Kentish", forces=[kent])
    assert "Kentish" in listed(client, "region=south-east")
    kent.region = "london"
    kent.save()
    assert "Kentish" in listed(client, "region=london")
    assert "Kentish" not in listed(client, "region=south-east")


def test_sources_reports_and_fields_keep_the_keys_current(client):
    entry = make_intervention(name="Evolving", evidence_stage="untested")
    source = make_source(slug="later")
    # Another published entry keeps the source public, and so a filter the list can apply.
    make_intervention(name="Steady", sources=[source])
    citation = SourceCitation.objects.create(intervention=entry, source=source)
    assert "Evolving" in listed(client, "source=later")
    citation.delete()
    assert "Evolving" not in listed(client, "source=later")

    report = make_report([entry])
    assert "Evolving" in listed(client, "has_report=true")
    report.delete()
    assert "Evolving" in listed(client, "has_report=false")

    entry.evidence_stage = "independently-evaluated"
    entry.save()
    assert "Evolving" in listed(client, "evidence_stage=independently-evaluated")
    assert "Evolving" not in listed(client, "evidence_stage=untested")


def test_a_deleted_theme_leaves_no_entry_behind_in_its_counts(client, theme):
    entry = make_intervention(name="Orphan", themes=[theme("county-lines")])
    theme("county-lines").delete()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT facet_keys FROM interventions_intervention WHERE id = %s", [entry.pk]
        )
        (keys,) = cursor.fetchone()
    assert not [key for key in keys if key.startswith("theme:")]


def test_related_entries_sharing_a_theme_and_a_force_come_first(theme, force):
    themes, forces = [theme("county-lines")], [force("kent")]
    focus = make_intervention(name="Focus", themes=themes, forces=forces)
    both = make_intervention(name="Both", themes=themes, forces=forces)
    theme_only = make_intervention(name="Theme only", themes=themes)
    force_only = make_intervention(name="Force only", forces=forces)
    make_intervention(name="Neither", themes=[theme("knife-crime")])
    make_intervention(name="Draft", state="draft", themes=themes, forces=forces)
    related = list(
        Intervention.objects.related_to(
            focus, [item.pk for item in themes], [item.pk for item in forces]
        )
    )
    assert related[0] == both
    assert set(related) == {both, theme_only, force_only}


def test_a_report_added_or_removed_in_the_entrys_admin_page_moves_the_entry(curator_client):
    """The admin saves report links as inline rows, which send no m2m signal."""
    entry = make_intervention(name="Curated")
    report = make_report([])
    change = reverse("admin:interventions_intervention_change", args=[entry.pk])
    prefix = "EvaluationReport_interventions"
    data = form_data(curator_client.get(change), "intervention_form")
    data.update({f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-0-evaluationreport": str(report.pk)})
    data["change_reason"] = "The report covers it"
    assert curator_client.post(change, data).status_code == 302
    curator_client.logout()
    assert "Curated" in listed(curator_client, "has_report=true")

    curator_client.force_login(User.objects.get(username="cora"))
    data = form_data(curator_client.get(change), "intervention_form")
    data[f"{prefix}-0-DELETE"] = "on"
    data["change_reason"] = "The report does not cover it"
    assert curator_client.post(change, data).status_code == 302
    curator_client.logout()
    assert "Curated" in listed(curator_client, "has_report=false")


def test_sources_set_as_an_import_does_move_the_entry(client):
    """The spreadsheet import sets sources with sources.set(), which sends no post_save."""
    entry = make_intervention(name="Imported")
    source = make_source(slug="imported-from")
    # Another published entry keeps the source public, and so a filter the list can apply.
    make_intervention(name="Steady", sources=[source])
    entry.sources.set([source])
    assert "Imported" in listed(client, "source=imported-from")
    entry.sources.set([])
    assert "Imported" not in listed(client, "source=imported-from")


def test_related_entries_sharing_more_come_first_whatever_their_age(theme, force):
    themes = [theme("county-lines"), theme("knife-crime")]
    focus = make_intervention(name="Focus", themes=themes, forces=[force("kent")])
    older_two_themes = make_intervention(name="Older, two themes", themes=themes)
    newer_one_theme = make_intervention(name="Newer, one theme", themes=themes[:1])
    Intervention.objects.filter(pk=older_two_themes.pk).update(
        updated_at=newer_one_theme.updated_at - timedelta(days=400)
    )
    related = list(
        Intervention.objects.related_to(focus, [item.pk for item in themes], [force("kent").pk])
    )
    assert related == [older_two_themes, newer_one_theme]


def aged(entry, days):
    """``entry``, as last updated ``days`` ago."""
    Intervention.objects.filter(pk=entry.pk).update(
        updated_at=entry.updated_at - timedelta(days=days)
    )
    return entry


@pytest.mark.parametrize(
    "theme_count, force_count", [(2, 1), (1, 2), (2, 2), (3, 1), (3, 2), (2, 0), (3, 0)]
)
def test_related_entries_are_ranked_by_shared_keys_then_recency(
    theme, force, theme_count, force_count
):
    themes = [theme(slug) for slug in ["county-lines", "knife-crime", "young-adults"][:theme_count]]
    forces = [force(slug) for slug in ["kent", "essex"][:force_count]]
    focus = make_intervention(name="Focus", themes=themes, forces=forces)
    # Drafts, each sharing every key, or one of each kind, and updated just now.
    make_intervention(name="Draft, all", state="draft", themes=themes, forces=forces)
    make_intervention(name="Draft, one", state="draft", themes=themes[:1], forces=forces[:1])
    made = [
        # (themes, forces, days since its last update)
        (themes, forces, 900),
        (themes[-2:], forces[:1], 600),
        (themes[:1], forces, 700),
        *[(themes[-1:], forces[-1:], days) for days in range(1, 7)],
    ]
    entries = [
        (aged(make_intervention(name=f"Related {n}", themes=t, forces=f), days), t, f, days)
        for n, (t, f, days) in enumerate(made)
    ]
    other = theme("hospital-based-intervention")
    make_intervention(name="Newest, unrelated", themes=[other])
    related = list(
        Intervention.objects.related_to(
            focus, [item.pk for item in themes], [item.pk for item in forces]
        )
    )
    # Those sharing most first, the most recently updated of those sharing as many first.
    ranked = sorted(entries, key=lambda made: (-len(made[1]) - len(made[2]), made[3]))
    assert related == [entry for entry, *_ in ranked[:5]]
    assert not [entry for entry in related if entry.publication_state != "published"]


def test_the_database_holds_the_column_and_indexes_the_model_declares():
    """Migrations 0003 and 0005 made them in SQL; 0006 only told Django about them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT udt_name, is_nullable FROM information_schema.columns "
            "WHERE table_name = %s AND column_name = 'facet_keys'",
            [Intervention._meta.db_table],
        )
        assert cursor.fetchall() == [("_text", "YES")]
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s",
            [Intervention._meta.db_table],
        )
        in_database = {
            name: definition.replace("public.", "") for name, definition in cursor.fetchall()
        }
    derived = ("_search_vector", "_trigram", "_facet_keys")
    gin_indexes = [index for index in Intervention._meta.indexes if index.name.endswith(derived)]
    assert len(gin_indexes) == 3
    with connection.schema_editor() as editor:
        for index in gin_indexes:
            declared = str(index.create_sql(Intervention, editor)).replace('"', "")
            assert in_database[index.name] == declared


class TestAgainstEachEntrysRelations:
    @pytest.mark.parametrize("query_string", QUERIES)
    def test_facet_keys_count_exactly_what_the_link_tables_count(self, catalogue, query_string):
        for_facet, for_total = filtered_sets(query_string)
        related = (
            "themes",
            "forces",
            "purposes",
            "delivery_settings",
            "sources",
            "reports",
            "evidence_rating",
        )
        expected_options = {
            name: dict(
                Counter(
                    value
                    for entry in entries.prefetch_related(*related)
                    for value in option_values(entry)[name]
                )
            )
            for name, entries in for_facet.items()
        }
        expected_totals = {key: len(list(entries)) for key, entries in for_total.items()}

        counted = count_facets(for_facet, for_total)

        assert {name: counted.for_facet(name) for name in FACETS} == expected_options
        assert counted.totals == expected_totals
        assert counted.total() > 0  # not a comparison of two empty results

    @pytest.mark.parametrize("query_string", QUERIES)
    def test_the_list_shows_the_entries_the_link_tables_give(self, client, catalogue, query_string):
        expected = link_table_results(query_string)
        shown = [
            entry.pk
            for entry in client.get(f"{reverse('catalogue:list')}?{query_string}")
            .context["paginator"]
            .object_list
        ]
        assert sorted(shown) == expected
        assert expected  # not a comparison of two empty lists

    def test_an_empty_list_of_values_matches_nothing_rather_than_failing(self, catalogue):
        published = Intervention.objects.published()
        assert published.count() > 0
        assert list(published.with_themes([])) == []
        assert list(published.from_sources([])) == []


def test_the_kinds_of_an_entrys_figures_follow_every_change_to_them():
    def kinds(entry):
        keys = Intervention.objects.get(pk=entry.pk).facet_keys
        return sorted(key for key in keys if key.startswith("kind:"))

    first, second = make_intervention(), make_intervention()
    assert kinds(first) == []
    robbery = make_outcome(first, measure_kind="robbery")
    make_outcome(first, measure_kind="robbery")
    assert kinds(first) == ["kind:robbery"]
    robbery.measure_kind = "homicide"
    robbery.save()
    assert kinds(first) == ["kind:homicide", "kind:robbery"]
    robbery.intervention = second
    robbery.save()
    assert kinds(first) == ["kind:robbery"]
    assert kinds(second) == ["kind:homicide"]
    robbery.delete()
    assert kinds(second) == []
