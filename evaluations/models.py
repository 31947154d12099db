from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from interventions.formatting import format_file_size, format_value
from interventions.models import (
    Intervention,
    KeyedQuerySet,
    Organisation,
    SlugNaturalKeyMixin,
    SlugQuerySet,
    SourceDocument,
    ValueQualifier,
    hedged,
)


class ReportType(models.TextChoices):
    KEY_FINDINGS = "key-findings", "Key findings and implications for practice"
    FULL_TECHNICAL_REPORT = "full-technical-report", "Full technical report"
    ADDITIONAL_ANALYSIS = "additional-analysis", "Additional analysis"
    SYNTHESIS = "synthesis", "Synthesis of evidence"
    FEASIBILITY_STUDY = "feasibility-study", "Feasibility study"
    EXPLORATORY_ANALYSIS = "exploratory-analysis", "Exploratory analysis"
    ANNUAL_REPORT = "annual-report", "Annual report"
    SERVICE_EVALUATION = "service-evaluation", "Service evaluation"


class FileFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word document"
    XLSX = "xlsx", "Excel spreadsheet"
    PPTX = "pptx", "PowerPoint presentation"
    HTML = "html", "Web page"


class Method(models.TextChoices):
    RANDOMISED_TRIAL = "randomised-trial", "Randomised trial"
    QUASI_EXPERIMENTAL = "quasi-experimental", "Quasi-experimental"
    PRE_POST = "pre-post", "Before and after (pre/post)"
    PROCESS = "process", "Process evaluation"
    QUALITATIVE = "qualitative", "Qualitative"
    MIXED = "mixed", "Mixed methods"


def published_interventions():
    return Intervention.objects.published()


class EvaluationReportQuerySet(SlugQuerySet):
    def published(self):
        """Reports that cover at least one published intervention."""
        return self.filter(Exists(published_interventions().filter(reports=OuterRef("pk"))))


class EvaluationReport(SlugNaturalKeyMixin, models.Model):
    title = models.CharField(max_length=300, help_text="Exactly as the publisher titles it.")
    slug = models.SlugField(max_length=200, unique=True)
    report_type = models.CharField(max_length=30, choices=ReportType.choices, db_index=True)
    interventions = models.ManyToManyField(
        Intervention,
        related_name="reports",
        help_text="Every intervention it covers. A synthesis is one report linked to several.",
    )
    publisher = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="published_reports",
    )
    evaluator = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluated_reports",
    )
    published_on = models.DateField(null=True, blank=True)
    date_note = models.CharField(
        max_length=100,
        blank=True,
        help_text="The date as the source gives it when it is not a full date, e.g. 'April 2022'.",
    )
    file_format = models.CharField(max_length=10, choices=FileFormat.choices, blank=True)
    file_size_bytes = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        help_text="In bytes. '184.53 KB' is 188959 bytes (1 KB = 1024 bytes).",
    )
    url = models.URLField(blank=True, max_length=500, help_text="Leave empty when not known.")
    method = models.CharField(max_length=30, choices=Method.choices, blank=True)
    summary = models.TextField(blank=True)
    source = models.ForeignKey(
        SourceDocument,
        on_delete=models.PROTECT,
        related_name="reports",
        help_text="The document that lists this report.",
    )
    source_section = models.CharField(max_length=200, blank=True)
    curator_note = models.TextField(blank=True, help_text="Shown publicly.")
    updated_at = models.DateTimeField(auto_now=True)

    objects = EvaluationReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                name="report_file_size_not_negative",
                condition=Q(file_size_bytes__isnull=True) | Q(file_size_bytes__gte=0),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        intervention = self.interventions.published().first()
        if intervention is None:
            return ""
        return f"{intervention.get_absolute_url()}#report-{self.slug}"

    @property
    def file_size_display(self):
        return format_file_size(self.file_size_bytes)

    @property
    def date_display(self):
        if self.date_note:
            return self.date_note
        return self.published_on.strftime("%-d %B %Y") if self.published_on else ""


class MeasureKind(models.TextChoices):
    VIOLENT_CRIME = "violent-crime", "Violent crime"
    KNIFE_CRIME = "knife-crime", "Knife and weapon crime"
    HOMICIDE = "homicide", "Homicide"
    ROBBERY = "robbery", "Robbery"
    HOSPITAL = "hospital", "Hospital admissions and attendances"
    AMBULANCE = "ambulance", "Ambulance call-outs"
    REOFFENDING = "reoffending", "Reoffending and police contact"
    VICTIMISATION = "victimisation", "Victimisation"
    ARRESTS_AND_CHARGES = "arrests-and-charges", "Arrests and charges"
    REFERRALS = "referrals", "Referrals"
    ENGAGEMENT = "engagement", "People reached or engaged"
    WELLBEING = "wellbeing", "Wellbeing"
    TRAINING = "training", "Training and workforce"
    COST = "cost", "Cost and value for money"
    FUNDING = "funding", "Funding"
    OTHER = "other", "Other"


class Unit(models.TextChoices):
    PERCENT = "percent", "Percent"
    COUNT = "count", "Count"
    GBP = "gbp", "Pounds sterling (GBP)"
    RATIO = "ratio", "Ratio"


class Direction(models.TextChoices):
    REDUCTION = "reduction", "Reduction"
    INCREASE = "increase", "Increase"
    NO_CHANGE = "no-change", "No change"


def value_display(value, unit, qualifier):
    """A figure as the catalogue shows it, e.g. 'Over 400' or '10.9%'."""
    return hedged(format_value(value, unit), qualifier)


class FigureScope(models.TextChoices):
    """Whom a figure counts: the intervention's own people, or more than them."""

    PARTICIPANTS = "participants", "The intervention's own participants or cohort"
    AREA = "area", "A wider area (force-wide, county-wide, city-wide)"
    PROGRAMME = "programme", "A whole programme or unit"
    NOT_STATED = "not-stated", "Not stated"


# What a reader is told wherever a figure that is not the intervention's own appears.
SCOPE_LABELS = {
    FigureScope.AREA: "Area-wide figure",
    FigureScope.PROGRAMME: "Whole programme or unit",
    FigureScope.NOT_STATED: "Scope not stated",
}
SCOPE_CAVEATS = {
    FigureScope.AREA: (
        "Area-wide figure: it counts everyone in the area, not only this intervention's "
        "participants, so it cannot be put down to this intervention alone."
    ),
    FigureScope.PROGRAMME: (
        "Whole programme or unit: the figure covers all the work of the programme or unit "
        "the source reports on, not this intervention alone."
    ),
    FigureScope.NOT_STATED: (
        "Scope not stated: the source does not say whether the figure counts only this "
        "intervention's participants."
    ),
}


def scope_label(scope):
    """A short label for a figure that is not the intervention's own; empty for one that is."""
    return SCOPE_LABELS.get(scope, "")


def scope_caveat(scope):
    """The caveat shown beside a figure that is not the intervention's own; else empty."""
    return SCOPE_CAVEATS.get(scope, "")


class OutcomeMetricQuerySet(KeyedQuerySet):
    def published(self):
        return self.filter(intervention__in=published_interventions())


class OutcomeMetric(models.Model):
    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="outcomes"
    )
    key = models.SlugField(
        max_length=100, help_text="A short name for this figure, unique within the entry."
    )
    report = models.ForeignKey(
        EvaluationReport,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outcomes",
        help_text="The evaluation report the figure comes from, where there is one.",
    )
    measure = models.CharField(
        max_length=300,
        help_text="What was measured, e.g. 'Robberies in Portsmouth'.",
    )
    measure_kind = models.CharField(max_length=30, choices=MeasureKind.choices, db_index=True)
    value = models.DecimalField(max_digits=16, decimal_places=4)
    value_qualifier = models.CharField(max_length=20, choices=ValueQualifier.choices, blank=True)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    direction = models.CharField(
        max_length=20,
        choices=Direction.choices,
        blank=True,
        help_text="Leave empty for figures that are not a change, such as people reached.",
    )
    baseline_value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    baseline_period = models.CharField(max_length=100, blank=True)
    follow_up_value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    follow_up_period = models.CharField(max_length=100, blank=True)
    cohort = models.CharField(
        max_length=300, blank=True, help_text="The area or group the figure is about."
    )
    scope = models.CharField(
        max_length=20,
        choices=FigureScope.choices,
        default=FigureScope.NOT_STATED,
        db_index=True,
        help_text="Whom the figure counts. Choose the intervention's own participants only "
        "when the source says so; a force-wide, county-wide or whole-unit figure is shown "
        "everywhere with a caveat.",
    )
    scope_section = models.CharField(
        max_length=200,
        blank=True,
        help_text="Section or page of the source that shows whom the figure counts.",
    )
    sample_size = models.PositiveIntegerField(null=True, blank=True)
    source = models.ForeignKey(SourceDocument, on_delete=models.PROTECT, related_name="outcomes")
    source_section = models.CharField(
        max_length=200, blank=True, help_text="Section or page of the source."
    )
    curator_note = models.TextField(blank=True, help_text="Shown publicly.")
    position = models.PositiveSmallIntegerField(default=0)

    objects = OutcomeMetricQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["intervention", "position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["intervention", "key"], name="outcome_key_unique"),
        ]

    def __str__(self):
        return f"{self.measure}: {self.value_display}"

    def get_absolute_url(self):
        return f"{self.intervention.get_absolute_url()}#outcome-{self.key}"

    def natural_key(self):
        return (self.intervention.slug, self.key)

    natural_key.dependencies = ["interventions.intervention", "evaluations.evaluationreport"]

    def clean(self):
        # A figure's report must cover the figure's own entry: then a published entry never
        # shows a report that only covers drafts.
        if (
            self.report_id
            and self.intervention_id
            and not self.report.interventions.filter(pk=self.intervention_id).exists()
        ):
            raise ValidationError(
                {"report": "Choose a report that covers this figure's intervention."}
            )

    @property
    def value_display(self):
        return value_display(self.value, self.unit, self.value_qualifier)

    @property
    def is_own_figure(self):
        return self.scope == FigureScope.PARTICIPANTS

    @property
    def scope_label(self):
        return scope_label(self.scope)

    @property
    def scope_caveat(self):
        return scope_caveat(self.scope)

    @property
    def baseline_display(self):
        return format_value(self.baseline_value, self.unit if self.unit != "percent" else "count")

    @property
    def follow_up_display(self):
        return format_value(self.follow_up_value, self.unit if self.unit != "percent" else "count")


class SeminarSession(SlugNaturalKeyMixin, models.Model):
    """A session of an online seminar series at which evaluation findings were presented."""

    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    date = models.DateField()
    time_note = models.CharField(max_length=100, blank=True, help_text="e.g. '10am to 12pm'.")
    interventions = models.ManyToManyField(
        Intervention, related_name="seminar_sessions", blank=True
    )
    source = models.ForeignKey(SourceDocument, on_delete=models.PROTECT, related_name="sessions")

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["date", "number"]

    def __str__(self):
        return f"Session {self.number}: {self.title} ({self.date:%-d %B %Y})"

    def get_absolute_url(self):
        return self.source.get_absolute_url()


def detach_figures_from_unlinked_reports(sender, instance, action, reverse, pk_set, **kwargs):
    """When a report stops covering an entry, that entry's figures stop citing it."""
    if action not in {"post_remove", "post_clear"}:
        return
    figures = OutcomeMetric.objects.filter(report__isnull=False)
    if reverse:  # intervention.reports.remove(...) or .clear()
        figures = figures.filter(intervention=instance)
        if pk_set is not None:
            figures = figures.filter(report_id__in=pk_set)
        figures = figures.exclude(report__interventions=instance)
    else:  # report.interventions.remove(...) or .clear()
        figures = figures.filter(report=instance).exclude(
            intervention__in=instance.interventions.all()
        )
    for figure in figures:
        figure.report = None
        figure.save(update_fields=["report"])
