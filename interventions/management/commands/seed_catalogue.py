"""Load the catalogue's seeded entries from fixtures/, idempotently.

Unlike ``loaddata``, a second run changes nothing: each fixture row is compared
with what is stored and saved only when it differs, so timestamps and history
stay put. Fixtures use natural keys, so no primary key is hard-coded.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import transaction

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
AUTOMATIC_FIELDS = {"created_at", "updated_at"}


def fixture_files(directory=FIXTURES_DIR):
    """Fixture files in load order: their names start with a number, e.g. '10-sources.json'."""
    return sorted(directory.glob("*.json"))


def stated_fields(record):
    """The field names a fixture record sets, so unstated fields are left as stored."""
    return set(record.get("fields", {})) - AUTOMATIC_FIELDS


class Command(BaseCommand):
    help = "Load the seeded catalogue from fixtures/. Safe to run repeatedly."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures-dir",
            type=Path,
            default=FIXTURES_DIR,
            help="Folder of fixture files (default: the repository's fixtures/).",
        )

    def handle(self, *args, fixtures_dir, **options):
        files = fixture_files(fixtures_dir)
        if not files:
            raise CommandError(f"No fixture files found in {fixtures_dir}.")
        totals = {"created": 0, "updated": 0, "unchanged": 0}
        with transaction.atomic():
            for position, path in enumerate(files, start=1):
                counts = self.load_file(path)
                for key, value in counts.items():
                    totals[key] += value
                self.stdout.write(
                    f"[{position}/{len(files)}] {path.name}: {counts['created']} created, "
                    f"{counts['updated']} updated, {counts['unchanged']} unchanged"
                )
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded catalogue: {totals['created']} created, {totals['updated']} updated, "
                f"{totals['unchanged']} unchanged."
            )
        )

    def load_file(self, path):
        try:
            records = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"{path.name} is not a readable JSON fixture: {error}") from error
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        objects = serializers.deserialize("python", records, handle_forward_references=False)
        try:
            for record, deserialized in zip(records, objects, strict=True):
                outcome = self.save_if_changed(deserialized, stated_fields(record))
                counts[outcome] += 1
        except (DeserializationError, ObjectDoesNotExist, ValidationError) as error:
            raise CommandError(f"{path.name}: {error}") from error
        return counts

    def save_if_changed(self, deserialized, fields):
        instance = deserialized.object
        model = type(instance)
        stored = model._default_manager.filter(pk=instance.pk).first() if instance.pk else None
        m2m_data = deserialized.m2m_data or {}

        if stored is None:
            instance.pk = None
            instance.save()
            self.set_many_to_many(instance, m2m_data)
            return "created"

        changed = [
            name
            for name in fields - set(m2m_data)
            if getattr(stored, model._meta.get_field(name).attname)
            != getattr(instance, model._meta.get_field(name).attname)
        ]
        changed_m2m = {
            name: pks
            for name, pks in m2m_data.items()
            if {str(pk) for pk in getattr(stored, name).values_list("pk", flat=True)}
            != {str(pk) for pk in pks}
        }
        if not changed and not changed_m2m:
            return "unchanged"
        for name in changed:
            attname = model._meta.get_field(name).attname
            setattr(stored, attname, getattr(instance, attname))
        if changed:
            stored.save()
        self.set_many_to_many(stored, changed_m2m)
        return "updated"

    @staticmethod
    def set_many_to_many(instance, m2m_data):
        for name, pks in m2m_data.items():
            getattr(instance, name).set(pks)
