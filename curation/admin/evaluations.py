from django.contrib import admin

from curation.admin.interventions import (
    FIGURES_AS_WRITTEN,
    LINKED_BY_OPENER,
    HttpsLinksMixin,
    PublicOnlyViewOnSiteMixin,
)
from curation.history import CatalogueHistoryAdmin
from curation.imports import CatalogueImportExportMixin
from curation.quality import DataQualityFilter
from curation.revisions import ReviewedChangeForm, ReviewedChangesMixin, waiting_revision_filter
from evaluations.models import (
    EvaluationReport,
    OutcomeMetric,
    SeminarSession,
    entries_unsupported_without,
    unlinking_refused,
)
from evaluations.resources import EvaluationReportResource, OutcomeMetricResource
from interventions.models import Intervention


class EvaluationReportForm(ReviewedChangeForm):
    """Refuses to stop covering an entry whose verdict rests on the report."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or "interventions" not in cleaned:
            return cleaned
        chosen = [entry.pk for entry in cleaned["interventions"] or []]
        dropped = Intervention.objects.filter(reports=self.instance).exclude(pk__in=chosen)
        unsupported = entries_unsupported_without(self.instance, dropped)
        if unsupported:
            self.add_error("interventions", unlinking_refused([self.instance], unsupported))
        return cleaned


@admin.register(EvaluationReport)
class EvaluationReportAdmin(
    ReviewedChangesMixin,
    HttpsLinksMixin,
    PublicOnlyViewOnSiteMixin,
    CatalogueImportExportMixin,
    CatalogueHistoryAdmin,
):
    form = EvaluationReportForm
    resource_classes = [EvaluationReportResource]
    object_history_template = "admin/reviewed_object_history.html"
    list_display = [
        "title",
        "report_type",
        "file_format",
        "file_size_display",
        "date_display",
        "has_url",
        "source",
        "revision_marker",
    ]
    list_filter = [
        "report_type",
        "design_level",
        "independent",
        "is_published",
        "file_format",
        "method",
        DataQualityFilter,
        waiting_revision_filter(EvaluationReport),
        "source",
    ]
    list_select_related = ["source"]
    search_fields = ["title", "slug", "interventions__name", "evaluator__name", "publisher__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["interventions", "publisher", "evaluator", "source"]
    date_hierarchy = "published_on"
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["title", "slug", "report_type", "summary"]}),
        ("Interventions it covers", {"fields": ["interventions"]}),
        ("Who and when", {"fields": ["publisher", "evaluator", "published_on", "date_note"]}),
        ("The file", {"fields": ["url", "file_format", "file_size_bytes", "method"]}),
        (
            "Design, independence and publication",
            {
                "description": (
                    "As the documents state them, each with its source section. Where you judge "
                    "from the text, begin the basis with “Curator's judgement:”. Where no "
                    "document says, leave “Not known”."
                ),
                "fields": [
                    ("design_level", "design_basis"),
                    ("independent", "independence_basis"),
                    ("is_published", "published_basis"),
                ],
            },
        ),
        ("Where it is listed", {"fields": ["source", "source_section"]}),
        ("Curator's note", {"fields": ["curator_note"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None and LINKED_BY_OPENER in request.GET:
            # Added with the "+" beside a report on an entry's form: saving that form links
            # the two, and choosing the entry here as well would link them twice.
            return [
                (
                    name,
                    {
                        "fields": [],
                        "description": "Saving the entry's form links this report to it. "
                        "Link it to other interventions later, on the report's own page.",
                    },
                )
                if name == "Interventions it covers"
                else (name, options)
                for name, options in fieldsets
            ]
        return fieldsets

    @admin.display(description="Web address", boolean=True, ordering="url")
    def has_url(self, obj):
        return bool(obj.url)

    @admin.display(description="Size", ordering="file_size_bytes")
    def file_size_display(self, obj):
        return obj.file_size_display

    @admin.display(description="Date", ordering="published_on")
    def date_display(self, obj):
        return obj.date_display

    def is_public(self, obj):
        return obj.interventions.published().exists()

    def get_deleted_objects(self, objs, request):
        """A report an entry's verdict rests on is protected: its page and the bulk delete
        both refuse, naming the verdict."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for report in objs:
            unsupported = entries_unsupported_without(
                report, Intervention.objects.filter(reports=report)
            )
            if unsupported:
                protected = [*protected, unlinking_refused([report], unsupported)]
        return deleted, counts, perms_needed, protected

    def live_entries(self, obj):
        # A report shared by several entries is one revision; the review page lists them all.
        return Intervention.objects.published().filter(reports=obj)


@admin.register(OutcomeMetric)
class OutcomeMetricAdmin(
    ReviewedChangesMixin,
    PublicOnlyViewOnSiteMixin,
    CatalogueImportExportMixin,
    CatalogueHistoryAdmin,
):
    resource_classes = [OutcomeMetricResource]
    object_history_template = "admin/reviewed_object_history.html"
    formfield_overrides = FIGURES_AS_WRITTEN
    list_display = [
        "measure",
        "intervention",
        "value_display",
        "direction",
        "report",
        "source",
        "revision_marker",
    ]
    list_filter = [
        "measure_kind",
        "scope",
        "unit",
        "direction",
        DataQualityFilter,
        waiting_revision_filter(OutcomeMetric),
        "source",
    ]
    list_select_related = ["intervention", "report", "source"]
    search_fields = ["measure", "key", "cohort", "intervention__name", "intervention__slug"]
    autocomplete_fields = ["intervention", "report", "source"]
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["intervention", "key", "position"]}),
        ("What was measured", {"fields": ["measure", "measure_kind", "cohort", "sample_size"]}),
        ("Whom it counts", {"fields": ["scope", "scope_section"]}),
        (
            "The figure",
            {"fields": [("value_qualifier", "value"), "unit", "direction"]},
        ),
        (
            "Before and after",
            {
                "fields": [
                    ("baseline_value", "baseline_period"),
                    ("follow_up_value", "follow_up_period"),
                ]
            },
        ),
        ("Where it comes from", {"fields": ["report", "source", "source_section", "curator_note"]}),
    ]

    @admin.display(description="Figure", ordering="value")
    def value_display(self, obj):
        return obj.value_display

    def is_public(self, obj):
        return obj.intervention.is_published

    def live_entries(self, obj):
        return Intervention.objects.published().filter(pk=obj.intervention_id)


@admin.register(SeminarSession)
class SeminarSessionAdmin(ReviewedChangesMixin, admin.ModelAdmin):
    list_display = ["number", "title", "date", "time_note", "source"]
    list_select_related = ["source"]
    search_fields = ["title", "slug", "interventions__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["interventions", "source"]
    date_hierarchy = "date"
    fields = ["number", "title", "slug", "date", "time_note", "interventions", "source"]

    def live_entries(self, obj):
        return Intervention.objects.published().filter(seminar_sessions=obj)
