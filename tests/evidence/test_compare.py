"""/compare/: two to four published entries side by side, whatever the address holds."""

import re

import pytest
from django.urls import reverse

from evidence.models import ExternalEvidenceLink
from tests.factories import make_funding, make_intervention, make_outcome, make_report
from tests.pages import canonical_of, text_of

pytestmark = pytest.mark.django_db

COMPARE = reverse("evidence:compare")


@pytest.fixture
def entries(theme, force):
    return [
        make_intervention(
            name=f"Operation {name}",
            slug=f"operation-{name.lower()}",
            themes=[theme("knife-crime")],
            forces=[force("sussex")],
        )
        for name in ("Alpha", "Bravo", "Charlie", "Delta", "Echo")
    ]


def compared(response):
    return [item.entry.slug for item in response.context["entries"]]


def notices(response):
    return response.context["notices"]


def test_a_comma_separated_address_compares_those_entries_in_that_order(client, entries):
    response = client.get(COMPARE, {"items": "operation-charlie,operation-alpha"})
    assert response.status_code == 200
    assert compared(response) == ["operation-charlie", "operation-alpha"]
    assert notices(response) == []
    header = re.search(r"<thead>.*?</thead>", response.content.decode(), flags=re.S).group(0)
    assert (
        '<th scope="col"><a href="/interventions/operation-charlie/">Operation Charlie</a>'
        in header
    )
    assert '<th scope="row">Evidence stage</th>' in response.content.decode()


def test_ticked_boxes_arrive_as_repeated_items_and_are_sent_on_to_the_shareable_address(
    client, entries
):
    response = client.get(COMPARE, {"items": ["operation-bravo", "operation-alpha"]})
    assert response.status_code == 302
    assert response["Location"] == f"{COMPARE}?items=operation-bravo,operation-alpha"


def test_the_canonical_address_is_the_comma_form(client, entries):
    response = client.get(COMPARE, {"items": "operation-alpha, operation-bravo,,"})
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert (
        canonical_of(response)
        == f"http://testserver{COMPARE}?items=operation-alpha,operation-bravo"
    )
    assert '<meta name="robots" content="noindex, follow">' in response.content.decode()


def test_an_unknown_entry_is_left_out_and_named(client, entries):
    response = client.get(COMPARE, {"items": "operation-alpha,operation-bravo,no-such-entry"})
    assert response.status_code == 200
    assert compared(response) == ["operation-alpha", "operation-bravo"]
    assert notices(response) == ["There is no published entry “no-such-entry”, so it was left out."]
    # The reader sees the working comparison and its clean address.
    assert canonical_of(response).endswith("?items=operation-alpha,operation-bravo")


def test_a_draft_is_treated_as_unknown_and_its_name_never_shown(client, entries):
    make_intervention(name="Secret pilot", slug="secret-pilot", state="draft")
    make_intervention(name="Secret review", slug="secret-review", state="in-review")
    response = client.get(
        COMPARE, {"items": "operation-alpha,secret-pilot,secret-review,operation-bravo"}
    )
    assert compared(response) == ["operation-alpha", "operation-bravo"]
    assert notices(response) == [
        "There is no published entry “secret-pilot”, “secret-review”, so they were left out."
    ]
    assert "Secret pilot" not in response.content.decode()
    assert "Secret review" not in response.content.decode()


def test_an_entry_chosen_twice_is_shown_once(client, entries):
    # As in every filter of the list and the outcomes, a value given twice counts once,
    # so the address is simply tidied into the shareable one.
    response = client.get(
        COMPARE, {"items": ["operation-alpha", "operation-bravo", "operation-alpha"]}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{COMPARE}?items=operation-alpha,operation-bravo"
    response = client.get(response["Location"])
    assert compared(response) == ["operation-alpha", "operation-bravo"]
    assert notices(response) == []


def test_more_than_four_entries_keeps_the_first_four_and_names_the_rest(client, entries):
    slugs = [entry.slug for entry in entries]
    response = client.get(COMPARE, {"items": ",".join(slugs)})
    assert compared(response) == slugs[:4]
    assert notices(response) == [
        "Up to 4 entries can be compared at once, so “Operation Echo” was left out."
    ]


@pytest.mark.parametrize(
    ("value", "quoted"),
    [
        ("operation alpha", "“operation alpha”"),
        ("../../etc/passwd", "“../../etc/passwd”"),
        ("<script>alert(1)</script>", "“<script>alert(1)</script>”"),
        ("operation-alpha\x00", "“operation-alpha”"),
        ("é-entry", "“é-entry”"),
    ],
)
def test_a_malformed_address_is_left_out_and_quoted_back_safely(client, entries, value, quoted):
    response = client.get(COMPARE, {"items": [value, "operation-alpha", "operation-bravo"]})
    assert response.status_code == 200
    assert compared(response) == ["operation-alpha", "operation-bravo"]
    (notice,) = notices(response)
    assert quoted in notice and notice.endswith(" was left out.")
    assert "<script>alert" not in response.content.decode()


def test_an_overlong_value_is_cut_short_in_the_notice(client, entries):
    response = client.get(COMPARE, {"items": ["a" * 5000, "operation-alpha", "operation-bravo"]})
    assert response.status_code == 200
    assert compared(response) == ["operation-alpha", "operation-bravo"]
    assert len(notices(response)[0]) < 200


def test_a_flood_of_values_is_read_only_so_far(client, entries):
    flood = ",".join(f"entry-{number}" for number in range(5000))
    response = client.get(COMPARE, {"items": f"operation-alpha,operation-bravo,{flood}"})
    assert response.status_code == 200
    assert compared(response) == ["operation-alpha", "operation-bravo"]
    assert notices(response) == [
        "The address gave 5002 values where at most 100 are read, so the rest were left out.",
        "There is no published entry “entry-0”, “entry-1”, “entry-2”, “entry-3”, “entry-4” "
        "and 93 more, so they were left out.",
    ]


def test_with_nothing_chosen_the_page_explains_how_to_choose(client, entries):
    response = client.get(COMPARE)
    assert response.status_code == 200
    text = text_of(response)
    assert "How to choose entries to compare" in text
    assert "Tick “Compare” on 2 to 4 entries" in text
    assert "<table" not in response.content.decode()


def test_with_one_usable_entry_the_page_names_it_and_asks_for_another(client, entries):
    response = client.get(COMPARE, {"items": "operation-alpha,nothing-here"})
    assert response.status_code == 200
    text = text_of(response)
    assert "Only one of the entries chosen could be shown: Operation Alpha" in text
    assert "There is no published entry “nothing-here”, so it was left out." in text
    assert "<table" not in response.content.decode()


@pytest.mark.parametrize("query", ["items=", "items=,,,", "items", "other=1", "items=%00"])
def test_empty_or_strange_addresses_get_the_friendly_page(client, entries, query):
    response = client.get(f"{COMPARE}?{query}")
    assert response.status_code == 200
    assert "How to choose entries to compare" in text_of(response)


def test_each_column_can_be_removed_leaving_the_others(client, entries):
    response = client.get(COMPARE, {"items": "operation-alpha,operation-bravo,operation-charlie"})
    content = response.content.decode()
    assert (
        f'href="{COMPARE}?items=operation-bravo,operation-charlie" class="remove-link"' in content
    )


def test_the_table_shows_reports_headline_figures_funding_and_evidence_elsewhere(client, entries):
    alpha, bravo = entries[:2]
    make_report([alpha], title="Evaluation of Operation Alpha")
    make_outcome(alpha, measure="Robberies in the town centre", value=45, direction="reduction")
    make_outcome(alpha, measure="Arrests charged", value=35, direction="increase")
    for number in range(4):
        make_outcome(
            alpha, measure=f"People reached {number}", unit="count", value=10, direction=""
        )
    make_funding(bravo, description="Home Office grant", amount_gbp=566513, period="2022-2023")
    ExternalEvidenceLink.objects.create(
        intervention=bravo,
        catalogue="yef-toolkit",
        title="Focused deterrence",
        url="https://example.org/focused-deterrence",
        rating="High impact",
        checked_on="2025-01-10",
    )
    text = text_of(client.get(COMPARE, {"items": "operation-alpha,operation-bravo"}))
    assert "Evaluation of Operation Alpha" in text
    # Changes lead the headline figures; the rest are counted and linked.
    assert "▼ Robberies in the town centre: 45% reduction" in text
    assert "▲ Arrests charged: 35% increase" in text
    assert "People reached 1: 10" in text
    assert "People reached 2" not in text
    assert "2 more figures on the entry\N{RIGHT SINGLE QUOTATION MARK}s page" in text
    assert "Home Office grant: £566,513 (2022-2023)" in text
    assert "Focused deterrence (Youth Endowment Fund toolkit: High impact)" in text


def test_the_list_offers_a_compare_box_on_each_card_that_works_without_script(client, entries):
    content = client.get(reverse("catalogue:list")).content.decode()
    assert f'<form id="compare-form" action="{COMPARE}" method="get">' in content
    box = (
        '<input type="checkbox" name="items" value="operation-alpha" id="compare-operation-alpha" '
        'form="compare-form">'
    )
    assert box in content
    label = '<label for="compare-operation-alpha">Compare<span class="visually-hidden"> Operation'
    assert f"{label} Alpha</span></label>" in content
    assert '<button type="submit" form="compare-form"' in content
    # The compare form stands outside the filter form: forms cannot be nested.
    filter_form = re.search(r'<form class="catalogue".*?</form>', content, flags=re.S).group(0)
    assert 'id="compare-form"' not in filter_form


def test_other_lists_of_cards_offer_no_compare_box(client, entries):
    for url in [
        reverse("catalogue:home"),
        reverse("catalogue:theme", args=["knife-crime"]),
    ]:
        assert 'name="items"' not in client.get(url).content.decode()


@pytest.mark.parametrize("count", [2, 4])
def test_a_comparison_takes_the_same_queries_for_two_entries_or_four(
    client, entries, count, django_assert_max_num_queries
):
    for entry in entries:
        make_report([entry])
        make_outcome(entry)
        make_funding(entry)
    slugs = ",".join(entry.slug for entry in entries[:count])
    # The slugs asked for; the entries shown; their themes, forces, purposes, settings,
    # funding, reports, outcomes and links to evidence elsewhere; the catalogue's version for the
    # ETag, read again after the saves above (web.shared_cache).
    with django_assert_max_num_queries(11):
        response = client.get(COMPARE, {"items": slugs})
    assert len(compared(response)) == count
