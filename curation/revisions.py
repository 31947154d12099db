"""Changes to published entries in the admin: held for review, reasons, and concurrent edits.

`ReviewedChangesMixin` goes on the admin of every model a published entry is made of or
shows (the entry itself, reports, outcome figures, seminars, evidence links). Through it:

- someone who may not publish (an editor) saving a change to a live object changes nothing
  live: the posted form, inlines included, is kept as a PendingRevision for a curator;
- a curator approving it runs the same admin form and inline formsets over the kept data,
  so a revision passes exactly the checks a direct save would (`apply_revision`);
- every change form carries the live version's token, and a save made against an older
  version is refused and shown again as typed, with what changed meanwhile;
- every change form has "Why this change", required on live objects, kept in the history.
"""

import copy
import json
from datetime import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.forms.formsets import all_valid
from django.forms.models import _get_foreign_key
from django.http import HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.formats import date_format
from django.utils.timezone import localtime

from interventions.models import (
    PendingRevision,
    RevisionConflict,
    RevisionState,
    history_reason,
    may_publish,
    revision_token,
)

REASON_FIELD = "change_reason"
TOKEN_FIELD = "revision_token"
REASON_MAX_LENGTH = 2000
# The form fields that are about the save, not the object: left out of a revision's diff.
ABOUT_THE_SAVE = {REASON_FIELD, TOKEN_FIELD}


def as_query_dict(data):
    query = QueryDict(mutable=True)
    for name, values in data.items():
        query.setlist(name, values if isinstance(values, list) else [values])
    return query


def token_value(token, opened_at=None):
    """The form's hidden token: the live version's fingerprint and when the form was opened."""
    opened_at = opened_at or timezone.now()
    return f"{token}|{opened_at.isoformat()}"


def parse_token(value):
    token, _, opened = (value or "").partition("|")
    try:
        opened_at = datetime.fromisoformat(opened) if opened else None
    except ValueError:
        opened_at = None
    if opened_at is not None and timezone.is_naive(opened_at):
        opened_at = None
    return token, opened_at


class ReviewedChangeForm(forms.ModelForm):
    """The admin form of an object under review rules; `admin` and `request` are set per request
    (ReviewedChangesMixin.get_form)."""

    admin = None
    request = None
    pending_data = None

    change_reason = forms.CharField(
        label="Why this change",
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Say what you changed and why, e.g. “Figure corrected to the report's "
        "table 3”. Required on published entries; the history keeps it with the change.",
    )
    revision_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, files=None, *args, **kwargs):
        if data is None and self.pending_data is not None:
            # The editor's own waiting revision, shown instead of the live values.
            data, files = as_query_dict(self.pending_data), MultiValueDict()
        super().__init__(data, files, *args, **kwargs)
        if self.instance.pk and data is None:
            self.initial[TOKEN_FIELD] = token_value(self.admin.live_token(self.instance))

    def clean_change_reason(self):
        return " ".join(self.cleaned_data.get(REASON_FIELD, "").split())

    def clean(self):
        cleaned = super().clean()
        if self.admin is None or applying(self.request):
            return cleaned
        if not self.instance.pk:
            if not may_publish(self.user) and touches_live(cleaned):
                raise ValidationError(
                    "This would add to a published entry at once. Add it on the entry's own "
                    "page instead, where a curator reviews the change before it goes live."
                )
            return cleaned
        live = self.admin.model._default_manager.get(pk=self.instance.pk)
        self.check_version(live)
        if self.admin.is_live(live) and not cleaned.get(REASON_FIELD):
            self.add_error(
                REASON_FIELD, "Say why you are making this change: the entry is published."
            )
        if self.admin.holds_changes(self.request, live, cleaned):
            waiting = PendingRevision.objects.for_object(live).waiting().first()
            if waiting is not None and waiting.author_id != self.request.user.pk:
                raise ValidationError(str(RevisionConflict(waiting)))
            # Refused here, with the form shown again, rather than when it is kept.
            PendingRevision.data_to_keep(dict(self.request.POST.lists()))
        return cleaned

    def check_version(self, live):
        posted, opened_at = parse_token(self.data.get(TOKEN_FIELD))
        current = self.admin.live_token(live)
        if posted == current:
            return
        # Shown again with the current token: saving once more, having read what changed,
        # replaces it on purpose.
        self.data = self.data.copy()
        self.data[TOKEN_FIELD] = token_value(current)
        changes = self.admin.changes_since(live, opened_at)
        history = reverse(self.admin.url_name("history"), args=[live.pk])
        self.changed_meanwhile = {"changes": changes, "history_url": history}
        raise ValidationError(
            "Someone else saved this since you opened it, so nothing was saved. What you "
            "typed is still below. Read what changed meanwhile (listed above the form, and in "
            "the history), then save again to replace it with your version, or reload the "
            "page to start from theirs.",
            code="stale",
        )


def touches_live(cleaned):
    """Whether a form's chosen entries (a figure's entry, a report's entries) include a
    published one."""
    chosen = [cleaned.get("intervention"), *(cleaned.get("interventions") or [])]
    return any(getattr(entry, "is_published", False) for entry in chosen)


def showing_change_form(request):
    """An unsent change form (not a save, nor the history's revert form)."""
    return getattr(request, "showing_change_form", False)


def applying(request):
    return getattr(request, "applying_revision", None) is not None


def waiting_revision_filter(model):
    """The list filter "Revision waiting" for a model's changelist."""

    class RevisionWaitingFilter(admin.SimpleListFilter):
        title = "revision waiting"
        parameter_name = "revision"

        def lookups(self, request, model_admin):
            return [("waiting", "Revision waiting"), ("none", "No revision waiting")]

        def queryset(self, request, queryset):
            waiting = PendingRevision.objects.waiting_ids(model).values("object_id")
            if self.value() == "waiting":
                return queryset.filter(pk__in=waiting)
            if self.value() == "none":
                return queryset.exclude(pk__in=waiting)
            return queryset

    return RevisionWaitingFilter


class ReviewedChangesMixin:
    """For the ModelAdmin of a model whose changes wait for review when it is live."""

    form = ReviewedChangeForm
    change_form_template = "admin/reviewed_change_form.html"

    # What the subclass says -------------------------------------------------------------------

    def live_entries(self, obj):
        """The published entries that show `obj` as it is stored (a queryset)."""
        raise NotImplementedError

    # Whether a change is held -----------------------------------------------------------------

    def is_live(self, obj):
        return obj is not None and obj.pk is not None and self.live_entries(obj).exists()

    def holds_changes(self, request, stored, cleaned=None):
        """An editor's change to a live object, or one that links it to a published entry,
        waits for a curator; a curator's goes live."""
        if applying(request) or may_publish(request.user):
            return False
        return self.is_live(stored) or touches_live(cleaned or {})

    def url_name(self, view):
        return f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}"

    def related_rows(self, obj):
        """Querysets of the rows edited inline with `obj`, for its token."""
        rows = []
        for inline in self.inlines:
            fk = _get_foreign_key(self.model, inline.model, fk_name=inline.fk_name)
            rows.append(inline.model._default_manager.filter(**{fk.name: obj}))
        return rows

    def live_token(self, obj):
        stored = self.model._default_manager.get(pk=obj.pk)
        return revision_token(stored, self.related_rows(stored))

    def changes_since(self, obj, opened_at):
        """Who saved `obj` after `opened_at`, and which fields they changed."""
        if not hasattr(obj, "history"):
            return []
        records = obj.history.order_by("-history_date", "-history_id")
        if opened_at is not None:
            records = records.filter(history_date__gt=opened_at)
        changes = []
        for record in records.select_related("history_user")[:10]:
            older = record.prev_record
            fields = []
            if older is not None:
                delta = record.diff_against(older, excluded_fields=["updated_at"])
                fields = [self.model._meta.get_field(c.field).verbose_name for c in delta.changes]
            changes.append(
                {
                    "user": record.history_user,
                    "date": record.history_date,
                    "reason": record.history_change_reason,
                    "fields": fields,
                }
            )
        return changes

    # The form ---------------------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.append(("Saving this change", {"fields": [REASON_FIELD, TOKEN_FIELD]}))
        return fieldsets

    def waiting_revision(self, obj):
        return PendingRevision.objects.for_object(obj).waiting().select_related("author").first()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        attributes = {"admin": self, "request": request, "user": request.user}
        pending = self.own_waiting_revision(request, obj)
        if pending is not None and showing_change_form(request):
            attributes["pending_data"] = pending.data
        return type(form.__name__, (form,), attributes)

    def own_waiting_revision(self, request, obj):
        if obj is None or applying(request):
            return None
        cache = request.__dict__.setdefault("_own_revisions", {})
        key = (self.opts.label, obj.pk)
        if key not in cache:
            waiting = self.waiting_revision(obj)
            cache[key] = waiting if waiting and waiting.author_id == request.user.pk else None
        return cache[key]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        pending = self.own_waiting_revision(request, obj)
        if pending is not None and showing_change_form(request):
            kwargs["data"] = as_query_dict(pending.data)
            kwargs["files"] = MultiValueDict()
        return kwargs

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        request.showing_change_form = request.method != "POST"
        if object_id is not None and str(object_id).isdigit():
            obj = self.model._default_manager.filter(pk=unquote(object_id)).first()
            if obj is not None:
                extra_context.update(self.revision_context(request, obj))
        return super().changeform_view(request, object_id, form_url, extra_context)

    def revision_context(self, request, obj):
        waiting = self.waiting_revision(obj)
        latest = PendingRevision.objects.for_object(obj).exclude(state=RevisionState.SUPERSEDED)
        latest = latest.select_related("reviewer").first()
        return {
            "waiting_revision": waiting,
            "own_waiting_revision": waiting if waiting and waiting.author == request.user else None,
            "returned_revision": (
                latest if latest is not None and latest.state == RevisionState.RETURNED else None
            ),
            "held_for_review": self.holds_changes(request, obj),
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        context["changed_meanwhile"] = getattr(form, "changed_meanwhile", None)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Saving -----------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        stored = self.model._default_manager.get(pk=obj.pk) if change else None
        if change and self.holds_changes(request, stored, form.cleaned_data):
            reason = form.cleaned_data.get(REASON_FIELD, "")
            token, _ = parse_token(form.data.get(TOKEN_FIELD))
            request.held_revision = PendingRevision.submit(
                stored, request.user, dict(request.POST.lists()), token, reason
            )
            return
        reason = form.cleaned_data.get(REASON_FIELD)
        revision = getattr(request, "applying_revision", None)
        if revision is not None:
            obj._change_reason = history_reason(
                f"Approved change by {revision.author_name}: {revision.review_comment}"
            )
        elif reason:
            earlier = getattr(obj, "_change_reason", None)
            obj._change_reason = history_reason(f"{earlier}: {reason}" if earlier else reason)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "held_revision", None) is not None:
            return
        super().save_related(request, form, formsets, change)

    def save_formset(self, request, form, formset, change):
        reason = getattr(form.instance, "_change_reason", None)
        if not reason:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for row in formset.deleted_objects:
            row._change_reason = reason
            row.delete()
        for row in instances:
            row._change_reason = reason
            row.save()
        formset.save_m2m()

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "held_revision", None) is not None:
            return []  # the inline rows were not saved; log_change says what happened
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        revision = getattr(request, "held_revision", None)
        if revision is not None:
            message = [{"changed": {"fields": ["sent for review"]}}]
        reason = (getattr(request, "POST", {}) or {}).get(REASON_FIELD)
        if reason and revision is None:
            # History keeps 100 characters; the admin's log keeps the whole reason.
            message = f"{self.readable_message(message)} Why: {' '.join(reason.split())}"
        return super().log_change(request, obj, message)

    @staticmethod
    def readable_message(message):
        if isinstance(message, list):
            return LogEntry(change_message=json.dumps(message)).get_change_message()
        return str(message)

    def response_change(self, request, obj):
        revision = getattr(request, "held_revision", None)
        if revision is None:
            return super().response_change(request, obj)
        messages.success(
            request,
            f"Your change to “{obj}” is waiting for a curator's review. The public site keeps "
            "showing the published version until it is approved.",
        )
        return HttpResponseRedirect(reverse(self.url_name("change"), args=[obj.pk]))

    # Other routes to a live change ------------------------------------------------------------

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and str(object_id).isdigit():
            stored = self.model._default_manager.filter(pk=unquote(object_id)).first()
            if stored is not None and self.holds_changes(request, stored):
                raise PermissionDenied(
                    "Only curators revert a published entry. Make the change on its edit page, "
                    "where a curator reviews it."
                )
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        extra_context = dict(extra_context or {})
        if str(object_id).isdigit():
            extra_context["revision_history"] = revision_history(
                PendingRevision.objects.filter(
                    content_type__app_label=self.opts.app_label,
                    content_type__model=self.opts.model_name,
                    object_id=unquote(object_id),
                )
            )
        return super().history_view(request, object_id, extra_context)

    def get_queryset(self, request):
        waiting = PendingRevision.objects.waiting_ids(self.model).filter(object_id=OuterRef("pk"))
        return super().get_queryset(request).annotate(has_waiting_revision=Exists(waiting))

    def revision_marker(self, obj):
        return getattr(obj, "has_waiting_revision", False)

    revision_marker.short_description = "Revision waiting"
    revision_marker.boolean = True
    revision_marker.admin_order_field = "has_waiting_revision"


def revision_history(revisions):
    """The review steps of an object's revisions, newest first, for its history page."""
    rows = []
    for revision in revisions.select_related("author", "reviewer"):
        rows.append(
            {
                "date": revision.created_at,
                "user": revision.author,
                "action": "Change submitted for review",
                "reason": revision.reason,
                "revision": revision,
            }
        )
        if revision.reviewed_at:
            rows.append(
                {
                    "date": revision.reviewed_at,
                    "user": revision.reviewer,
                    "action": RevisionState(revision.state).label,
                    "reason": revision.review_comment,
                    "revision": revision,
                }
            )
    return sorted(rows, key=lambda row: row["date"], reverse=True)


# Approving ------------------------------------------------------------------------------------


class RevisionDoesNotApply(Exception):
    """The live version changed since the revision was made, or its data no longer validates."""


def bound_forms(model_admin, request, revision, target):
    """The admin form and inline formsets of `target` filled with the revision's data, as its
    author would have posted them."""
    as_author = copy.copy(request)
    as_author.method = "POST"
    as_author.POST = as_query_dict(revision.data)
    as_author._files = MultiValueDict()
    as_author.user = revision.author
    as_author.applying_revision = revision
    as_author.__dict__.pop("_own_revisions", None)
    fieldsets = model_admin.get_fieldsets(as_author, target)
    model_form = model_admin.get_form(
        as_author, target, change=True, fields=flatten_fieldsets(fieldsets)
    )
    form = model_form(as_author.POST, as_author.FILES, instance=target)
    formsets, _ = model_admin._create_formsets(as_author, form.instance, change=True)
    return as_author, form, formsets


def form_errors(form, formsets):
    errors = [f"{name}: {' '.join(messages)}" for name, messages in form.errors.items()]
    for formset in formsets:
        for row in formset.errors:
            errors += [f"{name}: {' '.join(messages)}" for name, messages in row.items()]
        errors += list(formset.non_form_errors())
    return errors


def apply_revision(model_admin, request, revision, comment):
    """Makes a waiting revision live through the admin's own form validation, or raises
    RevisionDoesNotApply and changes nothing."""
    with transaction.atomic():
        revision = PendingRevision.objects.select_for_update().get(pk=revision.pk)
        if not revision.is_waiting:
            raise RevisionDoesNotApply("This revision has already been decided.")
        target = model_admin.model._default_manager.filter(pk=revision.object_id).first()
        if target is None:
            raise RevisionDoesNotApply("The item this revision changes no longer exists.")
        if model_admin.live_token(target) != revision.base_token:
            raise RevisionDoesNotApply(
                "The live version has changed since this revision was made, so it no longer "
                "applies cleanly and nothing was changed. Return it to the editor to redo on "
                "the current version."
            )
        revision.review_comment = comment
        as_author, form, formsets = bound_forms(model_admin, request, revision, target)
        valid = form.is_valid()
        if not (all_valid(formsets) and valid):
            raise RevisionDoesNotApply(
                "This revision no longer passes the form's checks, so nothing was changed: "
                + "; ".join(form_errors(form, formsets))
            )
        new_object = model_admin.save_form(as_author, form, change=True)
        # Built as its author posted it; saved as the curator approving it, whom the
        # history names.
        as_author.user = request.user
        model_admin.save_model(as_author, new_object, form, True)
        model_admin.save_related(as_author, form, formsets, True)
        message = model_admin.construct_change_message(as_author, form, formsets, False)
        model_admin.log_change(request, new_object, message)
        revision.approve(request.user, comment)
    return revision


def describe(field, value):
    """A form value as a person reads it: choice labels, names of chosen rows, "(empty)"."""
    if value in (None, "", [], ()):
        return "(empty)"
    if isinstance(field, forms.ModelMultipleChoiceField):
        if not all(hasattr(item, "pk") for item in value):
            value = field.queryset.filter(pk__in=[getattr(v, "pk", v) for v in value])
        return ", ".join(sorted(str(item) for item in value)) or "(empty)"
    if isinstance(field, forms.ModelChoiceField):
        if not hasattr(value, "pk"):
            value = field.queryset.filter(pk=value).first() or value
        return str(value)
    if isinstance(field, forms.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): label for key, label in field.choices}
        if isinstance(value, list | tuple):
            return ", ".join(str(labels.get(str(v), v)) for v in value)
        return str(labels.get(str(value), value))
    if isinstance(value, datetime):
        return date_format(localtime(value), "j M Y, H:i")
    if hasattr(value, "isoformat"):
        return date_format(value, "j M Y")
    return str(value)


def form_changes(form):
    """The fields of a bound form that differ from its instance, old -> new."""
    changes = []
    for name in form.changed_data:
        if name in ABOUT_THE_SAVE or name not in form.fields:
            continue
        field = form.fields[name]
        old = form.get_initial_for_field(field, name)
        if hasattr(form, "cleaned_data") and name in form.cleaned_data:
            new = form.cleaned_data[name]
        else:
            new = field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
        old_text, new_text = describe(field, old), describe(field, new)
        if old_text != new_text:
            changes.append({"field": str(field.label or name), "old": old_text, "new": new_text})
    return changes


def revision_diff(model_admin, request, revision, target):
    """What the revision changes against the live version: the fields, then each inline row
    added, removed or changed."""
    _, form, formsets = bound_forms(model_admin, request, revision, target)
    form.is_valid()
    errors = [f"{name}: {' '.join(messages)}" for name, messages in form.errors.items()]
    sections = []
    for formset in formsets:
        rows = []
        # Only the rows the revision touches are validated, so the page's queries do not
        # grow with the rows left as they are; approving validates every row.
        for row_form in formset.forms:
            deleted = formset.can_delete and formset._should_delete_form(row_form)
            if not (deleted or row_form.has_changed()):
                continue
            label = str(row_form.instance) if row_form.instance.pk else "New row"
            if deleted:
                if row_form.instance.pk:
                    rows.append({"action": "Removed", "label": label, "changes": []})
                continue
            if not row_form.is_valid():
                errors += [
                    f"{label}, {name}: {' '.join(messages)}"
                    for name, messages in row_form.errors.items()
                ]
            action = "Changed" if row_form.instance.pk else "Added"
            changes = form_changes(row_form)
            if changes:
                rows.append({"action": action, "label": label, "changes": changes})
        if rows:
            sections.append({"title": str(formset.model._meta.verbose_name_plural), "rows": rows})
    return {
        "fields": form_changes(form),
        "sections": sections,
        "errors": errors,
    }
