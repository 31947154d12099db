"""Age groups are added on the entry's admin page, checked on the server: malformed,
oversized and hostile input is refused with a message or stored as text, never a 500."""

import pytest
from django.urls import reverse

from interventions.models import AgeGroup, PublicationState
from tests.admin_forms import form_data
from tests.factories import make_intervention, make_source

pytestmark = pytest.mark.django_db


def change_url(entry):
    return reverse("admin:interventions_intervention_change", args=[entry.pk])


def with_a_group(client, entry, **group):
    data = form_data(client.get(change_url(entry)), "intervention_form")
    data.update(
        {
            "change_reason": "Age group added from the case study",
            "age_groups-TOTAL_FORMS": "1",
            "age_groups-0-key": "young-adults",
            "age_groups-0-label": "Young adults on the programme",
            "age_groups-0-age_min": "18",
            "age_groups-0-age_max": "25",
            "age_groups-0-position": "1",
            "age_groups-0-source": str(make_source().pk),
            "age_groups-0-source_section": "Case study 11, Case studies",
            **{f"age_groups-0-{name}": value for name, value in group.items()},
        }
    )
    return client.post(change_url(entry), data)


def test_an_editor_adds_an_age_group_inline_on_the_entrys_page(editor_client):
    entry = make_intervention(state=PublicationState.DRAFT)
    assert 'id="age_groups-group"' in editor_client.get(change_url(entry)).content.decode()
    response = with_a_group(editor_client, entry)
    assert response.status_code == 302, response.content.decode()[:2000]
    group = AgeGroup.objects.get(intervention=entry)
    assert (group.age_min, group.age_max) == (18, 25)


@pytest.mark.parametrize(
    "field, value",
    [
        ("age_min", "eighteen"),
        ("age_min", "-1"),
        ("age_max", "99999999999999999999"),
        ("age_max", "121"),
        ("age_min", "30"),
        ("label", ""),
        ("label", "l" * 201),
        ("key", "not a slug!"),
        ("source_section", ""),
        ("source_section", "s" * 201),
        ("source", "999999"),
    ],
)
def test_a_malformed_or_oversized_group_is_refused_with_a_message(editor_client, field, value):
    entry = make_intervention(state=PublicationState.DRAFT)
    response = with_a_group(editor_client, entry, **{field: value})
    assert response.status_code == 200
    assert "Please correct the error" in response.content.decode()
    assert not AgeGroup.objects.exists()


@pytest.mark.parametrize("field", ["label", "age_min"])
def test_a_nul_byte_is_refused_like_everywhere_in_the_admin(editor_client, field):
    entry = make_intervention(state=PublicationState.DRAFT)
    response = with_a_group(editor_client, entry, **{field: "18\x00"})
    assert response.status_code == 400
    assert not AgeGroup.objects.exists()


def test_a_group_giving_no_age_at_all_is_refused(editor_client):
    entry = make_intervention(state=PublicationState.DRAFT)
    response = with_a_group(editor_client, entry, age_min="", age_max="")
    assert response.status_code == 200
    assert "Give the youngest age, the oldest age or both." in response.content.decode()
    assert not AgeGroup.objects.exists()


def test_a_hostile_label_is_stored_as_text_and_shown_escaped(curator_client, client):
    entry = make_intervention(slug="open")
    response = with_a_group(curator_client, entry, label="<script>alert(1)</script>")
    assert response.status_code == 302
    client.logout()
    content = client.get(reverse("catalogue:detail", args=["open"])).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;: 18 to 25" in content


def test_someone_without_change_permission_cannot_add_a_group(client, django_user_model):
    entry = make_intervention(state=PublicationState.DRAFT)
    staff = django_user_model.objects.create_user("visitor", password="x", is_staff=True)
    client.force_login(staff)
    response = client.post(change_url(entry), {"age_groups-TOTAL_FORMS": "1"})
    assert response.status_code == 403
    assert not AgeGroup.objects.exists()
