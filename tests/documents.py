"""The seeded data as files: the source documents kept as text, and the fixture records."""

import json
import re
from functools import cache
from pathlib import Path

from django.conf import settings

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
DOCUMENTS = FIXTURES / "sources"

COLLEGE = "college-vvcp-interventions"
SEMINARS = "college-vvcp-seminar-series-2021"
CALL = "vkpp-call-for-practice-2020"
KEN = "ken-meeting-two-vrus"


@cache
def document_text(slug):
    """The document as a reader sees it: no Markdown marks, whitespace collapsed."""
    text = (DOCUMENTS / f"{slug}.txt").read_text(encoding="utf-8")
    text = text.replace("*", "").replace("\\(", "(").replace("\\)", ")")
    text = re.sub(r"\[([^\]]*)\]\(#\)", r"\1", text)
    return re.sub(r"\s+", " ", text)


@cache
def fixture_records():
    records = []
    for path in sorted(FIXTURES.glob("*.json")):
        records.extend(json.loads(path.read_text(encoding="utf-8")))
    return records


def fixture_field(model, key, field):
    """One field of the fixture record of ``model`` whose slug (or key) is ``key``."""
    matches = [
        record["fields"]
        for record in fixture_records()
        if record["model"] == model
        and key in (record["fields"].get("slug"), record["fields"].get("key"))
    ]
    assert len(matches) == 1, (model, key, len(matches))
    return matches[0][field]
