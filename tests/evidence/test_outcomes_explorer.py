"""/outcomes/: every published outcome figure in one table, filtered and sorted by address."""

import pytest
from django.urls import reverse

from tests.factories import make_intervention, make_outcome, make_report, make_source
from tests.pages import canonical_of, text_of

pytestmark = pytest.mark.django_db

OUTCOMES = reverse("evidence:outcomes")


@pytest.fixture
def figures(theme, force):
    """Three entries' figures, from two sources, plus a draft's and one in review."""
    apcc = make_source(slug="apcc", title="PCCs Making a Difference", url="https://apcc.example/")
    vvcp = make_source(slug="vvcp", title="VVCP evaluations")
    hampshire = make_intervention(
        name="Violent Crime Taskforce",
        slug="taskforce",
        themes=[theme("hotspot-policing")],
        forces=[force("hampshire")],
    )
    lancashire = make_intervention(
        name="Violence Reduction Network",
        slug="network",
        themes=[theme("hospital-based-intervention")],
        forces=[force("lancashire")],
    )
    deter = make_intervention(
        name="Op Deter",
        slug="deter",
        themes=[theme("knife-crime")],
        forces=[force("thames-valley")],
    )
    report = make_report([hampshire], title="Taskforce evaluation", url="https://report.example/")
    make_outcome(
        hampshire,
        key="portsmouth-robberies",
        measure="Robberies in Portsmouth",
        measure_kind="robbery",
        value=45,
        baseline_value=37,
        baseline_period="December 2019",
        follow_up_value=20,
        follow_up_period="December 2022",
        cohort="Portsmouth",
        source=apcc,
        source_section="Case study 7",
        report=report,
    )
    make_outcome(
        lancashire,
        key="knife-admissions",
        measure="Knife assault admissions",
        measure_kind="hospital",
        value=55,
        source=apcc,
    )
    make_outcome(
        lancashire,
        key="people-reached",
        measure="Young people reached",
        measure_kind="engagement",
        unit="count",
        value=1000,
        direction="",
        source=vvcp,
    )
    make_outcome(
        deter,
        key="arrests-charged",
        measure="Knife arrests charged",
        measure_kind="arrests-and-charges",
        value=35,
        direction="increase",
        source=vvcp,
    )
    for state in ("draft", "in-review"):
        hidden = make_intervention(
            name=f"Secret {state}",
            state=state,
            themes=[theme("knife-crime")],
            forces=[force("hampshire")],
        )
        make_outcome(hidden, measure=f"Secret figure {state}", measure_kind="robbery", source=apcc)


def measures(response):
    return [metric.measure for metric in response.context["metrics"]]


def test_every_published_figure_is_listed_and_no_unpublished_one(client, figures):
    response = client.get(OUTCOMES)
    assert response.status_code == 200
    # By entry: Op Deter, Violence Reduction Network, Violent Crime Taskforce.
    assert measures(response) == [
        "Knife arrests charged",
        "Knife assault admissions",
        "Young people reached",
        "Robberies in Portsmouth",
    ]
    assert "Secret" not in response.content.decode()
    assert "4 figures" in text_of(response)


def test_each_row_links_to_its_figure_on_the_entry_and_to_its_source(client, figures):
    content = client.get(OUTCOMES).content.decode()
    row_link = '<a href="/interventions/taskforce/#outcome-portsmouth-robberies">Robberies in'
    assert f"{row_link} Portsmouth</a>" in content
    assert '<a href="/interventions/taskforce/">Violent Crime Taskforce</a>' in content
    assert '<a href="https://apcc.example/">PCCs Making a Difference</a>' in content
    assert '<a href="https://report.example/">Taskforce evaluation</a>' in content


def test_rows_show_the_change_with_a_direction_glyph_and_the_before_and_after(client, figures):
    text = text_of(client.get(OUTCOMES, {"kind": "robbery"}))
    assert "▼ 45% reduction" in text
    assert "Before: 37 (December 2019) After: 20 (December 2022)" in text
    assert "▲ 35% increase" in text_of(client.get(OUTCOMES, {"direction": "increase"}))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "robbery"}, ["Robberies in Portsmouth"]),
        (
            {"kind": ["robbery", "hospital"]},
            ["Knife assault admissions", "Robberies in Portsmouth"],
        ),
        ({"direction": "increase"}, ["Knife arrests charged"]),
        ({"direction": "none"}, ["Young people reached"]),
        ({"direction": ["none", "increase"]}, ["Knife arrests charged", "Young people reached"]),
        (
            {"theme": "hospital-based-intervention"},
            ["Knife assault admissions", "Young people reached"],
        ),
        ({"force": "hampshire"}, ["Robberies in Portsmouth"]),
        (
            {"force": ["hampshire", "thames-valley"]},
            ["Knife arrests charged", "Robberies in Portsmouth"],
        ),
        ({"source": "vvcp"}, ["Knife arrests charged", "Young people reached"]),
        ({"source": "vvcp", "direction": "increase"}, ["Knife arrests charged"]),
        ({"force": "hampshire", "kind": "hospital"}, []),
    ],
)
def test_filters_take_several_values_and_narrow_each_other(client, figures, params, expected):
    response = client.get(OUTCOMES, params)
    assert response.status_code == 200
    assert measures(response) == expected
    assert response.context["notices"] == []


def test_a_filter_matching_nothing_says_so_and_offers_to_clear_it(client, figures):
    text = text_of(client.get(OUTCOMES, {"force": "dorset"}))
    assert "0 figures: police force Dorset Police" in text
    assert "No published figure matches all of these filters" in text


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"kind": "unicorns"}, "There is no kind of measure “unicorns”, so it was left out."),
        ({"direction": "sideways"}, "There is no direction “sideways”, so it was left out."),
        ({"theme": ["nope", "nah"]}, "There is no theme “nope”, “nah”, so they were left out."),
        (
            {"force": "<script>x</script>"},
            "There is no police force “<script>x</script>”, so it was left out.",
        ),
        (
            {"source": "a" * 3000},
            "There is no source document “" + "a" * 59 + "…”, so it was left out.",
        ),
        (
            {"sort": "; DROP TABLE"},
            "There is no sort order “; DROP TABLE”, so the figures are sorted by entry.",
        ),
        (
            {"page": "two"},
            "The page number “two” is not a whole number of at least 1, so page 1 is shown.",
        ),
        (
            {"page": "99"},
            "There is no page 99: there is only 1 page of results, so page 1 is shown.",
        ),
    ],
)
def test_unusable_values_are_left_out_with_a_notice_and_the_rest_still_applies(
    client, figures, params, notice
):
    response = client.get(OUTCOMES, {**params, "kind": params.get("kind", "robbery")})
    assert response.status_code == 200
    assert notice in response.context["notices"]
    content = response.content.decode()
    assert "<script>x" not in content
    if "kind" not in params:
        assert measures(response) == ["Robberies in Portsmouth"]
    assert '<meta name="robots" content="noindex, follow">' in content


def test_a_flood_of_values_is_refused_gently(client, figures):
    response = client.get(OUTCOMES, {"kind": ["robbery"] + [f"kind-{n}" for n in range(400)]})
    assert response.status_code == 200
    assert measures(response) == ["Robberies in Portsmouth"]
    assert response.context["notices"] == [
        "The address gave 401 values where at most 100 are read, so the rest were left out.",
        "There is no kind of measure “kind-0”, “kind-1”, “kind-2”, “kind-3”, “kind-4” "
        "and 94 more, so they were left out.",
    ]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (
            "entry",
            [
                "Knife arrests charged",
                "Knife assault admissions",
                "Young people reached",
                "Robberies in Portsmouth",
            ],
        ),
        (
            "measure",
            [
                "Knife arrests charged",
                "Knife assault admissions",
                "Robberies in Portsmouth",
                "Young people reached",
            ],
        ),
        (
            "kind",
            [
                "Robberies in Portsmouth",
                "Knife assault admissions",
                "Knife arrests charged",
                "Young people reached",
            ],
        ),
        (
            "largest",
            [
                "Young people reached",
                "Knife assault admissions",
                "Robberies in Portsmouth",
                "Knife arrests charged",
            ],
        ),
        (
            "source",
            [
                "Knife assault admissions",
                "Robberies in Portsmouth",
                "Knife arrests charged",
                "Young people reached",
            ],
        ),
    ],
)
def test_figures_sort_by_each_offered_key(client, figures, sort, expected):
    assert measures(client.get(OUTCOMES, {"sort": sort})) == expected


def test_pages_keep_the_filters_and_sort_and_page_one_has_no_page_number(client, theme):
    source = make_source()
    entry = make_intervention(name="Big entry", themes=[theme("knife-crime")])
    for number in range(120):
        make_outcome(
            entry,
            key=f"figure-{number:03}",
            measure=f"Figure {number:03}",
            position=number,
            source=source,
        )
    response = client.get(OUTCOMES, {"theme": "knife-crime", "sort": "measure", "page": "2"})
    assert measures(response)[0] == "Figure 050"
    content = response.content.decode()
    assert f'href="{OUTCOMES}?theme=knife-crime&amp;sort=measure&amp;page=3" rel="next"' in content
    assert f'href="{OUTCOMES}?theme=knife-crime&amp;sort=measure" rel="prev"' in content
    assert (
        canonical_of(response)
        == f"http://testserver{OUTCOMES}?theme=knife-crime&sort=measure&page=2"
    )
    # The download keeps the filters but not the page: it holds every matching figure.
    assert 'href="/outcomes/download.csv?theme=knife-crime&amp;sort=measure" download' in content


def test_bad_values_are_not_carried_into_the_page_links(client, theme):
    source = make_source()
    entry = make_intervention(themes=[theme("knife-crime")])
    for number in range(60):
        make_outcome(entry, key=f"figure-{number}", source=source)
    content = client.get(
        OUTCOMES, {"theme": ["knife-crime", "bogus"], "page": "1"}
    ).content.decode()
    assert f'href="{OUTCOMES}?theme=knife-crime&amp;page=2"' in content
    assert "bogus&amp;" not in content


def test_the_filter_form_offers_only_choices_with_published_figures(client, figures):
    content = client.get(OUTCOMES).content.decode()
    assert 'id="force-hampshire"' in content
    assert 'id="force-dorset"' not in content
    assert 'id="kind-robbery"' in content
    assert 'id="kind-homicide"' not in content
    # A ticked choice stays on offer, so it can be unticked.
    assert 'id="force-dorset" checked' in client.get(OUTCOMES, {"force": "dorset"}).content.decode()


SIZES = [5, 200]


@pytest.mark.parametrize("size", SIZES)
def test_the_explorer_takes_the_same_queries_for_5_or_200_figures(
    client, theme, force, size, django_assert_max_num_queries
):
    source = make_source()
    entries = [
        make_intervention(themes=[theme("knife-crime")], forces=[force("kent")]) for _ in range(5)
    ]
    report = make_report(entries)
    for number in range(size):
        make_outcome(entries[number % 5], key=f"figure-{number}", source=source, report=report)
    # Themes, forces and sources to check the address against; which kinds, scopes, themes,
    # forces and sources have figures; the count; the page of figures with entry, source and
    # report; the catalogue's version for the ETag, read again after the saves above
    # (web.shared_cache).
    with django_assert_max_num_queries(11):
        response = client.get(OUTCOMES, {"theme": "knife-crime", "sort": "kind"})
    assert response.context["paginator"].count == size
