"""The API list's count of the whole catalogue is read from the counts the database keeps:
published entries only, current as soon as a change is saved."""

import pytest

from interventions.models import PublicationState
from tests.factories import make_intervention

pytestmark = pytest.mark.django_db


def test_the_unfiltered_count_leaves_out_drafts_and_follows_publishing(client):
    make_intervention()
    make_intervention()
    draft = make_intervention(state=PublicationState.DRAFT)
    assert client.get("/api/v1/interventions/").json()["count"] == 2
    draft.publication_state = PublicationState.PUBLISHED
    draft.save()
    assert client.get("/api/v1/interventions/").json()["count"] == 3


def test_a_filtered_count_is_still_counted_over_the_matching_entries(client):
    make_intervention(evidence_stage="independently-evaluated")
    make_intervention()
    answer = client.get("/api/v1/interventions/?evidence_stage=independently-evaluated").json()
    assert answer["count"] == 1


def test_a_page_beyond_the_last_is_still_not_found(client):
    make_intervention()
    assert client.get("/api/v1/interventions/?page=2").status_code == 404
