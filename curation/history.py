"""History pages in the admin: who changed what and when, field by field, and revert."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.formats import date_format
from django.utils.timezone import localtime
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from interventions.formatting import strip_zeros
from interventions.models import history_reason

# Changed on every save, so listing them would only hide the change that mattered.
UNINTERESTING_FIELDS = ("updated_at",)
# As the admin writes dates and times elsewhere: "30 Nov 2026, 01:46".
DATE_FORMAT = "j M Y"
DATE_TIME_FORMAT = "j M Y, H:i"
# Inline rows saved with an entry are recorded just after it, in the same request.
SAVED_WITH_IT_WITHIN = timedelta(seconds=60)


def readable_value(field, value):
    if value is None or value == "":
        return "(empty)"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, datetime):
        return date_format(localtime(value), DATE_TIME_FORMAT)
    if isinstance(value, date):
        return date_format(value, DATE_FORMAT)
    if isinstance(value, Decimal):
        return strip_zeros(value, places=field.decimal_places)
    return value


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    """Shows choices by their label ('In review', not 'in-review') and empty values as such."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.many_to_many:
            return super().prepare_delta_change_value(change, value)
        return readable_value(field, value)


def delta_changes(model, newer, older, foreign_keys_are_objs=True):
    """The field-level changes from one historical record to the next, ready for a template."""
    delta = newer.diff_against(
        older,
        excluded_fields=UNINTERESTING_FIELDS,
        foreign_keys_are_objs=foreign_keys_are_objs,
    )
    return ReadableHistoryHelper(model, newer).context_for_delta_changes(delta)


class CatalogueHistoryAdmin(SimpleHistoryAdmin):
    """History with readable field-level changes, and a change reason on every revert."""

    object_history_list_template = "admin/history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryHelper(self.model, historical_record)

    def inline_history(self, object_id):
        """History of the rows edited inline with this object, newest first; see
        related_history()."""
        return []

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        records = list(historical_records)
        if not records:
            return
        related = getattr(request, "inline_history", [])
        newer = None
        for record, older in zip(records, [*records[1:], None], strict=True):
            if older is None and record.history_type == "~":
                older = record.prev_record  # on the next page
            if older is not None:
                record.history_delta_changes = delta_changes(
                    self.model, record, older, foreign_keys_are_objs
                )
            if not getattr(record, "history_delta_changes", None):
                record.history_summary = summarise_unchanged(record, newer, related)
            newer = record

    def check_object_id(self, object_id):
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404 from None

    def history_view(self, request, object_id, extra_context=None):
        self.check_object_id(object_id)
        request.inline_history = self.inline_history(unquote(object_id))
        extra_context = {**(extra_context or {}), "related_history": request.inline_history}
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self.check_object_id(object_id)
        if not str(version_id).isdigit():
            raise Http404
        if request.method == "POST":
            version = (
                self.model.history.filter(
                    **{self.model._meta.pk.attname: unquote(object_id)}, history_id=version_id
                )
                .values_list("history_date", flat=True)
                .first()
            )
            if version is not None:
                request.reverting_to = version
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        reverting_to = getattr(request, "reverting_to", None)
        if reverting_to is not None:
            obj._change_reason = history_reason(
                f"Reverted to the version of {date_format(reverting_to, 'j F Y, H:i')}"
            )
        super().save_model(request, obj, form, change)


def related_history(model, records, describe):
    """History rows of one kind of inline row (e.g. partner roles), newest first, with diffs.

    `records` must be ordered newest first; `describe` turns a historical row into a label.
    """
    by_row = {}
    for record in records:
        by_row.setdefault(record.id, []).append(record)
    entries = []
    for versions in by_row.values():
        for newer, older in zip(versions, [*versions[1:], None], strict=True):
            changes = []
            if older is not None and newer.history_type == "~":
                changes = delta_changes(model, newer, older)
            entries.append(
                {
                    "kind": model._meta.verbose_name,
                    "date": newer.history_date,
                    "user": newer.history_user,
                    "action": newer.get_history_type_display(),
                    "label": describe(newer),
                    "reason": newer.history_change_reason,
                    "changes": changes,
                }
            )
    return entries


def summarise_unchanged(record, newer, related):
    """What a version without field changes was: a creation, a deletion, or a save that
    changed only the rows edited with it or links that are not recorded (themes, forces)."""
    if record.history_type == "+":
        return "Created"
    if record.history_type == "-":
        return "Deleted"
    until = min(
        record.history_date + SAVED_WITH_IT_WITHIN,
        newer.history_date if newer else record.history_date + SAVED_WITH_IT_WITHIN,
    )
    saved_with_it = [
        row
        for row in related
        if row["user"] == record.history_user and record.history_date <= row["date"] < until
    ]
    if saved_with_it:
        rows = "; ".join(
            f"{row['kind']} {row['label']}, {row['action'].lower()}"
            for row in reversed(saved_with_it)
        )
        return f"No field changes; edited with it: {rows}."
    return (
        "No field changes (saved as it was, or only links such as themes, forces, purposes "
        "or settings changed)."
    )
