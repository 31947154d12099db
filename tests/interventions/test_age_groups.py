"""Age groups: the ages a part of an entry works with, held as data. The age filter finds an
entry through any of its groups; the entry page, the API and downloads show them; drafts'
groups reach no public surface."""

import csv
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from interventions.models import AgeGroup, Intervention
from tests.factories import make_intervention, make_source

pytestmark = pytest.mark.django_db

LIST = reverse("catalogue:list")


def make_group(entry, **fields):
    defaults = {
        "key": "young-adults",
        "label": "Young adults on the personal development programme",
        "age_min": 18,
        "age_max": 25,
        "source_section": "Case study 11, Case studies",
        "position": 1,
    }
    if "source" not in fields:
        defaults["source"] = make_source(title="PCCs Making a Difference")
    return AgeGroup.objects.create(intervention=entry, **{**defaults, **fields})


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def names_listed(client, query):
    return {entry.name for entry in client.get(LIST + query).context["page_obj"].object_list}


def test_an_entry_is_found_at_an_age_only_its_group_covers(client):
    with_group = make_intervention(
        name="Under 18s with a young adult group", age_min=10, age_max=17
    )
    make_group(with_group)
    make_intervention(name="Under 18s only", age_min=10, age_max=17)
    assert names_listed(client, "?age=20") == {"Under 18s with a young adult group"}
    assert names_listed(client, "?age=12") == {
        "Under 18s with a young adult group",
        "Under 18s only",
    }
    assert names_listed(client, "?age=30") == set()


def test_an_entry_giving_ages_only_through_groups_is_found_through_them(client):
    entry = make_intervention(name="Partnership")
    make_group(entry, key="boxing", age_min=14, age_max=18)
    make_group(entry, key="adults", age_min=18, age_max=25, position=2)
    make_intervention(name="Ages unknown")
    assert names_listed(client, "?age=20&age_unknown=exclude") == {"Partnership"}
    assert names_listed(client, "?age=15&age_unknown=exclude") == {"Partnership"}
    assert names_listed(client, "?age=40&age_unknown=exclude") == set()
    # Unknown ages stay in unless left out; an entry with groups knows its ages.
    assert names_listed(client, "?age=40") == {"Ages unknown"}
    assert set(Intervention.objects.giving_an_age().values_list("name", flat=True)) == {
        "Partnership"
    }


def test_a_group_open_at_one_end_covers_every_age_on_that_side(client):
    entry = make_intervention(name="Youth project", age_min=18, age_max=25)
    make_group(entry, key="under-18", age_min=None, age_max=17)
    assert names_listed(client, "?age=5") == {"Youth project"}
    assert names_listed(client, "?age=26") == set()


def test_a_drafts_groups_are_never_found_or_counted(client):
    draft = make_intervention(name="Draft", state="draft", age_min=10, age_max=17)
    make_group(draft, label="A draft's private group")
    response = client.get(LIST + "?age=20&age_unknown=exclude")
    assert list(response.context["page_obj"].object_list) == []
    assert "0 interventions" in response.content.decode()
    assert AgeGroup.objects.of_published().count() == 0


def test_the_entry_page_lists_its_groups_in_order_with_their_sources(client):
    entry = make_intervention(slug="humber")
    make_group(entry, key="adults", label="Adults on CatZero", position=2)
    make_group(entry, key="boxing", label="Boxing <project>", age_min=14, age_max=18)
    content = client.get(reverse("catalogue:detail", args=["humber"])).content.decode()
    assert "<dt>Ages of its groups</dt>" in content
    assert content.index("Boxing &lt;project&gt;: 14 to 18") < content.index(
        "Adults on CatZero: 18 to 25"
    )
    assert "PCCs Making a Difference, Case study 11, Case studies" in content
    assert "Boxing <project>" not in content


def test_an_entry_without_groups_shows_no_empty_list(client):
    make_intervention(slug="plain")
    content = client.get(reverse("catalogue:detail", args=["plain"])).content.decode()
    assert "Ages of its groups" not in content


def test_a_drafts_groups_reach_no_public_surface(client):
    draft = make_intervention(state="draft", slug="draft-entry")
    make_group(draft, label="A draft's private group")
    published = make_intervention(slug="public-entry")
    make_group(published, label="A public group")
    surfaces = [
        client.get(reverse("api:intervention-list")),
        client.get(reverse("downloads:csv")),
        client.get(reverse("downloads:json")),
        client.get(reverse("catalogue:detail", args=["public-entry"])),
    ]
    for response in surfaces:
        body = body_of(response).decode("utf-8")
        assert "A draft&#x27;s private group" not in body
        assert "A draft's private group" not in body
        assert "A public group" in body


def test_the_api_json_and_csv_give_groups_with_their_source(client):
    entry = make_intervention(slug="humber")
    group = make_group(entry)
    make_group(entry, key="under-18", label="Under 18s", age_min=None, age_max=17, position=2)
    api = client.get(reverse("api:intervention-detail", args=["humber"])).json()
    assert api["age_groups"][0] == {
        "key": "young-adults",
        "label": "Young adults on the personal development programme",
        "age_min": 18,
        "age_max": 25,
        "source": {
            "slug": group.source.slug,
            "title": "PCCs Making a Difference",
            "publisher": group.source.publisher,
            "url": group.source.url,
            "section": "Case study 11, Case studies",
        },
    }
    assert api["age_groups"][1]["age_min"] is None
    download = json.loads(body_of(client.get(reverse("downloads:json"))))
    assert download["interventions"][0]["age_groups"] == api["age_groups"]
    body = body_of(client.get(reverse("downloads:csv"))).decode("utf-8").removeprefix("\ufeff")
    (row,) = csv.DictReader(io.StringIO(body))
    assert row["age_groups"] == (
        "Young adults on the personal development programme: 18 to 25; Under 18s: up to 17"
    )


def test_a_group_key_is_unique_within_its_entry_and_a_group_gives_an_age():
    entry = make_intervention()
    make_group(entry)
    with pytest.raises(IntegrityError):
        make_group(entry)


@pytest.mark.parametrize(
    "ages, field",
    [
        ((None, None), "age_max"),
        ((25, 18), "age_max"),
        ((18, 121), "age_max"),
        ((130, None), "age_min"),
    ],
)
def test_implausible_ages_are_refused_with_a_message(ages, field):
    group = AgeGroup(
        intervention=make_intervention(),
        key="k",
        label="Group",
        age_min=ages[0],
        age_max=ages[1],
        source=make_source(),
        source_section="Page 1",
    )
    with pytest.raises(ValidationError) as refused:
        group.full_clean()
    assert field in refused.value.message_dict
