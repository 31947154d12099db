"""The lessons, age groups and verdict a published entry shows are edited with the entry, so
an editor's change to them waits for review like any change to the entry."""

import pytest

from evaluations.models import EvidenceRating
from interventions.models import AgeGroup, Lesson, PendingRevision
from tests.curation.test_admin_age_groups import with_a_group
from tests.curation.test_admin_evidence_rating import change_url, rating_form
from tests.curation.test_admin_lessons import with_a_lesson
from tests.factories import make_intervention

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    return make_intervention(name="Operation Published")


def assert_held(response, entry):
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert PendingRevision.objects.waiting().get().target == entry


def test_an_editors_lesson_on_a_published_entry_waits(editor_client, client, entry):
    response = with_a_lesson(editor_client, entry)

    assert_held(response, entry)
    assert not Lesson.objects.exists()
    assert (
        "Trust comes before challenge." not in client.get(entry.get_absolute_url()).content.decode()
    )


def test_an_editors_age_group_on_a_published_entry_waits(editor_client, entry):
    response = with_a_group(editor_client, entry)

    assert_held(response, entry)
    assert not AgeGroup.objects.exists()


def test_an_editors_verdict_on_a_published_entry_waits(editor_client, entry):
    data = rating_form(editor_client, entry)
    data["change_reason"] = "Rated from the evaluation"

    response = editor_client.post(change_url(entry), data)

    assert_held(response, entry)
    assert not EvidenceRating.objects.exists()
