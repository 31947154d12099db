"""The rows an entry is made of: partner roles, source citations, funding lines, lessons and
age groups."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    Case,
    IntegerField,
    Q,
    Value,
    When,
)
from simple_history.models import HistoricalRecords

from interventions.models.interventions import Intervention, age_range_words
from interventions.models.organisations import Organisation
from interventions.models.sources import SourceDocument
from interventions.models.workflow import PublicationState


class PartnerRoleKind(models.TextChoices):
    LEAD = "lead", "Lead"
    DELIVERY_PARTNER = "delivery-partner", "Delivery partner"
    FUNDER = "funder", "Funder"
    # Weaker parts than delivering or funding, kept apart so no role reads stronger than the
    # source: leads who endorsed it, an office that secured money, a funder of the host unit.
    ENDORSER = "endorser", "Endorsed it"
    SECURED_FUNDING = "secured-funding", "Secured its funding"
    FUNDS_HOST = "funds-host", "Funds the unit that runs it"
    EVALUATOR = "evaluator", "Evaluator"


class OfPublishedEntries(models.QuerySet):
    def of_published(self):
        """Rows belonging to a published entry."""
        return self.filter(intervention__publication_state=PublicationState.PUBLISHED)


class PartnerRoleQuerySet(OfPublishedEntries):
    def get_by_natural_key(self, intervention_slug, organisation_slug, role):
        return self.get(
            intervention__slug=intervention_slug, organisation__slug=organisation_slug, role=role
        )


class PartnerRole(models.Model):
    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="partner_roles"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partner_roles"
    )
    role = models.CharField(max_length=30, choices=PartnerRoleKind.choices)
    note = models.CharField(
        max_length=300, blank=True, help_text="What the organisation does here, if worth saying."
    )

    objects = PartnerRoleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["intervention", "role", "organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "organisation", "role"], name="partner_role_unique"
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()}) for {self.intervention}"

    def natural_key(self):
        return (self.intervention.slug, self.organisation.slug, self.role)

    natural_key.dependencies = ["interventions.intervention", "interventions.organisation"]


def partners_lead_first():
    """Partner roles in the order of PartnerRoleKind (lead, delivery partner, funder, evaluator)."""
    rank = Case(
        *[When(role=role, then=Value(number)) for number, role in enumerate(PartnerRoleKind)],
        output_field=IntegerField(),
    )
    return (
        PartnerRole.objects.select_related("organisation")
        .annotate(role_rank=rank)
        .order_by("role_rank", "organisation__name")
    )


class SourceCitationQuerySet(OfPublishedEntries):
    def get_by_natural_key(self, intervention_slug, source_slug):
        return self.get(intervention__slug=intervention_slug, source__slug=source_slug)


class SourceCitation(models.Model):
    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="citations"
    )
    source = models.ForeignKey(SourceDocument, on_delete=models.PROTECT, related_name="citations")
    section = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where in the document, e.g. 'Case study 3, pages 16 to 19'.",
    )

    objects = SourceCitationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["intervention", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "source"], name="source_citation_unique"
            )
        ]

    def __str__(self):
        return f"{self.source}, {self.section}" if self.section else str(self.source)

    def natural_key(self):
        return (self.intervention.slug, self.source.slug)

    natural_key.dependencies = ["interventions.intervention", "interventions.sourcedocument"]


class ValueQualifier(models.TextChoices):
    """How a source hedges a figure: 'over 400', 'almost 8,500'. Kept so figures read as stated."""

    MORE_THAN = "more-than", "More than"
    OVER = "over", "Over"
    IN_EXCESS_OF = "in-excess-of", "In excess of"
    ALMOST = "almost", "Almost"
    NEARLY = "nearly", "Nearly"
    AROUND = "around", "Around"
    SOME = "some", "Some"
    JUST_UNDER = "just-under", "Just under"
    UP_TO = "up-to", "Up to"


def hedged(text, qualifier):
    """A figure with the source's hedge in front, e.g. 'Over 400'; as it is without one."""
    if not qualifier:
        return text
    return f"{dict(ValueQualifier.choices).get(qualifier, qualifier)} {text}"


def amount_display(amount_gbp, qualifier):
    """A funding amount as the catalogue shows it, e.g. 'Over £1.2 million'; empty if none."""
    from interventions.formatting import format_money

    if amount_gbp is None:
        return ""
    return hedged(format_money(amount_gbp), qualifier)


class KeyedQuerySet(OfPublishedEntries):
    def get_by_natural_key(self, intervention_slug, key):
        return self.get(intervention__slug=intervention_slug, key=key)


class Funding(models.Model):
    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="funding")
    key = models.SlugField(
        max_length=100, help_text="A short name for this funding line, unique within the entry."
    )
    funder = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="funding_given",
    )
    description = models.CharField(
        max_length=300, help_text="The funding as the source describes it, e.g. 'Home Office'."
    )
    amount_gbp = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    amount_qualifier = models.CharField(max_length=20, choices=ValueQualifier.choices, blank=True)
    period = models.CharField(max_length=100, blank=True, help_text="e.g. '2022-2023'.")
    source = models.ForeignKey(SourceDocument, on_delete=models.PROTECT, related_name="+")
    source_section = models.CharField(max_length=200, blank=True)

    objects = KeyedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["intervention", "key"]
        verbose_name_plural = "funding"
        constraints = [
            models.UniqueConstraint(fields=["intervention", "key"], name="funding_key_unique"),
            models.CheckConstraint(
                name="funding_amount_not_negative",
                condition=Q(amount_gbp__isnull=True) | Q(amount_gbp__gte=0),
            ),
        ]

    def __str__(self):
        return f"{self.description} for {self.intervention}"

    def natural_key(self):
        return (self.intervention.slug, self.key)

    natural_key.dependencies = ["interventions.intervention"]

    @property
    def amount_display(self):
        return amount_display(self.amount_gbp, self.amount_qualifier)


class Lesson(models.Model):
    """What those who delivered an intervention say they learnt, in the catalogue's words."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="lessons")
    key = models.SlugField(
        max_length=100, help_text="A short name for this lesson, unique within the entry."
    )
    text = models.TextField(
        help_text="The lesson in one or two sentences, in the catalogue's own words: what was "
        "hard, and what the people who delivered it would do or advise."
    )
    source = models.ForeignKey(SourceDocument, on_delete=models.PROTECT, related_name="lessons")
    source_section = models.CharField(
        max_length=200,
        help_text="Section or page of the source, e.g. 'Case study 3, Key challenges'.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    objects = KeyedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["intervention", "position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["intervention", "key"], name="lesson_key_unique"),
        ]

    def __str__(self):
        return f"Lesson from {self.intervention}: {self.key}"

    def get_absolute_url(self):
        return f"{self.intervention.get_absolute_url()}#lesson-{self.key}"

    def natural_key(self):
        return (self.intervention.slug, self.key)

    natural_key.dependencies = ["interventions.intervention", "interventions.sourcedocument"]


class AgeGroup(models.Model):
    """The ages a part of an entry works with, as its source states them: a caseworker for
    11 to 24 year olds, a project for 18 to 25 year olds. The age filter finds an entry
    through any of its groups."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="age_groups"
    )
    key = models.SlugField(
        max_length=100, help_text="A short name for this group, unique within the entry."
    )
    label = models.CharField(
        max_length=200,
        help_text="Who the group is, as the source describes them, e.g. 'Champions Adult Project'.",
    )
    age_min = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Youngest age the source gives; empty if none."
    )
    age_max = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Oldest age the source gives; empty if none."
    )
    source = models.ForeignKey(SourceDocument, on_delete=models.PROTECT, related_name="+")
    source_section = models.CharField(
        max_length=200,
        help_text="Section or page of the source that gives these ages.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    objects = KeyedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["intervention", "position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["intervention", "key"], name="age_group_key_unique"),
            models.CheckConstraint(
                name="age_group_gives_an_age",
                condition=Q(age_min__isnull=False) | Q(age_max__isnull=False),
            ),
            models.CheckConstraint(
                name="age_group_age_min_not_above_age_max",
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=models.F("age_max")),
            ),
            models.CheckConstraint(
                name="age_group_age_max_plausible",
                condition=Q(age_max__isnull=True) | Q(age_max__lte=120),
            ),
        ]

    def __str__(self):
        return f"{self.label} ({self.range_display}) in {self.intervention}"

    def natural_key(self):
        return (self.intervention.slug, self.key)

    natural_key.dependencies = ["interventions.intervention", "interventions.sourcedocument"]

    @property
    def range_display(self):
        return age_range_words(self.age_min, self.age_max)

    def clean(self):
        errors = {}
        if self.age_min is None and self.age_max is None:
            errors["age_max"] = "Give the youngest age, the oldest age or both."
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors["age_max"] = "The oldest age cannot be below the youngest age."
        if self.age_max is not None and self.age_max > 120:
            errors["age_max"] = "Ages above 120 are not plausible."
        if self.age_min is not None and self.age_min > 120:
            errors["age_min"] = "Ages above 120 are not plausible."
        if errors:
            raise ValidationError(errors)
