"""'Share your practice' while Redis is unreachable: what was typed is saved and confirmed,
and the hourly limit still holds, counted in the process's own memory."""

import pytest
from django.core import mail
from django.urls import reverse

from submissions.models import Submission
from tests.outages import redis_unreachable  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("redis_unreachable")]

SHARE_URL = reverse("submissions:share")


def test_a_valid_submission_is_saved_and_confirmed(client, valid_practice):
    response = client.post(SHARE_URL, valid_practice, REMOTE_ADDR="203.0.113.7", follow=True)
    assert response.status_code == 200
    submission = Submission.objects.get()
    assert submission.intervention_name == "Operation Harbour"
    assert submission.reference in response.content.decode()
    assert len(mail.outbox) == 2


def test_the_hourly_limit_still_holds(client, valid_practice):
    for _ in range(5):
        assert client.post(SHARE_URL, valid_practice, REMOTE_ADDR="203.0.113.7").status_code == 302
    refused = client.post(SHARE_URL, valid_practice, REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429
    assert Submission.objects.count() == 5
