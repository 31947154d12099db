"""The new public pages follow the site's rules: published only, one heading, labelled, fast."""

import itertools
import re

import pytest
from django.urls import reverse

from evidence.models import ExternalEvidenceLink
from interventions.models import Force, Theme
from tests.factories import (
    make_funding,
    make_intervention,
    make_organisation,
    make_outcome,
    make_report,
    make_source,
    shared_across_tests,
)
from tests.pages import canonical_of, meta_description_of, title_of

pytestmark = pytest.mark.django_db

SECRET = "Secret unpublished work"


@pytest.fixture
def world(theme, force):
    source = make_source(slug="the-source")
    shared = {"themes": [theme("county-lines")], "forces": [force("dorset")], "sources": [source]}
    published = [
        make_intervention(name=f"Published {name}", slug=f"published-{name}", **shared)
        for name in ("one", "two")
    ]
    make_report(published, slug="shared-report", title="Published report")
    make_outcome(
        published[0],
        key="robberies",
        measure="Robberies",
        baseline_value=4,
        follow_up_value=2,
        source=source,
    )
    for state in ("draft", "in-review"):
        hidden = make_intervention(
            name=f"{SECRET} ({state})",
            slug=f"secret-{state}",
            state=state,
            evidence_stage="locally-evaluated",
            **shared,
        )
        make_report([hidden], title=f"{SECRET} report ({state})", slug=f"secret-report-{state}")
        make_outcome(hidden, measure=f"{SECRET} figure ({state})", source=source)
        make_funding(hidden, description=f"{SECRET} funding ({state})")
        ExternalEvidenceLink.objects.create(
            intervention=hidden,
            catalogue="yef-toolkit",
            title=f"{SECRET} strand ({state})",
            url=f"https://example.org/{state}",
            checked_on="2025-01-01",
        )
    return published


PAGES = [
    reverse("catalogue:home"),
    reverse("catalogue:forces"),
    reverse("evidence:outcomes"),
    reverse("evidence:outcomes") + "?theme=county-lines&force=dorset&source=the-source",
    reverse("evidence:compare") + "?items=published-one,published-two",
    reverse("evidence:compare") + "?items=published-one,secret-draft,secret-in-review",
    reverse("evidence:compare"),
    reverse("catalogue:detail", args=["published-one"]),
    reverse("evidence:gap_map"),
    reverse("evidence:gap_map") + "?region=south-west&evidence_stage=untested",
]


@pytest.mark.parametrize("url", PAGES)
def test_no_new_page_names_an_unpublished_entry_or_anything_of_it(client, world, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "Secret" not in response.content.decode()


def test_the_csv_and_the_citations_hold_nothing_unpublished(client, world):
    body = b"".join(client.get(reverse("evidence:outcomes_csv")).streaming_content).decode()
    assert "Secret" not in body
    for state in ("draft", "in-review"):
        assert client.get(f"/interventions/secret-{state}/cite.ris").status_code == 404
        assert client.get(f"/reports/secret-report-{state}/cite.ris").status_code == 404
    assert client.get("/reports/shared-report/cite.ris").status_code == 200


def test_map_and_chart_counts_hold_published_entries_only(client, world):
    content = client.get(reverse("catalogue:home")).content.decode()
    assert 'aria-label="Dorset 2: Dorset Police, 2 published entries"' in content
    assert "Locally evaluated: 0 entries" in content
    assert "County lines: 2 entries" in content
    forces = client.get(reverse("catalogue:forces")).content.decode()
    assert 'aria-label="Dorset 2: Dorset Police, 2 published entries"' in forces


@pytest.mark.parametrize("url", PAGES)
def test_each_page_has_one_heading_no_skipped_levels_and_no_repeated_ids(client, world, url):
    content = client.get(url).content.decode()
    assert len(re.findall(r"<h1[ >]", content)) == 1
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", content)]
    for previous, current in itertools.pairwise(levels):
        assert current <= previous + 1, (url, levels)
    ids = re.findall(r'\sid="([^"]+)"', content)
    assert len(ids) == len(set(ids)), url


@pytest.mark.parametrize("url", PAGES)
def test_each_page_labels_its_controls_and_carries_no_inline_style_or_script(client, world, url):
    content = client.get(url).content.decode()
    for control_id in re.findall(r'<(?:input|select|textarea)[^>]*\sid="([^"]+)"', content):
        assert f'<label for="{control_id}"' in content, (url, control_id)
    unlabelled = re.findall(r"<(?:input|select|textarea)(?![^>]*\sid=)[^>]*>", content)
    assert [tag for tag in unlabelled if 'type="hidden"' not in tag] == [], url
    assert " style=" not in content
    assert "<style" not in content
    assert "<script>" not in content


def test_the_new_pages_have_their_own_titles_descriptions_and_canonical_addresses(client, world):
    urls = [
        reverse("catalogue:forces"),
        reverse("evidence:outcomes"),
        reverse("evidence:compare") + "?items=published-one,published-two",
    ]
    responses = [client.get(url) for url in urls]
    titles = [title_of(response) for response in responses]
    assert titles == [
        "Police forces and their interventions",
        "Outcomes reported",
        "Compare Published one and Published two",
    ]
    descriptions = [meta_description_of(response) for response in responses]
    assert len(set(descriptions)) == 3 and all(len(text) > 40 for text in descriptions)
    assert [canonical_of(response) for response in responses] == [
        f"http://testserver{url}" for url in urls
    ]


SIZES = [5, 200]


@pytest.fixture(scope="class", params=SIZES)
def size(request):
    return request.param


@pytest.fixture(scope="class")
def entries(size, django_db_setup, django_db_blocker):
    """``size`` published entries and a draft, built once per size for the class."""
    with shared_across_tests(django_db_blocker):
        themes = Theme.objects.filter(slug__in=["county-lines", "knife-crime"])
        kent, sussex = Force.objects.get(slug="kent"), Force.objects.get(slug="sussex")
        source = make_source()
        partner = make_organisation(force_area=kent)
        entries = [
            make_intervention(
                themes=themes,
                forces=[kent, sussex],
                sources=[source],
                partners=[(partner, "lead")],
            )
            for _ in range(size)
        ]
        make_intervention(state="draft", forces=[kent])
        yield entries


class TestQueriesForAnyCatalogue:
    def test_the_forces_page_takes_four_queries(
        self, client, entries, size, django_assert_max_num_queries
    ):
        # Forces with counts; regions with counts; the total; the catalogue's version for the ETag,
        # read again after the saves above (web.shared_cache).
        with django_assert_max_num_queries(4):
            response = client.get(reverse("catalogue:forces"))
        assert (
            f'aria-label="Kent {size}: Kent Police, {size} published entries"'
            in response.content.decode()
        )

    def test_the_home_page_with_its_map_and_charts_takes_ten_queries(
        self, client, entries, size, django_assert_max_num_queries
    ):
        # Forces, regions and themes with counts; entries by stage; sources and what they
        # mention without an entry; recent entries with their themes and forces; and, when
        # it is the first page read after the saves above, the catalogue's version for the
        # ETag (web.shared_cache).
        with django_assert_max_num_queries(10):
            response = client.get(reverse("catalogue:home"))
        assert f"The catalogue holds {size} published entries" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        reverse("evidence:compare") + "?items=published-one,published-two",
        reverse("evidence:outcomes_csv"),
        reverse("evidence:gap_map"),
        reverse("evidence:gap_map_csv"),
        "/interventions/published-one/cite.ris",
        "/reports/shared-report/cite.ris",
    ],
)
def test_link_checkers_may_ask_for_the_headers_alone_but_nobody_may_post(client, world, url):
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405
