import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator, slug_re
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from interventions.models import Force, Intervention, Purpose, Theme
from submissions.models import AreaOfInterest, Submission, SubmissionFile, SubmissionKind
from submissions.validators import inspect_upload

EARLIEST_START_YEAR = 1950
PHONE_PATTERN = re.compile(r"^[0-9 +()\-.]{6,40}$")

NULL_CHARACTER_MESSAGE = (
    "This contains a hidden null character that cannot be stored. Retype it, or paste it "
    "as plain text."
)


def _text_messages(label, max_length=None):
    messages = {"required": f"Enter {label}"}
    if max_length:
        messages["max_length"] = (
            f"{label[0].upper()}{label[1:]} must be {max_length} characters or fewer "
            "(it has %(show_value)s)"
        )
    return messages


def text_field(label, description, max_length, required=True, textarea=False, help_text=""):
    """A text field whose error messages name what is wrong in plain words."""
    widget = forms.Textarea(attrs={"rows": 5}) if textarea else forms.TextInput()
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=widget,
        error_messages=_text_messages(description, max_length),
    )


def _is_slug(value):
    return isinstance(value, str) and len(value) <= 200 and bool(slug_re.match(value))


class SlugChoiceField(forms.ModelChoiceField):
    """Chooses a row by slug; anything that is not slug-shaped never reaches the database."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not _is_slug(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SlugMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        if any(not _is_slug(item) for item in value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super()._check_values(value)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files from one input; each is checked by the form's clean_<name>()."""

    widget = MultipleFileInput

    def to_python(self, data):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [item for item in files if getattr(item, "name", None) is not None]

    def clean(self, data, initial=None):
        files = self.to_python(data)
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        return files


# Who is sending and how to reach them, asked first or last on both forms.
CONTACT_FIELDS = ["submitter_name", "submitter_role", "submitter_email", "submitter_phone"]


class SubmissionForm(forms.ModelForm):
    """A public form that saves a Submission of ``submission_kind``: who is sending, how to
    reach them, and the honeypot that catches form-filling bots.

    Each form lists its fields once, in the order they are asked, in ``Meta.fields``; the
    fields declared here carry the wording and limits the public sees. ``files`` and
    ``website`` are the form's own, not the model's.
    """

    submission_kind = None

    submitter_name = text_field("Your name", "your name", 200)
    submitter_role = text_field(
        "Your role", "your role", 200, help_text="For example, 'Detective Inspector, Safeguarding'."
    )
    submitter_email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We send a confirmation with your reference number here.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": "Your email address must be 254 characters or fewer",
        },
    )
    submitter_phone = forms.CharField(
        label="Phone number (optional)",
        max_length=40,
        required=False,
        error_messages={"max_length": "Your phone number must be 40 characters or fewer"},
    )
    consent_to_contact = forms.BooleanField(
        label="The VKPP may contact me about this submission",
        error_messages={
            "required": "Tick the box to agree that the VKPP may contact you about this "
            "submission: we cannot review it without being able to ask questions"
        },
    )
    # Hidden from people by the template; bots that fill every field fill this one too.
    website = forms.CharField(label="Leave this field empty", required=False)

    autocomplete = {
        "submitter_name": "name",
        "submitter_role": "organization-title",
        "submitter_email": "email",
        "submitter_phone": "tel",
        "website": "off",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators = [
                ProhibitNullCharactersValidator(message=NULL_CHARACTER_MESSAGE)
                if isinstance(validator, ProhibitNullCharactersValidator)
                else validator
                for validator in field.validators
            ]
        for name, token in self.autocomplete.items():
            if name in self.fields:
                self.fields[name].widget.attrs["autocomplete"] = token
        self.fields["submitter_email"].widget.attrs["spellcheck"] = "false"
        self.fields["submitter_phone"].widget.input_type = "tel"
        self.fields["website"].widget.attrs["tabindex"] = "-1"

    @classmethod
    def typed_answers(cls, data):
        """(label, text) for each question answered by typing, in the form's order.

        For showing back read-only when a post cannot be trusted: choices, files and the
        honeypot are left out.
        """
        typed = []
        for name, field in cls.base_fields.items():
            value = data.get(name, "")
            typed_in = isinstance(field, forms.CharField | forms.IntegerField)
            if typed_in and name != "website" and value.strip():
                typed.append((field.label, value))
        return typed

    @property
    def is_from_a_bot(self):
        return bool(self.data.get("website", "").strip())

    def clean_submitter_phone(self):
        phone = self.cleaned_data["submitter_phone"].strip()
        if phone and not PHONE_PATTERN.match(phone):
            raise ValidationError(
                "Enter a phone number using only digits, spaces and + ( ) -, like 01234 567890"
            )
        return phone

    def clean_submitter_email(self):
        return self.cleaned_data["submitter_email"].strip()

    def save(self):
        """Save the submission under a fresh reference, with its many-to-many choices."""
        submission = super().save(commit=False)
        submission.kind = self.submission_kind
        Submission.objects.save_with_reference(submission)
        self.save_m2m()
        return submission


def purpose_label(purpose):
    return f"{purpose.name}: {purpose.description}" if purpose.description else purpose.name


class SharePracticeForm(SubmissionForm):
    submission_kind = SubmissionKind.NEW_PRACTICE

    force = SlugChoiceField(
        label="Police force",
        queryset=Force.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Choose a force",
        help_text="If you work for another organisation, type its name in the next box "
        "instead, or as well.",
        error_messages={"invalid_choice": "Choose a police force from the list"},
    )
    organisation_name = text_field(
        "Organisation, if it is not a police force in the list",
        "the organisation's name",
        200,
        required=False,
        help_text="For example, a violence reduction unit, council or charity.",
    )
    intervention_name = text_field("Name of the intervention", "the intervention's name", 200)
    what_it_does = text_field(
        "What it does",
        "what the intervention does",
        5000,
        textarea=True,
        help_text="What happens, who delivers it, and what it aims to change.",
    )
    purposes = SlugMultipleChoiceField(
        label="What kind of intervention is it?",
        queryset=Purpose.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose all that apply.",
        error_messages={
            "required": "Choose at least one kind of intervention",
            "invalid_choice": "Choose kinds of intervention from the list",
            "invalid_pk_value": "Choose kinds of intervention from the list",
        },
    )
    areas_of_interest = forms.MultipleChoiceField(
        label="Areas of particular interest it covers (optional)",
        choices=AreaOfInterest.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The areas the VKPP is most interested in. Choose all that apply.",
        error_messages={"invalid_choice": "Choose areas of interest from the list"},
    )
    themes = SlugMultipleChoiceField(
        label="Catalogue themes it touches (optional)",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Choose themes from the list",
            "invalid_pk_value": "Choose themes from the list",
        },
    )
    target_group = text_field(
        "Who it works with",
        "who the intervention works with",
        300,
        help_text="For example, 'Young people at risk of exploitation and their families'.",
    )
    age_min = forms.IntegerField(
        label="Youngest age (optional)",
        required=False,
        min_value=0,
        max_value=120,
        error_messages={
            "invalid": "Enter the youngest age as a whole number, like 10",
            "min_value": "The youngest age must be 0 or more",
            "max_value": "The youngest age must be 120 or less",
        },
    )
    age_max = forms.IntegerField(
        label="Oldest age (optional)",
        required=False,
        min_value=0,
        max_value=120,
        error_messages={
            "invalid": "Enter the oldest age as a whole number, like 25",
            "min_value": "The oldest age must be 0 or more",
            "max_value": "The oldest age must be 120 or less",
        },
    )
    where_it_runs = text_field(
        "Where it runs",
        "where the intervention runs",
        1000,
        textarea=True,
        help_text="Force-wide, a district, a town, particular schools or hospitals...",
    )
    running_since = forms.IntegerField(
        label="Year it started (optional)",
        required=False,
        help_text="For example, 2019.",
    )
    partners = text_field(
        "Partners (optional)", "the partners", 3000, required=False, textarea=True
    )
    funding = text_field(
        "Funding (optional)",
        "the funding",
        3000,
        required=False,
        textarea=True,
        help_text="Who funds it, and for how long, if you can say.",
    )
    evaluation = text_field(
        "Evaluation or monitoring (optional)",
        "the evaluation or monitoring",
        3000,
        required=False,
        textarea=True,
        help_text="Any evaluation, review or monitoring so far, and what it found.",
    )
    sensitive_tactics = forms.TypedChoiceField(
        label="Does it involve sensitive tactics or law enforcement activity that would need "
        "redacting before it is shared?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Say whether it involves sensitive tactics that need redaction",
            "invalid_choice": "Choose yes or no",
        },
    )
    sensitive_tactics_note = text_field(
        "What would need redacting? (if yes)",
        "what would need redacting",
        2000,
        required=False,
        textarea=True,
    )
    notify_on_publication = forms.BooleanField(
        label="Tell me when my practice is published",
        required=False,
        initial=False,
        help_text="If it becomes an entry in the catalogue, we email you once, with a link "
        "to its page, when it is published.",
    )
    files = MultipleFileField(
        label="Documents to send (optional)",
        required=False,
        help_text=(
            "Business plans, implementation plans, demand models, reviews or evaluations. "
            "Up to 5 files, each 10 MB or smaller: PDF, Word (.docx), Excel (.xlsx) or "
            "PowerPoint (.pptx)."
        ),
    )

    class Meta:
        model = Submission
        fields = [
            *CONTACT_FIELDS,
            "force",
            "organisation_name",
            "intervention_name",
            "what_it_does",
            "purposes",
            "areas_of_interest",
            "themes",
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
            "files",
            "consent_to_contact",
            "notify_on_publication",
            "website",
        ]

    def __init__(self, *args, oversized_file_names=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.oversized_file_names = list(oversized_file_names)
        self.fields["organisation_name"].widget.attrs["autocomplete"] = "organization"
        self.fields["purposes"].label_from_instance = purpose_label
        self.fields["files"].widget.attrs["accept"] = ".pdf,.docx,.xlsx,.pptx"
        this_year = timezone.localdate().year
        self.latest_start_year = this_year + 1
        self.fields["running_since"].widget.attrs.update(
            {"inputmode": "numeric", "class": "input-year"}
        )
        for name in ("age_min", "age_max"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "class": "input-age"})

    def clean_running_since(self):
        year = self.cleaned_data["running_since"]
        if year is not None and not EARLIEST_START_YEAR <= year <= self.latest_start_year:
            raise ValidationError(
                f"Enter a year between {EARLIEST_START_YEAR} and {self.latest_start_year}"
            )
        return year

    def clean_files(self):
        files = self.cleaned_data["files"]
        errors = [
            ValidationError(
                "%(name)s is larger than %(limit)s. Choose a smaller file, or email it to "
                "%(mailbox)s quoting your reference number.",
                code="too_large",
                params={
                    "name": name,
                    "limit": filesizeformat(settings.SUBMISSION_MAX_FILE_BYTES),
                    "mailbox": settings.VKPP_MAILBOX,
                },
            )
            for name in self.oversized_file_names
        ]
        chosen = len(files) + len(self.oversized_file_names)
        if chosen > settings.SUBMISSION_MAX_FILES:
            errors.insert(
                0,
                ValidationError(
                    f"Choose {settings.SUBMISSION_MAX_FILES} files or fewer (you chose {chosen})"
                ),
            )
        inspected = []
        for upload in files:
            try:
                inspected.append((upload, inspect_upload(upload)))
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return inspected

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("force")
            and not cleaned.get("organisation_name")
            and not (self.has_error("force") or self.has_error("organisation_name"))
        ):
            self.add_error(
                "force", "Choose your police force, or type the name of your organisation"
            )
        age_min, age_max = cleaned.get("age_min"), cleaned.get("age_max")
        if age_min is not None and age_max is not None and age_min > age_max:
            self.add_error("age_max", "The oldest age must be the same as or above the youngest")
        if (
            cleaned.get("sensitive_tactics")
            and not cleaned.get("sensitive_tactics_note")
            and not self.has_error("sensitive_tactics_note")
        ):
            self.add_error(
                "sensitive_tactics_note",
                "Say briefly what would need redacting, so we know what to hold back",
            )
        return cleaned

    @transaction.atomic
    def save(self):
        submission = super().save()
        stored = []
        try:
            for upload, inspected in self.cleaned_data["files"]:
                document = SubmissionFile.objects.create(
                    submission=submission,
                    file=upload,
                    original_name=upload.name[-255:],
                    file_type=inspected.file_type,
                    size_bytes=inspected.size,
                    sha256=inspected.sha256,
                )
                stored.append(document.file.name)
        except BaseException:
            # The database rolls back; files already written must not linger on disk.
            for name in stored:
                SubmissionFile.file.field.storage.delete(name)
            raise
        return submission


class PublishedEntryChoiceField(SlugChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class CorrectionForm(SubmissionForm):
    submission_kind = SubmissionKind.CORRECTION

    intervention = PublishedEntryChoiceField(
        label="Which entry is it about?",
        queryset=Intervention.objects.published(),
        to_field_name="slug",
        empty_label="Choose an entry",
        error_messages={
            "required": "Choose the entry your correction is about",
            "invalid_choice": "Choose an entry from the list",
        },
    )
    correction_details = text_field(
        "What is wrong, missing or new?",
        "what is wrong, missing or new",
        5000,
        textarea=True,
        help_text="Say which part of the entry, and what it should say.",
    )
    correction_source = text_field(
        "Where can we check it?",
        "where we can check it",
        1000,
        textarea=True,
        help_text="A web address, the title of a report or evaluation, or who can confirm it.",
    )

    class Meta:
        model = Submission
        fields = [
            "intervention",
            "correction_details",
            "correction_source",
            *CONTACT_FIELDS,
            "consent_to_contact",
            "website",
        ]
