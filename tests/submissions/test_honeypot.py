import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from submissions.models import Submission
from tests.submissions.documents import pdf_upload

pytestmark = pytest.mark.django_db

SHARE_URL = reverse("submissions:share")


def test_the_honeypot_is_hidden_from_people_keyboards_and_autofill(client):
    content = client.get(SHARE_URL).content.decode()
    wrapper = re.search(
        r'<div class="visually-hidden" aria-hidden="true">(.*?)</div>', content, re.DOTALL
    )
    assert wrapper, "honeypot wrapper missing"
    field = re.search(r"<input[^>]*name=\"website\"[^>]*>", wrapper.group(1)).group(0)
    assert 'tabindex="-1"' in field
    assert 'autocomplete="off"' in field


def test_a_bot_filling_the_honeypot_sees_the_normal_confirmation(
    client, valid_practice, private_storage_root
):
    response = client.post(
        SHARE_URL,
        {**valid_practice, "website": "http://cheap-pills.example", "files": [pdf_upload()]},
    )
    assert response.status_code == 302
    confirmation = client.get(response["Location"]).content.decode()
    assert "Practice sent" in confirmation
    assert re.search(r"VKPP-\d{4}-\d{6}", confirmation)

    assert Submission.objects.count() == 0
    assert mail.outbox == []
    root = Path(private_storage_root)
    assert not root.exists() or not any(path.is_file() for path in root.rglob("*"))


def test_a_bot_filling_the_correction_honeypot_is_ignored_too(client, valid_correction):
    response = client.post(
        reverse("submissions:correction"), {**valid_correction, "website": "spam"}
    )
    assert response.status_code == 302
    assert Submission.objects.count() == 0
    assert mail.outbox == []
