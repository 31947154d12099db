from datetime import timedelta
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from curation.desk import STARTED_BY_ME, STARTED_BY_PARAMETER
from curation.history import CatalogueHistoryAdmin, related_history
from curation.imports import CatalogueImportExportMixin
from curation.preview import InterventionPreviewView
from curation.quality import DataQualityFilter, data_quality_report
from curation.revisions import ReviewedChangeForm, ReviewedChangesMixin, waiting_revision_filter
from evaluations.models import (
    EvaluationReport,
    EvidenceRating,
    OutcomeMetric,
    entries_left_unsupported,
    unlinking_refused,
)
from evidence.admin import ExternalEvidenceLinkInline
from evidence.models import ExternalEvidenceLink
from interventions.facet_index import refresh_facet_keys
from interventions.formatting import plain_number
from interventions.models import (
    AgeGroup,
    Force,
    Funding,
    Intervention,
    Lesson,
    Organisation,
    PartnerRole,
    PublicationState,
    Purpose,
    Setting,
    SourceCitation,
    SourceDocument,
    Theme,
    UncataloguedMention,
    may_publish,
)
from interventions.resources import InterventionResource
from interventions.roles import MissingPermission
from submissions.models import may_download_files

admin.site.site_header = "Violence Reduction Interventions Catalogue"
admin.site.site_title = "Catalogue admin"
admin.site.index_title = "Curating the catalogue"


class HttpsLinksMixin:
    """Web addresses typed without a scheme are taken as https://, as browsers now do."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class FigureInput(forms.NumberInput):
    """A stored figure as the catalogue writes it (36, not the column's 36.0000); what was
    typed is shown back as typed."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            return plain_number(value)
        return super().format_value(value)


FIGURES_AS_WRITTEN = {models.DecimalField: {"widget": FigureInput}}


class PublicOnlyViewOnSiteMixin:
    """'View on site' only where the public can see the page; drafts get a preview instead."""

    def is_public(self, obj):
        raise NotImplementedError

    def get_view_on_site_url(self, obj=None):
        if obj is None or not self.is_public(obj):
            return None
        return super().get_view_on_site_url(obj)


@admin.register(Force)
class ForceAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "region", "country"]
    list_filter = ["region", "country"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}
    fields = ["name", "short_name", "slug", "region", "country", "neighbours"]
    filter_horizontal = ["neighbours"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fields = [
        "name",
        "slug",
        "description",
        "definition_source",
        "definition_section",
        "definition_by",
        "definition_note",
    ]
    autocomplete_fields = ["definition_source"]


@admin.register(UncataloguedMention)
class UncataloguedMentionAdmin(admin.ModelAdmin):
    """Practice a source names in passing, listed publicly beside that source."""

    list_display = ["name", "source", "section", "position"]
    list_filter = ["source"]
    list_select_related = ["source"]
    search_fields = ["name", "what_the_source_says"]
    fields = [
        "source",
        "key",
        "name",
        "section",
        "what_the_source_says",
        "why_not_an_entry",
        "position",
    ]


@admin.register(Purpose, Setting)
class OrderedLookupAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description", "position"]


@admin.register(Organisation)
class OrganisationAdmin(ReviewedChangesMixin, HttpsLinksMixin, admin.ModelAdmin):
    """An organisation's name, description and address show on the pages of the published
    entries it works on, and on its own page: an editor's change to them waits for review."""

    # Not versioned row by row: the admin's log, and the review steps of its changes.
    object_history_template = "admin/reviewed_log_history.html"
    list_display = ["name", "short_name", "kind", "force_area", "revision_marker"]
    list_filter = ["kind", "force_area__region", waiting_revision_filter(Organisation)]
    list_select_related = ["force_area"]
    search_fields = ["name", "short_name", "slug"]
    autocomplete_fields = ["force_area"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "kind", "description"]}),
        ("Where and how to reach it", {"fields": ["force_area", "website"]}),
    ]

    def live_entries(self, obj):
        return Intervention.objects.published().showing_organisation(obj)


@admin.register(SourceDocument)
class SourceDocumentAdmin(ReviewedChangesMixin, HttpsLinksMixin, admin.ModelAdmin):
    """A source's title, publisher, dates and address show wherever a published entry cites
    it: an editor's change to them waits for review."""

    # Not versioned row by row: the admin's log, and the review steps of its changes.
    object_history_template = "admin/reviewed_log_history.html"
    list_display = ["title", "publisher", "kind", "published_on", "date_note", "revision_marker"]
    list_filter = ["kind", waiting_revision_filter(SourceDocument), "publisher"]
    search_fields = ["title", "publisher", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_on"
    fieldsets = [
        (None, {"fields": ["title", "slug", "publisher", "kind", "summary"]}),
        ("Date and address", {"fields": ["published_on", "date_note", "url"]}),
    ]

    def live_entries(self, obj):
        return Intervention.objects.published().showing_source(obj)

    def is_live(self, obj):
        # Every theme's page is public, and shows the source that defines it.
        return super().is_live(obj) or (obj is not None and obj.defined_themes.exists())


class PartnerRoleInline(admin.TabularInline):
    view_on_site = False
    model = PartnerRole
    fields = ["organisation", "role", "note"]
    autocomplete_fields = ["organisation"]
    extra = 0


class LessonInline(admin.StackedInline):
    """'What others learnt' on the entry's page: each lesson with the section it comes from."""

    view_on_site = False
    model = Lesson
    fields = [("key", "position"), "text", ("source", "source_section")]
    autocomplete_fields = ["source"]
    extra = 0


class AgeGroupInline(admin.TabularInline):
    """The ages a part of the entry works with, each with the section that gives them; the
    age filter finds the entry through any of them."""

    view_on_site = False
    model = AgeGroup
    fields = ["key", "label", "age_min", "age_max", "source", "source_section", "position"]
    autocomplete_fields = ["source"]
    extra = 0


class FundingInline(admin.TabularInline):
    view_on_site = False
    model = Funding
    formfield_overrides = FIGURES_AS_WRITTEN
    fields = [
        "key",
        "description",
        "funder",
        "amount_qualifier",
        "amount_gbp",
        "period",
        "source",
        "source_section",
    ]
    autocomplete_fields = ["funder", "source"]
    extra = 0


class EvidenceRatingInline(admin.StackedInline):
    """The entry's verdict, rated on the scale of the public "How we rate evidence" page."""

    view_on_site = False
    model = EvidenceRating
    verbose_name = "evidence rating (“Did it work?”)"
    verbose_name_plural = "evidence rating (“Did it work?”)"
    fields = [
        "verdict",
        "rests_on_self_reported_figures",
        "findings_summary",
        ("source", "source_section"),
        ("rated_by", "rated_on"),
    ]
    autocomplete_fields = ["source"]
    max_num = 1
    extra = 0


class OutcomeMetricInline(admin.StackedInline):
    view_on_site = False
    model = OutcomeMetric
    formfield_overrides = FIGURES_AS_WRITTEN
    fields = [
        ("key", "position"),
        ("measure", "measure_kind"),
        ("value_qualifier", "value", "unit", "direction"),
        ("baseline_value", "baseline_period"),
        ("follow_up_value", "follow_up_period"),
        ("cohort", "sample_size"),
        ("scope", "scope_section"),
        ("report", "source", "source_section"),
        "curator_note",
    ]
    autocomplete_fields = ["report", "source"]
    show_change_link = True
    extra = 0


# Added to the address of the "+" beside a report on an entry's form: the report's pop-up
# then leaves the link to the entry's form (see EvaluationReportAdmin.get_fieldsets).
LINKED_BY_OPENER = "_linked_by_opener"


class LinkedByOpenerWidgetWrapper(RelatedFieldWidgetWrapper):
    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["url_params"] += f"&{LINKED_BY_OPENER}=1"
        return context


class ReportLinkFormSet(BaseInlineFormSet):
    """Refuses to unlink the report an entry's verdict rests on."""

    def clean(self):
        super().clean()
        entry = self.instance
        if entry.pk is None or any(self.errors):
            return
        kept = {
            form.cleaned_data["evaluationreport"].pk
            for form in self.forms
            if form.cleaned_data.get("evaluationreport") and not self._should_delete_form(form)
        }
        unsupported = entries_left_unsupported(
            [entry], lambda entry, reports: [r for r in reports if r.pk in kept]
        )
        if unsupported:
            unlinked = entry.reports.exclude(pk__in=kept)
            raise ValidationError(unlinking_refused(unlinked, unsupported))


class ReportLinkInline(admin.TabularInline):
    view_on_site = False
    model = EvaluationReport.interventions.through
    formset = ReportLinkFormSet
    autocomplete_fields = ["evaluationreport"]
    verbose_name = "evaluation report"
    verbose_name_plural = "evaluation reports covering this intervention"
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        wrapper = getattr(formfield, "widget", None)
        if isinstance(wrapper, RelatedFieldWidgetWrapper):
            formfield.widget = LinkedByOpenerWidgetWrapper(
                wrapper.widget,
                wrapper.rel,
                wrapper.admin_site,
                can_add_related=wrapper.can_add_related,
                can_change_related=wrapper.can_change_related,
                can_delete_related=wrapper.can_delete_related,
                can_view_related=wrapper.can_view_related,
            )
        return formfield

    def get_queryset(self, request):
        # Each row is labelled with its report and intervention (curation.admin_app.describe_link).
        return super().get_queryset(request).select_related("evaluationreport", "intervention")


class SourceCitationInline(admin.TabularInline):
    view_on_site = False
    model = SourceCitation
    fields = ["source", "section"]
    autocomplete_fields = ["source"]
    extra = 0


class DueForReviewFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("due", "Due for review (not reviewed for 12 months, or never)"),
            ("current", "Reviewed in the last 12 months"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.due_for_review()
        if self.value() == "current":
            return queryset.exclude(pk__in=queryset.due_for_review().values("pk"))
        return queryset


class StartedByFilter(admin.SimpleListFilter):
    """'Started by me' in the entries list: the editor's home links here."""

    title = "started by"
    parameter_name = STARTED_BY_PARAMETER

    def lookups(self, request, model_admin):
        return [(STARTED_BY_ME, "Me")]

    def queryset(self, request, queryset):
        if self.value() == STARTED_BY_ME:
            return queryset.started_by(request.user)
        return queryset


class InterventionForm(ReviewedChangeForm):
    """Refuses a publish or unpublish from anyone who may not, even if the field is posted."""

    user = None

    def clean(self):
        cleaned = super().clean()
        if "publication_state" in self.fields and not may_publish(self.user):
            before = self.instance.publication_state if self.instance.pk else None
            after = cleaned.get("publication_state")
            if PublicationState.PUBLISHED in {before, after} and before != after:
                self.add_error(
                    "publication_state", "Only curators can publish or unpublish entries."
                )
        return cleaned


@admin.register(Intervention)
class InterventionAdmin(
    ReviewedChangesMixin,
    HttpsLinksMixin,
    PublicOnlyViewOnSiteMixin,
    CatalogueImportExportMixin,
    CatalogueHistoryAdmin,
):
    form = InterventionForm
    change_form_template = "admin/interventions/intervention/change_form.html"
    resource_classes = [InterventionResource]
    list_display = [
        "name",
        "publication_state_label",
        "evidence_stage",
        "status",
        "last_reviewed",
        "is_review_up_to_date",
        "revision_marker",
    ]
    list_filter = [
        "publication_state",
        waiting_revision_filter(Intervention),
        DueForReviewFilter,
        StartedByFilter,
        DataQualityFilter,
        "evidence_stage",
        "status",
        "themes",
        "forces__region",
    ]
    search_fields = ["name", "short_name", "slug", "summary", "organisations__name", "forces__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["themes", "forces"]
    date_hierarchy = "updated_at"
    show_full_result_count = False
    list_per_page = 50
    actions = ["send_for_review", "publish", "unpublish", "mark_reviewed_today"]
    inlines = [
        PartnerRoleInline,
        FundingInline,
        EvidenceRatingInline,
        OutcomeMetricInline,
        LessonInline,
        AgeGroupInline,
        ReportLinkInline,
        SourceCitationInline,
        ExternalEvidenceLinkInline,
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Inline link rows (reports covering the entry) are saved one by one, with no
        # m2m signal; the entry's facet keys are brought up to date once they all are.
        refresh_facet_keys([form.instance.pk])

    object_history_template = "admin/interventions/intervention/object_history.html"
    # Follows the public page: the summary, the facts at a glance, the full account, contact,
    # the curator's note; partner roles, funding, outcomes, reports and sources come below.
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "summary"]}),
        (
            "At a glance",
            {
                "fields": [
                    "evidence_stage",
                    ("status", "status_reported_year"),
                    "forces",
                    "themes",
                    "purposes",
                    "delivery_settings",
                    "target_group",
                    ("age_min", "age_max"),
                    ("start_year", "end_year"),
                ]
            },
        ),
        ("About this intervention", {"fields": ["description"]}),
        ("Contact", {"fields": ["website", "contact_email"]}),
        ("Curator's notes", {"fields": ["curator_note", "inference_note"]}),
        ("Private to staff", {"fields": ["staff_notes", "shared_practice"]}),
        (
            "Publication",
            {
                "fields": [
                    "publication_state",
                    "published_at",
                    "last_reviewed",
                    ("created_at", "updated_at"),
                ]
            },
        ),
    ]

    def get_urls(self):
        return [
            path(
                "<int:pk>/preview/",
                InterventionPreviewView.as_view(),
                name="interventions_intervention_preview",
            ),
            path(
                "data-quality/",
                self.admin_site.admin_view(self.data_quality_view),
                name="data_quality",
            ),
            *super().get_urls(),
        ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in {"purposes", "delivery_settings"}:
            # Short, fixed lists: tick boxes work without JavaScript and show every choice.
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # Publication workflow ------------------------------------------------------------------

    def has_publish_permission(self, request):
        return may_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = ["published_at", "created_at", "updated_at", "shared_practice"]
        if not may_publish(request.user):
            readonly.insert(0, "publication_state")
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        stored = (
            Intervention.objects.filter(pk=obj.pk)
            .values("publication_state", "published_at")
            .first()
            if change
            else None
        )
        before = stored["publication_state"] if stored else PublicationState.DRAFT
        if stored and stored["published_at"] is not None:
            # The first publication date stays, even when reverting to an older version.
            obj.published_at = stored["published_at"]
        after = obj.publication_state
        involves_publishing = PublicationState.PUBLISHED in {before, after} and before != after
        if involves_publishing and not may_publish(request.user):
            # Only reachable by reverting to a version in another state: keep the current one.
            obj.publication_state = before
            messages.warning(
                request,
                f"The entry stays “{PublicationState(before).label}”: only curators can "
                "publish or unpublish entries.",
            )
        elif before != after and not getattr(request, "reverting_to", None):
            obj._change_reason = (
                f"{PublicationState(before).label} → {PublicationState(after).label}"
            )
        super().save_model(request, obj, form, change)

    def report_move(self, request, selected, moved, done, why_not):
        # `selected` is counted before the move: in a list filtered by state (the admin
        # home's "waiting for review"), the moved rows no longer match the queryset.
        skipped = selected - moved
        message = f"{moved} {entries(moved)} {done}."
        if skipped:
            message += f" {skipped} {entries(skipped)} left unchanged: {why_not}."
        self.message_user(request, message, messages.SUCCESS if moved else messages.WARNING)

    @admin.action(description="Send selected entries for review", permissions=["change"])
    def send_for_review(self, request, queryset):
        selected = queryset.count()
        moved = queryset.send_for_review(by=request.user, reason="Sent for review (bulk action)")
        self.report_move(
            request, selected, moved, "sent for review", "only drafts can be sent for review"
        )

    @admin.action(description="Publish selected entries", permissions=["publish"])
    def publish(self, request, queryset):
        selected = queryset.count()
        moved = queryset.publish(by=request.user, reason="Published (bulk action)")
        self.report_move(request, selected, moved, "published", "already published")

    @admin.action(description="Unpublish selected entries (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        selected = queryset.count()
        moved = queryset.unpublish(by=request.user, reason="Unpublished (bulk action)")
        self.report_move(request, selected, moved, "unpublished", "not published")

    # Changes the live entries (their "last reviewed" date), so it is a curator's action.
    @admin.action(description="Mark selected entries as reviewed today", permissions=["publish"])
    def mark_reviewed_today(self, request, queryset):
        marked = queryset.mark_reviewed(
            by=request.user, reason="Marked as reviewed today (bulk action)"
        )
        self.message_user(request, f"{marked} {entries(marked)} marked as reviewed today.")

    # List columns ----------------------------------------------------------------------------

    @admin.display(description="State", ordering="publication_state")
    def publication_state_label(self, obj):
        return obj.get_publication_state_display()

    @admin.display(description="Review up to date", boolean=True, ordering="last_reviewed")
    def is_review_up_to_date(self, obj):
        a_year_ago = timezone.localdate() - timedelta(days=365)
        return obj.last_reviewed is not None and obj.last_reviewed >= a_year_ago

    def is_public(self, obj):
        return obj.is_published

    # Shared practice -------------------------------------------------------------------------

    @admin.display(description="Made from shared practice")
    def shared_practice(self, obj):
        """The submissions the draft was made from, and the documents sent with them.

        The documents come unscreened from the public: only those who may download them get
        links (interventions.roles), everyone else their names.
        """
        if obj is None or obj.pk is None:
            return "-"
        submissions = obj.source_submissions.prefetch_related("files")
        if not submissions:
            return "None"
        may_download = getattr(obj, "may_download_shared_files", False)
        return format_html_join(
            "",
            "<p>{}{}</p>",
            (
                (
                    format_html('<a href="{}">{}</a>', submission.get_admin_url(), submission),
                    shared_documents(submission.files.all(), may_download),
                )
                for submission in submissions
            ),
        )

    def get_object(self, request, object_id, from_field=None):
        # The read-only "made from shared practice" needs to know who is asking.
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj.may_download_shared_files = may_download_files(request.user)
        return obj

    def live_entries(self, obj):
        return Intervention.objects.published().filter(pk=obj.pk)

    # History ---------------------------------------------------------------------------------

    def inline_history(self, object_id):
        """Changes to the entry's partner roles, funding, rating, outcomes, sources and evidence
        links."""
        if not str(object_id).isdigit():
            return []
        kinds = [
            (PartnerRole, ["organisation"], lambda r: f"{r.organisation} ({r.get_role_display()})"),
            (Funding, [], lambda r: r.description),
            (EvidenceRating, [], lambda r: f"Evidence rating: {r.get_verdict_display()}"),
            (OutcomeMetric, [], lambda r: r.measure),
            (Lesson, [], lambda r: r.key),
            (AgeGroup, [], lambda r: f"Age group: {r.label}"),
            (SourceCitation, ["source"], lambda r: str(r.source)),
            (ExternalEvidenceLink, [], lambda r: f"{r.title} ({r.get_catalogue_display()})"),
        ]
        rows = []
        for model, related, describe in kinds:
            records = (
                model.history.filter(intervention_id=object_id)
                .select_related("history_user", *related)
                .order_by("-history_date", "-history_id")[:200]
            )
            rows += related_history(model, records, describe)
        return sorted(rows, key=lambda row: row["date"], reverse=True)

    # Data quality ----------------------------------------------------------------------------

    def data_quality_view(self, request):
        if not request.user.has_perm("interventions.view_data_quality"):
            raise MissingPermission("interventions.view_data_quality")
        context = {
            **self.admin_site.each_context(request),
            "title": "Data quality",
            "rows": data_quality_report(request.user),
        }
        return TemplateResponse(request, "admin/data_quality.html", context)


def shared_documents(documents, may_download):
    if not documents:
        return ""
    if may_download:
        names = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((document.get_download_url(), document.original_name) for document in documents),
        )
        return format_html(". Documents sent with it (private): {}", names)
    names = ", ".join(document.original_name for document in documents)
    return format_html(". Documents sent with it (private; curators download them): {}", names)


def entries(count):
    return "entry" if count == 1 else "entries"
