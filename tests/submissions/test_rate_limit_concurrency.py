"""Simultaneous posts from one client, each on its own database connection, as in production."""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from submissions.models import Submission

# Serialized rollback brings back the forces, themes and other rows that migrations load,
# which a transactional test's flush (this one's, or an earlier live-server test's) removes.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrated_rows_back_afterwards"),
]

SHARE_URL = reverse("submissions:share")
SENDERS = 24


def test_simultaneous_submissions_never_get_past_the_limit(valid_practice, settings):
    assert settings.SUBMISSION_RATE_LIMIT == 5
    settings.SUBMISSION_ATTEMPT_LIMIT = 100  # Only the submission limit is under test here.
    start = threading.Barrier(SENDERS)
    statuses = []

    def send():
        try:
            client = Client()
            start.wait()
            response = client.post(SHARE_URL, valid_practice, REMOTE_ADDR="203.0.113.7")
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    senders = [threading.Thread(target=send) for _ in range(SENDERS)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()

    assert sorted(statuses) == [302] * 5 + [429] * (SENDERS - 5)
    assert Submission.objects.count() == 5
