import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from interventions.models import Force, Intervention, PublicationState, Purpose, Theme
from submissions.storage import get_private_storage, random_file_name


class SubmissionKind(models.TextChoices):
    NEW_PRACTICE = "new-practice", "New practice"
    CORRECTION = "correction", "Correction or update"


class SubmissionStatus(models.TextChoices):
    NEW = "new", "New"
    UNDER_REVIEW = "under-review", "Under review"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class AreaOfInterest(models.TextChoices):
    """The areas the VKPP call for practice (closing 21 February 2020) asks about most."""

    CHILDREN_AND_YOUNG_PEOPLE = "children-and-young-people", "Children and young people"
    MULTIPLE_VULNERABILITIES = "multiple-vulnerabilities", "Multiple vulnerabilities"
    NATIONAL_PRIORITIES = "national-priorities", "Aligned to national priorities"
    ONLINE_CHILD_ABUSE = (
        "online-child-abuse",
        "Online child abuse (sexual or grooming for criminal exploitation)",
    )
    KNIFE_CRIME = "knife-crime", "Knife crime"
    GANGS = "gangs", "Gangs"
    COUNTY_LINES = "county-lines", "County lines"
    CRIMINAL_EXPLOITATION = (
        "criminal-exploitation",
        "The criminal exploitation of young people",
    )


class DocumentType(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word document"
    XLSX = "xlsx", "Excel spreadsheet"
    PPTX = "pptx", "PowerPoint presentation"

    @classmethod
    def mime_type(cls, value):
        office = "application/vnd.openxmlformats-officedocument"
        return {
            cls.PDF: "application/pdf",
            cls.DOCX: f"{office}.wordprocessingml.document",
            cls.XLSX: f"{office}.spreadsheetml.sheet",
            cls.PPTX: f"{office}.presentationml.presentation",
        }[value]


DECIDE_PERMISSION = "submissions.decide_submission"
DOWNLOAD_PERMISSION = "submissions.view_submission_file"


def may_decide(user):
    """Whether the user sets submissions' status: accepts, declines, puts under review."""
    return user is not None and user.is_active and user.has_perm(DECIDE_PERMISSION)


def may_download_files(user):
    return user is not None and user.is_active and user.has_perm(DOWNLOAD_PERMISSION)


class SubmissionQuerySet(models.QuerySet):
    def save_with_reference(self, submission):
        """Save a new submission under a fresh random reference, retrying on the rare clash."""
        for _attempt in range(10):
            submission.reference = Submission.new_reference()
            try:
                with transaction.atomic():
                    submission.save(force_insert=True)
            except IntegrityError:
                if not self.filter(reference=submission.reference).exists():
                    raise
                continue
            return submission
        raise IntegrityError("Could not find a free submission reference.")


class Submission(models.Model):
    """Practice or a correction sent through the public form; seen only by curators.

    Submissions have no get_absolute_url on purpose: they never have a public page.
    """

    reference = models.CharField(max_length=20, unique=True, editable=False)
    kind = models.CharField(
        max_length=20, choices=SubmissionKind.choices, default=SubmissionKind.NEW_PRACTICE
    )
    status = models.CharField(
        max_length=20,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.NEW,
        help_text="Changing it records you as the person who handled the submission.",
    )

    submitter_name = models.CharField("name", max_length=200)
    submitter_role = models.CharField("role", max_length=200)
    submitter_email = models.EmailField("email address")
    submitter_phone = models.CharField("phone number", max_length=40, blank=True)
    force = models.ForeignKey(
        Force, null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    organisation_name = models.CharField(
        "organisation",
        max_length=200,
        blank=True,
        help_text="As the submitter typed it, when their organisation is not a listed force.",
    )
    consent_to_contact = models.BooleanField(default=False)
    notify_on_publication = models.BooleanField(
        "tell them when it is published",
        default=False,
        help_text="The submitter asked to be emailed when their practice is published.",
    )
    publication_notified_at = models.DateTimeField(
        "told of publication",
        null=True,
        blank=True,
        help_text="When the submitter was emailed that the entry made from it is published.",
    )

    intervention_name = models.CharField(max_length=200, blank=True)
    what_it_does = models.TextField(blank=True)
    purposes = models.ManyToManyField(Purpose, blank=True, related_name="submissions")
    areas_of_interest = models.JSONField(
        default=list, blank=True, help_text="Areas of interest named in the call for practice."
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="submissions")
    target_group = models.CharField(max_length=300, blank=True)
    age_min = models.PositiveSmallIntegerField(null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(null=True, blank=True)
    where_it_runs = models.TextField(blank=True)
    running_since = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The year it started, as the submitter gave it."
    )
    partners = models.TextField(blank=True)
    funding = models.TextField(blank=True)
    evaluation = models.TextField("evaluation or monitoring", blank=True)
    sensitive_tactics = models.BooleanField(
        default=False,
        help_text="The submitter says it involves tactics that need redaction before publishing.",
    )
    sensitive_tactics_note = models.TextField(blank=True)

    intervention = models.ForeignKey(
        Intervention,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="corrections",
        verbose_name="catalogue entry",
        help_text="The published entry a correction is about.",
    )
    correction_details = models.TextField("what is wrong or new", blank=True)
    correction_source = models.TextField("source", blank=True)

    curator_notes = models.TextField(
        blank=True, help_text="Private notes for curators. Never shown to the submitter."
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_submissions",
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    created_intervention = models.ForeignKey(
        Intervention,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_submissions",
        verbose_name="draft created",
        help_text="The draft entry made from this submission.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        permissions = [
            ("decide_submission", "Can set the status of submissions"),
        ]
        constraints = [
            models.CheckConstraint(
                name="submission_age_min_not_above_age_max",
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=F("age_max")),
            ),
            models.CheckConstraint(
                name="submission_age_max_plausible",
                condition=Q(age_max__isnull=True) | Q(age_max__lte=120),
            ),
        ]
        indexes = [
            # The curators' queue, filtered by status and newest first.
            models.Index(fields=["status", "-created_at"], name="submission_queue"),
        ]

    def __str__(self):
        return self.reference

    def clean(self):
        errors = {}
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors["age_max"] = "The oldest age cannot be below the youngest age."
        if self.age_max is not None and self.age_max > 120:
            errors["age_max"] = "Ages above 120 are not plausible."
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def new_reference():
        year = timezone.localdate().year
        return f"VKPP-{year}-{secrets.randbelow(1_000_000):06d}"

    @property
    def subject_name(self):
        """What the submission is about, as a curator scanning the queue needs it."""
        if self.kind == SubmissionKind.CORRECTION:
            return self.intervention.name if self.intervention else "(entry since removed)"
        return self.intervention_name

    @property
    def force_or_organisation(self):
        parts = [str(self.force) if self.force else "", self.organisation_name]
        return ", ".join(part for part in parts if part)

    def get_areas_of_interest_display(self):
        labels = dict(AreaOfInterest.choices)
        return [labels[value] for value in self.areas_of_interest if value in labels]

    def record_status_change(self, user):
        self.handled_by = user
        self.handled_at = timezone.now()

    def get_admin_url(self):
        return reverse("admin:submissions_submission_change", args=[self.pk])

    @property
    def can_become_draft(self):
        return self.kind == SubmissionKind.NEW_PRACTICE and self.created_intervention_id is None

    def may_be_drafted_by(self, user):
        """Declined practice becomes a draft only if someone who may decide reverses that."""
        return self.can_become_draft and (
            self.status != SubmissionStatus.DECLINED or may_decide(user)
        )

    @transaction.atomic
    def create_draft_intervention(self, user):
        """Start a draft catalogue entry from this submission; a curator completes it.

        Everything the form collected goes to the draft: into the entry's own fields where it
        has one, and into its private staff notes where it has none. The documents sent with
        it stay in private storage and are listed on the draft's admin page, downloadable by
        curators only. Someone who may decide on submissions accepts it by doing so; anyone
        else leaves its status for a curator to set.
        """
        draft = Intervention(
            name=self.intervention_name,
            slug=_free_intervention_slug(self.intervention_name, self.reference),
            summary=self.what_it_does,
            target_group=self.target_group,
            age_min=self.age_min,
            age_max=self.age_max,
            start_year=self.running_since,
            staff_notes=self.draft_notes(),
            publication_state=PublicationState.DRAFT,
        )
        draft._history_user = user
        draft._change_reason = f"Created from shared practice {self.reference}"
        draft.save()
        draft.purposes.set(self.purposes.all())
        draft.themes.set(self.themes.all())
        if self.force_id:
            draft.forces.set([self.force_id])
        self.created_intervention = draft
        if may_decide(user) and self.status != SubmissionStatus.ACCEPTED:
            self.status = SubmissionStatus.ACCEPTED
            self.record_status_change(user)
        self.save()
        return draft

    def draft_notes(self):
        """What the form collected that a catalogue entry has no field for, as staff notes.

        The submitter's email address and phone number stay on the submission, which the
        notes name: a curator who needs them follows the link from the draft.
        """

        def yes_no(value):
            return "Yes" if value else "No"

        sections = [
            ("Shared practice", f"{self.reference}, sent {self.created_at:%-d %B %Y}"),
            ("Sent by", f"{self.submitter_name}, {self.submitter_role}"),
            ("Police force", str(self.force) if self.force_id else ""),
            ("Organisation", self.organisation_name),
            ("Agreed to be contacted", yes_no(self.consent_to_contact)),
            ("Areas of interest", ", ".join(self.get_areas_of_interest_display())),
            ("Where it runs", self.where_it_runs),
            ("Partners", self.partners),
            ("Funding", self.funding),
            ("Evaluation or monitoring", self.evaluation),
            ("Sensitive tactics needing redaction", yes_no(self.sensitive_tactics)),
            ("What would need redacting", self.sensitive_tactics_note),
            (
                "Documents sent (private: on the draft's admin page, for curators)",
                ", ".join(document.original_name for document in self.files.all()),
            ),
        ]
        return "\n\n".join(f"{label}:\n{text.strip()}" for label, text in sections if text)


def _free_intervention_slug(name, reference):
    base = slugify(name)[:180] or slugify(reference)
    slug, number = base, 1
    while Intervention.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


class SubmissionFile(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(storage=get_private_storage, upload_to=random_file_name, max_length=100)
    original_name = models.CharField(
        max_length=255, help_text="The file's name on the sender's computer. Never used on disk."
    )
    file_type = models.CharField(
        max_length=10, choices=DocumentType.choices, help_text="Recognised from the content."
    )
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "pk"]
        permissions = [
            ("view_submission_file", "Can download files sent with submissions"),
        ]

    def __str__(self):
        return self.original_name

    def get_download_url(self):
        return reverse("submissions:file", args=[self.pk])

    @property
    def download_name(self):
        """The sender's file name, with the extension of what the file really is."""
        stem = self.original_name
        extension = f".{self.file_type}"
        if not stem.lower().endswith(extension):
            stem = f"{stem}{extension}"
        return stem

    @property
    def mime_type(self):
        return DocumentType.mime_type(self.file_type)


@receiver(post_delete, sender=SubmissionFile)
def delete_stored_file(sender, instance, **kwargs):
    """Deleting a submission or one of its files also removes the file from disk."""
    if instance.file.name:
        instance.file.storage.delete(instance.file.name)
