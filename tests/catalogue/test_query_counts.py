"""Queries per page stay the same whatever the number of entries, and at most twelve."""

import pytest
from django.urls import reverse

from interventions.models import Force, Intervention, Theme
from tests.factories import (
    make_funding,
    make_intervention,
    make_organisation,
    make_outcome,
    make_report,
    make_session,
    make_source,
    shared_across_tests,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue_version_just_read")]

SIZES = [5, 200]


@pytest.fixture(scope="module", params=SIZES)
def size(request):
    return request.param


@pytest.fixture(scope="module")
def focus(size, django_db_setup, django_db_blocker):
    """A catalogue of ``size`` richly linked entries, plus drafts, sharing one partner.

    Built once per size for the module.
    """
    with shared_across_tests(django_db_blocker):
        source = make_source(slug="shared-source")
        themes = [Theme.objects.get(slug="county-lines"), Theme.objects.get(slug="knife-crime")]
        forces = [Force.objects.get(slug="kent"), Force.objects.get(slug="sussex")]
        partner = make_organisation(slug="shared-partner", force_area=forces[0])
        entries = []
        for number in range(size):
            entry = make_intervention(
                name=f"Entry {number:03}",
                themes=themes,
                forces=forces,
                purposes=["prevention"],
                settings=["school", "community"],
                sources=[source],
                partners=[(partner, "lead")],
            )
            entries.append(entry)
        make_intervention(state="draft", themes=themes, forces=forces)
        make_report(entries[:3], source=source, evaluator=partner)
        focus = entries[0]
        for _ in range(3):
            make_outcome(focus, source=source, report=focus.reports.first())
            make_funding(focus, source=source, funder=partner)
        make_session([focus], source=source)
        yield focus


def test_the_list_takes_six_queries(client, focus, size, django_assert_max_num_queries):
    # The option lists (themes, forces, purposes, settings, sources: one query); one for
    # every facet count and total; the page of entries; their themes; their forces; the
    # catalogue's version for the ETag (web.shared_cache), which a process reads at most
    # every few seconds, and here again because the entries were just saved.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("catalogue:list"))
    assert response.context["paginator"].count == size


def test_a_filtered_searched_sorted_list_takes_six_queries(
    client, focus, size, django_assert_max_num_queries
):
    params = {
        "q": "entry",
        "theme": ["county-lines", "knife-crime"],
        "region": "south-east",
        "setting": "school",
        "has_report": "false",
        "age": "14",
        "ordering": "evidence",
        "page": "2",
    }
    # The list's five, and on PostgreSQL one indexed check of whether the words match
    # as typed (or only names within a typo), made once for the results and every count.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("catalogue:list"), params)
    assert response.context["paginator"].count == size - 3


def test_the_entry_page_takes_two_queries(client, focus, size, django_assert_max_num_queries):
    # The entry with its themes, forces, purposes and settings, funding, seminar sessions,
    # partners, sources, reports, outcomes and links to evidence elsewhere, in one round
    # trip; its related entries.
    with django_assert_max_num_queries(2):
        response = client.get(focus.get_absolute_url())
    assert len(response.context["related"]) == min(5, size - 1)
    assert response.context["purposes"] == ["Prevention"]
    # In the settings' set order, not alphabetical.
    assert response.context["delivery_settings"] == ["School", "Community"]


def test_the_home_page_takes_nine_queries(client, focus, size, django_assert_max_num_queries):
    # Themes, forces and regions with counts; sources and what they mention without an
    # entry; recent entries with their themes and forces; the total.
    with django_assert_max_num_queries(9):
        client.get(reverse("catalogue:home"))


def test_a_theme_page_takes_five_queries(client, focus, size, django_assert_max_num_queries):
    # The theme; the count; the page of entries; their themes; their forces.
    with django_assert_max_num_queries(5):
        client.get(reverse("catalogue:theme", args=["county-lines"]))


def test_a_force_page_takes_eight_queries(client, focus, size, django_assert_max_num_queries):
    # As a theme page (its count read with the bordering forces' counts), plus partners in
    # the area, the bordering forces, and the latest few entries of each of them.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("catalogue:force", args=["kent"]))
    sussex = next(force for force in response.context["nearby"] if force.slug == "sussex")
    assert sussex.entry_count == size
    assert len(sussex.latest) == 3


def test_the_themes_index_takes_three_queries(client, focus, size, django_assert_max_num_queries):
    # The option lists; every facet count of the whole catalogue; the themes.
    with django_assert_max_num_queries(3):
        response = client.get(reverse("catalogue:themes"))
    counts = {theme.slug: theme.entry_count for theme in response.context["themes"]}
    assert counts["county-lines"] == size


def test_a_region_page_takes_seven_queries(client, focus, size, django_assert_max_num_queries):
    # The option lists; the region's facet counts; its forces; the count of outcome
    # figures; the page of entries, their themes and forces.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("catalogue:region", args=["south-east"]), {"page": "2"})
    assert response.context["paginator"].count == size
    counts = {force.slug: force.entry_count for force in response.context["forces"]}
    assert counts["kent"] == counts["sussex"] == size
    assert counts["surrey"] == 0


def test_the_briefing_list_takes_four_queries(client, focus, size, django_assert_max_num_queries):
    # The option lists; the facet counts (for the total); the entries; their forces.
    with django_assert_max_num_queries(4):
        response = client.get(
            reverse("catalogue:briefing"),
            {"theme": ["county-lines", "knife-crime"], "match": "all", "age_unknown": "exclude"},
        )
    assert response.status_code == 200


def test_an_organisation_page_takes_eight_queries(
    client, focus, size, django_assert_max_num_queries
):
    # The organisation; the count; the page of entries with their themes, forces and
    # roles here; its reports and the published entries they cover.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("catalogue:organisation", args=["shared-partner"]))
    assert response.context["paginator"].count == size


def test_the_fixture_builds_what_the_bounds_assume(focus, size):
    assert Intervention.objects.published().count() == size
    assert focus.outcomes.count() == 3
