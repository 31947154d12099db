from dataclasses import dataclass

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
    Verdict,
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
    PERFORMANCE_REPORT = "performance-report", "Performance report"
    PRIOR_REVIEW = "prior-review", "Earlier review"
    RELATED_RESEARCH = "related-research", "Related research"


# The one place that says which reports evaluate the entries they cover. An annual or
# performance report, an earlier review that led to the entry, or research on the wider
# problem is listed with the entry but never counted as an evaluation of it.
EVALUATION_TYPES = (
    ReportType.KEY_FINDINGS,
    ReportType.FULL_TECHNICAL_REPORT,
    ReportType.ADDITIONAL_ANALYSIS,
    ReportType.SYNTHESIS,
    ReportType.FEASIBILITY_STUDY,
    ReportType.EXPLORATORY_ANALYSIS,
    ReportType.SERVICE_EVALUATION,
)
# A key-findings summary and a synthesis restate studies published in full elsewhere, so
# they are not counted again as studies when the confidence of a rating is worked out.
SUMMARY_TYPES = (ReportType.KEY_FINDINGS, ReportType.SYNTHESIS)


class MarylandLevel(models.TextChoices):
    """The Maryland Scientific Methods Scale, from weakest to strongest design."""

    NOT_KNOWN = "", "Not known"
    LEVEL_1 = "1", "Level 1: a measure at one point in time, with no comparison"
    LEVEL_2 = "2", "Level 2: before and after, with no comparison group"
    LEVEL_3 = "3", "Level 3: before and after, with a comparable group that did not take part"
    LEVEL_4 = "4", "Level 4: before and after, in several places taking part and not"
    LEVEL_5 = "5", "Level 5: random assignment to taking part or not"


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not-known", "Not known"


# The weakest design that can carry the verdict "Evidence of reduced violence or harm"
# without saying that it rests on self-reported before-and-after figures.
LEVEL_FOR_REDUCED_HARM = 3


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

    def evaluations(self):
        """Reports that evaluate the entries they cover (see EVALUATION_TYPES)."""
        return self.filter(is_evaluation=True)


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
    # Derived from the report's type, never typed: whether it evaluates its entries.
    is_evaluation = models.GeneratedField(
        expression=Q(report_type__in=EVALUATION_TYPES),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    design_level = models.CharField(
        "design (Maryland level)",
        max_length=1,
        choices=MarylandLevel.choices,
        blank=True,
        help_text=(
            "The evaluation's design on the Maryland Scientific Methods Scale, as the source "
            "describes it. Leave as 'Not known' when no document says."
        ),
    )
    design_basis = models.CharField(
        max_length=300,
        blank=True,
        help_text=(
            "Where the design comes from: the source section, or 'Curator's judgement: ...' "
            "with the reason."
        ),
    )
    independent = models.CharField(
        "independent of those delivering it",
        max_length=10,
        choices=Answer.choices,
        default=Answer.NOT_KNOWN,
        help_text="Whether those who evaluated it were independent of those delivering it.",
    )
    independence_basis = models.CharField(
        max_length=300,
        blank=True,
        help_text="The source section, or 'Curator's judgement: ...' with the reason.",
    )
    is_published = models.CharField(
        "published",
        max_length=10,
        choices=Answer.choices,
        default=Answer.NOT_KNOWN,
        help_text="Whether the report itself has been published, as the source says.",
    )
    published_basis = models.CharField(
        max_length=300,
        blank=True,
        help_text="The source section, or 'Curator's judgement: ...' with the reason.",
    )
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
            models.CheckConstraint(
                name="report_design_level_on_the_scale",
                condition=Q(design_level__in=MarylandLevel.values),
            ),
            models.CheckConstraint(
                name="report_design_level_has_basis",
                condition=Q(design_level="") | ~Q(design_basis=""),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        intervention = self.interventions.published().first()
        if intervention is None:
            return ""
        return f"{intervention.get_absolute_url()}#report-{self.slug}"

    def clean(self):
        if self.design_level and not self.design_basis.strip():
            raise ValidationError(
                {
                    "design_basis": "Say where the design comes from: the source section, "
                    "or 'Curator's judgement:' and the reason."
                }
            )
        unsupported = self.ratings_it_would_leave_unsupported()
        if unsupported:
            names = ", ".join(str(entry) for entry in unsupported)
            raise ValidationError(
                {
                    "design_level": f"The verdict on {names} rests on this report being at "
                    "Maryland level 3 or above. Change that verdict first."
                }
            )

    def ratings_it_would_leave_unsupported(self):
        """Entries whose "reduced violence or harm" verdict this change would leave without
        the level 3 evaluation it needs."""
        if self.pk is None:
            return []
        return entries_left_unsupported(
            Intervention.objects.filter(reports=self),
            lambda entry, reports: [*(r for r in reports if r.pk != self.pk), self],
        )

    @property
    def file_size_display(self):
        return format_file_size(self.file_size_bytes)

    @property
    def design_display(self):
        if not self.design_level:
            return "Maryland level not known"
        return f"Maryland level {self.design_level}"

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


# Each kind of measure's place in MeasureKind, for sorting figures by kind.
KIND_ORDER = models.Case(
    *[
        models.When(measure_kind=value, then=models.Value(rank))
        for rank, value in enumerate(MeasureKind.values)
    ],
    output_field=models.IntegerField(),
)


class OutcomeMetricQuerySet(KeyedQuerySet):
    def published(self):
        # entry_published is kept by the database (see OutcomeMetric), so the outcomes
        # explorer's sorts are read in order from partial indexes of published figures.
        return self.filter(entry_published=True)


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

    # Copies of the entry's name and publication and of the source's title, set by the
    # database (triggers in migration 0005) whenever the figure, its entry or its source
    # is written, whatever the figure's own save sends: the outcomes explorer sorts and
    # pages every published figure by them, from indexes, without joining 400,000 rows.
    entry_name = models.CharField(max_length=200, default="", editable=False)
    entry_published = models.BooleanField(default=False, editable=False)
    source_title = models.CharField(max_length=300, default="", editable=False)
    kind_rank = models.GeneratedField(
        expression=KIND_ORDER, output_field=models.IntegerField(), db_persist=True
    )

    objects = OutcomeMetricQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["entry_name", "entry_published", "source_title", "kind_rank"]
    )

    class Meta:
        ordering = ["intervention", "position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["intervention", "key"], name="outcome_key_unique"),
        ]
        # One per sort of the outcomes explorer (evidence.outcomes.SORTS), published only.
        indexes = [
            models.Index(
                fields=fields, name=f"outcome_sorted_by_{name}", condition=Q(entry_published=True)
            )
            for name, fields in {
                "entry": ["entry_name", "position", "key"],
                "measure": ["measure", "entry_name", "key"],
                "kind": ["kind_rank", "entry_name", "position", "key"],
                "largest": ["unit", "-value", "entry_name", "key"],
                "source": ["source_title", "entry_name", "position", "key"],
            }.items()
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
    def entry_verdict_label(self):
        """The entry's verdict in words, from the outcomes explorer's annotations."""
        text = Verdict(getattr(self, "entry_verdict", Verdict.NOT_YET_KNOWN)).label
        if getattr(self, "entry_verdict_self_reported", False):
            text += " (rests on self-reported before-and-after figures)"
        return text

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


class PublishedFigureCount(models.Model):
    """How many published outcome figures carry one key; kept by database triggers only.

    The outcomes explorer shows how many published figures there are, in all or with one
    filter value, and offers only the values some published figure has. Counting them
    means reading every figure, so triggers on the figures and the entries (migration
    0005) add and subtract each change in the same transaction, as
    interventions.PublishedKeyCount does for entries. The keys are those of
    ``figure_keys``: ``''`` for every published figure, the figure's own
    ``kind:``, ``scope:``, ``direction:`` (``none`` when not a change) and
    ``figure_source:<id>``, and its entry's ``theme:<id>``, ``force:<id>``,
    ``region:``, ``evidence_stage:`` and ``verdict:`` facet keys (region: migration 0006).
    """

    WHOLE = ""

    key = models.TextField(primary_key=True)
    # Not a positive field: an upsert that subtracts proposes a negative row first.
    figures = models.IntegerField(default=0)

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return f"{self.key or 'published figures'}: {self.figures}"

    @classmethod
    def counts(cls):
        """Every key some published figure has, with how many have it: one small read."""
        return dict(cls.objects.filter(figures__gt=0).values_list("key", "figures"))

    @classmethod
    def figures_with(cls, key):
        """How many published figures carry ``key``: one row read."""
        return cls.objects.filter(key=key).values_list("figures", flat=True).first() or 0


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


class Confidence(models.TextChoices):
    NOT_KNOWN = "not-known", "Not known"
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"


@dataclass(frozen=True)
class ConfidenceFinding:
    value: str
    reason: str

    @property
    def label(self):
        return Confidence(self.value).label


# The rule below reads any object with a report's report_type, design_level and
# independent: a report, or the plain values the API and downloads read.


def is_evaluation(report):
    return report.report_type in EVALUATION_TYPES


def counts_as_study(report):
    return is_evaluation(report) and report.report_type not in SUMMARY_TYPES


def level_of(report):
    return int(report.design_level) if report.design_level else None


def strongest_level(reports):
    """The highest Maryland level among the evaluations in ``reports``; None when none is known."""
    levels = [level_of(r) for r in reports if is_evaluation(r) and r.design_level]
    return max(levels, default=None)


def confidence_of(reports):
    """How far the evaluations in ``reports`` can be relied on: the rule, in one place.

    The "How we rate evidence" page states the same rule in words:
    - not known: no evaluation of the entry records its design;
    - high: the strongest design is level 4 or 5, it was independent, and at least two
      independent studies are at level 3 or above;
    - moderate: the strongest design is level 3 or above and independent;
    - low: anything weaker, or a strong design that was not shown to be independent.
    Key-findings summaries and syntheses are not counted as separate studies.
    """
    evaluations = [r for r in reports if is_evaluation(r)]
    strongest = strongest_level(evaluations)
    if strongest is None:
        return ConfidenceFinding(
            Confidence.NOT_KNOWN, "No evaluation of this entry records its design yet."
        )
    at_strongest = [r for r in evaluations if level_of(r) == strongest]
    independent = any(r.independent == Answer.YES for r in at_strongest)
    strong_studies = sum(
        1
        for r in evaluations
        if counts_as_study(r)
        and r.independent == Answer.YES
        and (level_of(r) or 0) >= LEVEL_FOR_REDUCED_HARM
    )
    studies = "study" if strong_studies == 1 else "studies"
    if strongest >= 4 and independent and strong_studies >= 2:
        return ConfidenceFinding(
            Confidence.HIGH,
            f"Strongest design Maryland level {strongest}, independent; "
            f"{strong_studies} independent {studies} at level 3 or above.",
        )
    if strongest >= LEVEL_FOR_REDUCED_HARM and independent:
        return ConfidenceFinding(
            Confidence.MODERATE, f"Strongest design Maryland level {strongest}, independent."
        )
    independence = "independent" if independent else "not shown to be independent"
    return ConfidenceFinding(
        Confidence.LOW, f"Strongest design Maryland level {strongest}, {independence}."
    )


def verdict_allowed(verdict, rests_on_self_reported_figures, reports):
    """Whether ``verdict`` is no stronger than the evaluations in ``reports`` allow."""
    if verdict != Verdict.REDUCED_HARM or rests_on_self_reported_figures:
        return True
    return (strongest_level(reports) or 0) >= LEVEL_FOR_REDUCED_HARM


def entries_left_unsupported(entries, reports_after):
    """Of `entries`, those whose "reduced violence or harm" verdict is allowed now and would
    no longer be once each entry's reports are `reports_after(entry, reports_now)`.

    The one check behind every change that could take away the evaluation a verdict rests
    on: a report's design level lowered, a report unlinked from an entry, a report deleted.
    """
    ratings = (
        EvidenceRating.objects.filter(intervention__in=entries)
        .resting_on_an_evaluation()
        .select_related("intervention")
        .prefetch_related("intervention__reports")
    )
    unsupported = []
    for rating in ratings:
        reports = list(rating.intervention.reports.all())
        allowed_now = verdict_allowed(rating.verdict, False, reports)
        after = reports_after(rating.intervention, reports)
        if allowed_now and not verdict_allowed(rating.verdict, False, after):
            unsupported.append(rating.intervention)
    return unsupported


def entries_unsupported_without(report, entries):
    """Of `entries`, those whose verdict would lose its support if `report` stopped
    covering them."""
    return entries_left_unsupported(
        entries, lambda entry, reports: [r for r in reports if r.pk != report.pk]
    )


def unlinking_refused(reports, entries):
    """What a curator is told when unlinking or deleting `reports` would leave the verdict on
    `entries` without the evaluation it rests on."""
    names = ", ".join(f"“{entry}”" for entry in entries)
    titles = ", ".join(f"“{report}”" for report in reports)
    return (
        f"The verdict “{Verdict.REDUCED_HARM.label}” on {names} rests on {titles}: it needs "
        f"an evaluation at Maryland level {LEVEL_FOR_REDUCED_HARM} or above. Change that "
        "verdict first (or tick “rests on self-reported before-and-after figures”), then "
        "unlink or delete the report."
    )


NO_RATING_TEXT = "Not yet known. The evaluation has not been summarised here yet."
# The rater of a rating agreed by the catalogue team as a whole rather than one curator:
# every rating seeded with the catalogue carries it.
CATALOGUE_TEAM = "VKPP catalogue curators"
CATALOGUE_TEAM_TEXT = "the catalogue team\u2019s collective judgement, not one person\u2019s"
SELF_REPORTED_TEXT = (
    "This rests on before-and-after figures reported by those who run it, with no "
    "comparison group: treat it as a sign, not proof."
)


class EvidenceRatingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(intervention__in=published_interventions())

    def resting_on_an_evaluation(self):
        """Verdicts that need an evaluation at level 3 or above (see verdict_allowed)."""
        return self.filter(verdict=Verdict.REDUCED_HARM, rests_on_self_reported_figures=False)

    def get_by_natural_key(self, intervention_slug):
        return self.get(intervention__slug=intervention_slug)


class EvidenceRating(models.Model):
    """An entry's verdict: what its evaluations found, in the catalogue's own words."""

    intervention = models.OneToOneField(
        Intervention, on_delete=models.CASCADE, related_name="evidence_rating"
    )
    verdict = models.CharField(
        max_length=20,
        choices=Verdict.choices,
        default=Verdict.NOT_YET_KNOWN,
        help_text=(
            "Choose the verdict the evaluations support, never a stronger one. 'Evidence of "
            "reduced violence or harm' needs an evaluation at Maryland level 3 or above, or "
            "the box below ticked."
        ),
    )
    rests_on_self_reported_figures = models.BooleanField(
        "rests on self-reported before-and-after figures",
        default=False,
        help_text=(
            "Tick when the verdict rests on before-and-after figures reported by those who "
            "run it, with no comparison group. Readers are told so wherever the verdict shows."
        ),
    )
    findings_summary = models.TextField(
        "what the evaluation found",
        blank=True,
        help_text="In plain words of your own, from the report or the source. Shown publicly.",
    )
    source = models.ForeignKey(
        SourceDocument,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence_ratings",
        help_text="The document the findings come from.",
    )
    source_section = models.CharField(
        max_length=200, blank=True, help_text="The section or page the findings come from."
    )
    rated_by = models.CharField(
        max_length=100, help_text="The name of the curator who rated the entry. Shown publicly."
    )
    rated_on = models.DateField(help_text="When the entry was rated.")

    objects = EvidenceRatingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["intervention__name"]
        constraints = [
            models.CheckConstraint(
                name="rating_verdict_known",
                condition=Q(verdict__in=Verdict.values),
            ),
            # A verdict other than "not yet known" says what was found, and where.
            models.CheckConstraint(
                name="rating_verdict_has_findings_and_source",
                condition=Q(verdict=Verdict.NOT_YET_KNOWN)
                | (~Q(findings_summary="") & Q(source__isnull=False) & ~Q(source_section="")),
            ),
            models.CheckConstraint(
                name="rating_findings_have_source",
                condition=Q(findings_summary="")
                | (Q(source__isnull=False) & ~Q(source_section="")),
            ),
            models.CheckConstraint(
                name="rating_self_reported_only_with_a_verdict",
                condition=Q(rests_on_self_reported_figures=False)
                | ~Q(verdict=Verdict.NOT_YET_KNOWN),
            ),
            models.CheckConstraint(name="rating_has_rater", condition=~Q(rated_by="")),
        ]

    def __str__(self):
        return f"{self.intervention}: {self.get_verdict_display()}"

    def get_absolute_url(self):
        return f"{self.intervention.get_absolute_url()}#did-it-work"

    def natural_key(self):
        return (self.intervention.slug,)

    natural_key.dependencies = ["interventions.intervention", "evaluations.evaluationreport"]

    def clean(self):
        errors = {}
        if self.verdict != Verdict.NOT_YET_KNOWN:
            if not self.findings_summary.strip():
                errors["findings_summary"] = "Say in plain words what the evaluation found."
            if not self.source_id:
                errors["source"] = "Name the document the findings come from."
            if not self.source_section.strip():
                errors["source_section"] = "Name the section or page the findings come from."
        elif self.findings_summary.strip() and not (self.source_id and self.source_section):
            errors["source_section"] = "Name the document and section the findings come from."
        if self.rests_on_self_reported_figures and self.verdict == Verdict.NOT_YET_KNOWN:
            errors["rests_on_self_reported_figures"] = (
                "Only a verdict other than 'Not yet known' can rest on figures."
            )
        reports = (
            EvaluationReport.objects.filter(interventions=self.intervention_id)
            if self.intervention_id
            else []
        )
        if not verdict_allowed(self.verdict, self.rests_on_self_reported_figures, reports):
            errors["verdict"] = (
                "'Evidence of reduced violence or harm' needs an evaluation of this entry at "
                "Maryland level 3 or above. Otherwise tick 'rests on self-reported "
                "before-and-after figures', or choose a weaker verdict."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_allowed(self):
        return verdict_allowed(
            self.verdict, self.rests_on_self_reported_figures, self.intervention.reports.all()
        )


@dataclass(frozen=True)
class RatingSummary:
    """An entry's "Did it work?" answer as every public surface shows it."""

    verdict: str
    rests_on_self_reported_figures: bool
    confidence: ConfidenceFinding
    findings_summary: str
    source: object
    source_section: str
    rated_by: str
    rated_on: object
    evaluations: list

    @property
    def verdict_label(self):
        return Verdict(self.verdict).label

    @property
    def is_rated(self):
        return bool(self.rated_by)

    @property
    def rated_by_team(self):
        return self.rated_by == CATALOGUE_TEAM

    @property
    def rated_by_team_text(self):
        return CATALOGUE_TEAM_TEXT if self.rated_by_team else ""

    @property
    def headline(self):
        """The verdict in words; with no rating, the honest default."""
        return self.verdict_label if self.is_rated else NO_RATING_TEXT

    @property
    def self_reported_text(self):
        return SELF_REPORTED_TEXT if self.rests_on_self_reported_figures else ""


def rating_summary(intervention):
    """The entry's rating, confidence and evaluations, from what the caller has loaded.

    Reads ``intervention.evidence_rating`` (select_related it) and
    ``intervention.reports.all()`` (prefetch it): no query of its own when both are loaded.
    """
    try:
        rating = intervention.evidence_rating
    except EvidenceRating.DoesNotExist:
        rating = None
    reports = list(intervention.reports.all())
    evaluations = [report for report in reports if is_evaluation(report)]
    if rating is None:
        return RatingSummary(
            verdict=Verdict.NOT_YET_KNOWN,
            rests_on_self_reported_figures=False,
            confidence=confidence_of(evaluations),
            findings_summary="",
            source=None,
            source_section="",
            rated_by="",
            rated_on=None,
            evaluations=evaluations,
        )
    return RatingSummary(
        verdict=rating.verdict,
        rests_on_self_reported_figures=rating.rests_on_self_reported_figures,
        confidence=confidence_of(evaluations),
        findings_summary=rating.findings_summary,
        source=rating.source,
        source_section=rating.source_section,
        rated_by=rating.rated_by,
        rated_on=rating.rated_on,
        evaluations=evaluations,
    )


# Registered with the app's models; defined beside the signals that write them.
from evaluations.changes import ChangeKind, PublicChange  # noqa: E402, F401
