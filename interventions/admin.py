from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from interventions.models import (
    Force,
    Funding,
    Intervention,
    Organisation,
    PartnerRole,
    Purpose,
    Setting,
    SourceCitation,
    SourceDocument,
    Theme,
)


@admin.register(Force)
class ForceAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "country"]
    list_filter = ["region", "country"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Purpose, Setting)
class OrderedLookupAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "force_area"]
    list_filter = ["kind"]
    list_select_related = ["force_area"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["force_area"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "kind", "published_on"]
    list_filter = ["kind", "publisher"]
    search_fields = ["title", "publisher"]
    prepopulated_fields = {"slug": ["title"]}


class PartnerRoleInline(admin.TabularInline):
    model = PartnerRole
    autocomplete_fields = ["organisation"]
    extra = 0


class SourceCitationInline(admin.TabularInline):
    model = SourceCitation
    extra = 0


class FundingInline(admin.TabularInline):
    model = Funding
    autocomplete_fields = ["funder"]
    extra = 0


@admin.register(Intervention)
class InterventionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "evidence_stage", "status", "publication_state"]
    list_filter = ["publication_state", "evidence_stage", "status", "themes", "forces__region"]
    search_fields = ["name", "short_name", "summary", "organisations__name", "forces__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["themes", "forces"]
    filter_horizontal = ["purposes", "delivery_settings"]
    date_hierarchy = "updated_at"
    inlines = [PartnerRoleInline, FundingInline, SourceCitationInline]
    readonly_fields = ["published_at", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "summary", "description"]}),
        (
            "Classification",
            {"fields": ["themes", "forces", "purposes", "delivery_settings", "evidence_stage"]},
        ),
        (
            "Who and when",
            {"fields": ["target_group", "age_min", "age_max", "status", "start_year", "end_year"]},
        ),
        ("Contact", {"fields": ["website", "contact_email"]}),
        (
            "Publication",
            {
                "fields": [
                    "publication_state",
                    "published_at",
                    "last_reviewed",
                    "curator_note",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
