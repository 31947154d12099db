from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from submissions.models import (
    Submission,
    SubmissionFile,
    SubmissionKind,
    may_decide,
    may_download_files,
)

SUBMITTED_FIELDSETS = [
    (
        "Submitter",
        {
            "fields": [
                "submitter_name",
                "submitter_role",
                "submitter_email",
                "submitter_phone",
                "force",
                "organisation_name",
                "consent_to_contact",
                "notify_on_publication",
                "publication_notified_at",
            ]
        },
    ),
    (
        "The intervention",
        {
            "fields": [
                "intervention_name",
                "what_it_does",
                "purpose_names",
                "area_names",
                "theme_names",
                "target_group",
                "age_min",
                "age_max",
                "where_it_runs",
                "running_since",
                "partners",
                "funding",
                "evaluation",
                "sensitive_tactics",
                "sensitive_tactics_note",
            ]
        },
    ),
    ("Correction", {"fields": ["intervention", "correction_details", "correction_source"]}),
]


class SubmissionFileInline(admin.TabularInline):
    model = SubmissionFile
    fields = ["download", "file_type", "size_bytes", "sha256", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = "supporting document"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # Whoever may read the submission sees its list of files; downloading them
        # needs the separate download permission.
        return request.user.has_perm("submissions.view_submission")

    @admin.display(description="File")
    def download(self, document):
        if self.can_download:
            return format_html(
                '<a href="{}">{}</a>', document.get_download_url(), document.original_name
            )
        return document.original_name

    def get_formset(self, request, obj=None, **kwargs):
        self.can_download = may_download_files(request.user)
        return super().get_formset(request, obj, **kwargs)


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "status",
        "kind",
        "subject",
        "submitter",
        "force_or_organisation",
        "created_at",
    ]
    list_display_links = ["reference"]
    list_filter = ["status", "kind", "sensitive_tactics", "created_at"]
    list_select_related = ["force", "intervention"]
    search_fields = [
        "reference",
        "submitter_name",
        "submitter_email",
        "intervention_name",
        "organisation_name",
        "force__name",
        "intervention__name",
    ]
    date_hierarchy = "created_at"
    show_full_result_count = False
    inlines = [SubmissionFileInline]
    actions = ["create_draft_intervention"]
    readonly_fields = [
        "reference",
        "kind",
        "created_at",
        "handler",
        "handled_at",
        "draft_link",
        *[field for _name, options in SUBMITTED_FIELDSETS for field in options["fields"]],
    ]
    fieldsets = [
        (
            "Decision",
            {
                "fields": [
                    "reference",
                    "kind",
                    "created_at",
                    "status",
                    "curator_notes",
                    "handler",
                    "handled_at",
                    "draft_link",
                ]
            },
        ),
        *SUBMITTED_FIELDSETS,
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.fieldsets
        unused = "The intervention" if obj.kind == SubmissionKind.CORRECTION else "Correction"
        return [fieldset for fieldset in self.fieldsets if fieldset[0] != unused]

    def has_add_permission(self, request):
        # Submissions arrive only through the public form.
        return False

    def get_readonly_fields(self, request, obj=None):
        if may_decide(request.user):
            return self.readonly_fields
        # Editors keep notes; the status is a curator's decision.
        return ["status", *self.readonly_fields]

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            obj.record_status_change(request.user)
        super().save_model(request, obj, form, change)

    @admin.display(description="About", ordering="intervention_name")
    def subject(self, submission):
        return submission.subject_name

    @admin.display(description="Submitter", ordering="submitter_name")
    def submitter(self, submission):
        return submission.submitter_name

    @admin.display(description="Force or organisation")
    def force_or_organisation(self, submission):
        return submission.force_or_organisation

    @admin.display(description="Kinds of intervention")
    def purpose_names(self, submission):
        return ", ".join(purpose.name for purpose in submission.purposes.all()) or "None"

    @admin.display(description="Areas of interest")
    def area_names(self, submission):
        return ", ".join(submission.get_areas_of_interest_display()) or "None"

    @admin.display(description="Themes")
    def theme_names(self, submission):
        return ", ".join(theme.name for theme in submission.themes.all()) or "None"

    @admin.display(description="Handled by")
    def handler(self, submission):
        # The name only: a read-only user field links to the users' admin, which neither
        # role may open.
        return submission.handled_by or "-"

    @admin.display(description="Draft created")
    def draft_link(self, submission):
        draft = submission.created_intervention
        if draft is None:
            return "None yet"
        return format_html(
            '<a href="{}">{}</a> ({})',
            reverse("admin:interventions_intervention_change", args=[draft.pk]),
            draft.name,
            draft.get_publication_state_display(),
        )

    def has_create_draft_permission(self, request):
        return request.user.has_perm("interventions.add_intervention") and request.user.has_perm(
            "submissions.change_submission"
        )

    @admin.action(
        description="Create draft intervention from selected practice",
        permissions=["create_draft"],
    )
    def create_draft_intervention(self, request, queryset):
        created, skipped, sensitive = [], [], []
        for submission in queryset.prefetch_related("purposes", "themes"):
            if not submission.may_be_drafted_by(request.user):
                skipped.append(submission.reference)
                continue
            draft = submission.create_draft_intervention(request.user)
            created.append(draft)
            if submission.sensitive_tactics:
                sensitive.append(draft.name)
        if created:
            links = format_html_join(
                ", ",
                '<a href="{}">{}</a>',
                (
                    (reverse("admin:interventions_intervention_change", args=[draft.pk]), draft)
                    for draft in created
                ),
            )
            self.message_user(
                request,
                format_html(
                    "Created {} draft intervention{}: {}. Complete and publish them as usual.",
                    len(created),
                    "" if len(created) == 1 else "s",
                    links,
                ),
                messages.SUCCESS,
            )
        if sensitive:
            self.message_user(
                request,
                "Redact before publishing: the submitter said {} involve sensitive tactics or "
                "law enforcement activity.".format(", ".join(sensitive)),
                messages.WARNING,
            )
        if created and not may_decide(request.user):
            self.message_user(
                request,
                "The status of the submissions is unchanged: a curator decides whether to "
                "accept them.",
                messages.INFO,
            )
        if skipped:
            declined = "" if may_decide(request.user) else ", declined practice"
            self.message_user(
                request,
                "Skipped {}: corrections{}, and practice that already has a draft, cannot "
                "become a new draft.".format(", ".join(skipped), declined),
                messages.WARNING,
            )
