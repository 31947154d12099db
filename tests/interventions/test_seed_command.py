import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from interventions.models import SourceDocument

pytestmark = pytest.mark.django_db


def seed(*args):
    out = StringIO()
    call_command("seed_catalogue", *args, stdout=out)
    return out.getvalue()


def write_fixture(directory, name, records):
    path = directory / name
    path.write_text(json.dumps(records) if not isinstance(records, str) else records)
    return path


SOURCE = {
    "model": "interventions.sourcedocument",
    "fields": {
        "slug": "a-source",
        "title": "A source",
        "publisher": "College of Policing",
        "kind": "report",
    },
}


def test_seeding_twice_changes_nothing_the_second_time(tmp_path):
    write_fixture(tmp_path, "10-sources.json", [SOURCE])
    first = seed("--fixtures-dir", tmp_path)
    assert "1 created" in first
    second = seed("--fixtures-dir", tmp_path)
    assert "0 created, 0 updated, 1 unchanged" in second
    assert SourceDocument.objects.filter(slug="a-source").count() == 1


def test_seeding_updates_a_row_whose_fixture_changed(tmp_path):
    write_fixture(tmp_path, "10-sources.json", [SOURCE])
    seed("--fixtures-dir", tmp_path)
    changed = {**SOURCE, "fields": {**SOURCE["fields"], "title": "A better title"}}
    write_fixture(tmp_path, "10-sources.json", [changed])
    assert "1 updated" in seed("--fixtures-dir", tmp_path)
    assert SourceDocument.objects.get(slug="a-source").title == "A better title"


def test_a_malformed_fixture_is_reported_by_name_and_nothing_is_saved(tmp_path):
    write_fixture(tmp_path, "10-sources.json", [SOURCE])
    write_fixture(tmp_path, "20-broken.json", "[{not json")
    with pytest.raises(CommandError, match=r"20-broken\.json"):
        seed("--fixtures-dir", tmp_path)
    assert not SourceDocument.objects.filter(slug="a-source").exists()


def test_a_reference_to_a_missing_row_is_reported_not_raised(tmp_path):
    record = {
        "model": "interventions.organisation",
        "fields": {
            "slug": "x",
            "name": "X",
            "kind": "charity",
            "force_area": ["no-such-force"],
        },
    }
    write_fixture(tmp_path, "10-orgs.json", [record])
    with pytest.raises(CommandError, match=r"10-orgs\.json"):
        seed("--fixtures-dir", tmp_path)


def test_an_empty_fixtures_folder_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="No fixture files"):
        seed("--fixtures-dir", tmp_path)
