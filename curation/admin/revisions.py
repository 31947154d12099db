"""Revisions waiting for review: the list, and the review page where curators approve or
return them (curation.revisions holds the rules)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from curation.desk import RETURNED_TO_ME, RETURNED_TO_PARAMETER
from curation.notifications import send_revision_decided
from curation.revisions import (
    REASON_MAX_LENGTH,
    RevisionDoesNotApply,
    apply_revision,
    revision_diff,
)
from interventions.models import PendingRevision, RevisionState, may_publish
from interventions.roles import MissingPermission

APPROVE = "_approve"
SEND_BACK = "_return"
CLOSE = "_close"


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label="Your reason",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Approving: why the change is right (the history keeps it). Returning: what "
        "the editor should change; they see it on the item's edit page and by email. "
        "Closing: why the change is no longer needed.",
        error_messages={"required": "Give a reason: it is kept with your decision."},
    )

    def clean_comment(self):
        comment = " ".join(self.cleaned_data["comment"].split())
        if not comment:
            raise forms.ValidationError("Give a reason: it is kept with your decision.")
        return comment


class RevisionStateFilter(admin.SimpleListFilter):
    """Waiting revisions first: the list opens on what needs a decision."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [*RevisionState.choices, ("all", "All")]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            selected = (self.value() or RevisionState.WAITING) == value
            yield {
                "selected": selected,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or RevisionState.WAITING
        if value == "all":
            return queryset
        if value not in RevisionState.values:
            return queryset.none()
        return queryset.filter(state=value)


class ReturnedToMeFilter(admin.SimpleListFilter):
    """'Returned to me' in the revisions list: an editor's home links here."""

    title = "returned to"
    parameter_name = RETURNED_TO_PARAMETER

    def lookups(self, request, model_admin):
        return [(RETURNED_TO_ME, "Me, not yet answered")]

    def queryset(self, request, queryset):
        if self.value() == RETURNED_TO_ME:
            mine = PendingRevision.objects.returned_to(request.user)
            return queryset.filter(pk__in=mine.values("pk"))
        return queryset


@admin.register(PendingRevision)
class PendingRevisionAdmin(admin.ModelAdmin):
    list_display = ["target_link", "kind", "author", "created_at", "state", "reviewer"]
    list_filter = [RevisionStateFilter, ReturnedToMeFilter]
    list_select_related = ["author", "reviewer", "content_type"]
    ordering = ["created_at"]
    show_full_result_count = False
    view_on_site = False

    def get_queryset(self, request):
        # Each row names its item: one query per kind of item, not per row.
        return super().get_queryset(request).prefetch_related("target")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Deciding is a curator's call, as publishing is.
        return super().has_change_permission(request, obj) and may_publish(request.user)

    @admin.display(description="Changes")
    def target_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:interventions_pendingrevision_change", args=[obj.pk]),
            obj.target_label,
        )

    @admin.display(description="Kind of item")
    def kind(self, obj):
        return obj.kind_label

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise MissingPermission("interventions.view_pendingrevision")
        if not str(object_id).isdigit():
            raise Http404
        revision = (
            PendingRevision.objects.select_related("author", "reviewer", "content_type")
            .filter(pk=unquote(object_id))
            .first()
        )
        if revision is None:
            raise Http404
        model = revision.content_type.model_class()
        target_admin = self.admin_site._registry.get(model)
        if target_admin is None:
            raise Http404
        target = model._default_manager.filter(pk=revision.object_id).first()
        if target is None:
            return self.deleted_item_view(request, revision)
        form = ReviewForm()
        problem = None
        if request.method == "POST":
            if not (self.has_change_permission(request, revision) and revision.is_waiting):
                raise MissingPermission("interventions.publish_intervention")
            form = ReviewForm(request.POST)
            if form.is_valid():
                return self.decide(request, revision, target_admin, target, form)
        if revision.is_waiting and target_admin.live_token(target) != revision.base_token:
            problem = (
                "The live version has changed since this revision was made, so it no longer "
                "applies cleanly. The differences below are against the current live version; "
                "return it so the editor can redo the change."
            )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Review the change to “{revision.target_label}”",
            "opts": self.opts,
            "revision": revision,
            "target": target,
            "target_opts": model._meta,
            "target_change_url": reverse(target_admin.url_name("change"), args=[target.pk]),
            "live_entries": list(target_admin.live_entries(target)),
            "diff": revision_diff(target_admin, request, revision, target),
            "problem": problem,
            "form": form,
            "may_decide": revision.is_waiting and self.has_change_permission(request, revision),
            "approve": APPROVE,
            "send_back": SEND_BACK,
        }
        return TemplateResponse(request, "admin/revision_review.html", context)

    def deleted_item_view(self, request, revision):
        """The review page of a change whose item has been deleted: nothing to compare or
        apply, so a curator can only close it."""
        may_decide = revision.is_waiting and self.has_change_permission(request, revision)
        form = ReviewForm()
        if request.method == "POST":
            if not may_decide:
                raise MissingPermission("interventions.publish_intervention")
            form = ReviewForm(request.POST)
            if CLOSE not in request.POST:
                # Approve or Return, from a page opened before the item was deleted.
                messages.error(request, "The item is deleted: this change can only be closed.")
            elif form.is_valid():
                revision.close_for_deleted_item(request.user, form.cleaned_data["comment"])
                messages.success(
                    request, f"The change to {revision.target_label} is closed as superseded."
                )
                return HttpResponseRedirect(
                    reverse("admin:interventions_pendingrevision_changelist")
                )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Review the change to {revision.target_label}",
            "opts": self.opts,
            "revision": revision,
            "form": form,
            "may_decide": may_decide,
            "close": CLOSE,
        }
        return TemplateResponse(
            request, "admin/revision_review.html", {**context, "target_deleted": True}
        )

    def decide(self, request, revision, target_admin, target, form):
        comment = form.cleaned_data["comment"]
        here = reverse("admin:interventions_pendingrevision_change", args=[revision.pk])
        if APPROVE in request.POST:
            try:
                apply_revision(target_admin, request, revision, comment)
            except RevisionDoesNotApply as error:
                messages.error(request, str(error))
                return HttpResponseRedirect(here)
            messages.success(request, f"The change to “{target}” is approved and live.")
        elif SEND_BACK in request.POST:
            revision.send_back(request.user, comment)
            messages.success(request, f"The change to “{target}” is returned to its editor.")
        else:
            messages.error(request, "Choose Approve or Return.")
            return HttpResponseRedirect(here)
        revision.refresh_from_db()
        send_revision_decided(revision, request)
        return HttpResponseRedirect(reverse("admin:interventions_pendingrevision_changelist"))
