from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from interventions.models import Intervention, PublicationState


class EvidenceCatalogue(models.TextChoices):
    """Other catalogues that synthesise or rate evidence on violence and crime reduction."""

    YEF_TOOLKIT = "yef-toolkit", "Youth Endowment Fund toolkit"
    CRIME_REDUCTION_TOOLKIT = (
        "crime-reduction-toolkit",
        "College of Policing Crime Reduction Toolkit",
    )
    PRACTICE_BANK = "practice-bank", "College of Policing practice bank"
    CRIMESOLUTIONS = "crimesolutions", "CrimeSolutions"
    FOUNDATIONS_GUIDEBOOK = "foundations-guidebook", "Foundations guidebook"


class ExternalEvidenceLinkQuerySet(models.QuerySet):
    def published(self):
        return self.filter(intervention__publication_state=PublicationState.PUBLISHED)


class ExternalEvidenceLink(models.Model):
    """The matching strand or entry in another evidence catalogue, with the rating it gives."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="external_evidence"
    )
    catalogue = models.CharField(max_length=40, choices=EvidenceCatalogue.choices)
    title = models.CharField(
        max_length=300,
        help_text="The strand or entry exactly as that catalogue titles it, e.g. 'Mentoring'.",
    )
    url = models.URLField(
        "web address", max_length=500, help_text="The page of that strand or entry."
    )
    rating = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            "The rating in that catalogue's own words, e.g. 'Moderate impact, moderate "
            "evidence'. Leave empty if it gives none."
        ),
    )
    checked_on = models.DateField(
        help_text="When you last opened the page and checked the title and rating."
    )
    note = models.TextField(
        blank=True,
        help_text=(
            "Shown publicly. How closely it matches this entry, e.g. 'Rates the approach in "
            "general, not this intervention'."
        ),
    )

    objects = ExternalEvidenceLinkQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["intervention", "catalogue", "title"]
        verbose_name = "link to evidence elsewhere"
        verbose_name_plural = "links to evidence elsewhere"
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "url"], name="external_evidence_link_unique_url"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_catalogue_display()}) for {self.intervention}"

    def get_absolute_url(self):
        return f"{self.intervention.get_absolute_url()}#evidence-elsewhere"

    def clean(self):
        if self.checked_on and self.checked_on > timezone.localdate():
            raise ValidationError({"checked_on": "The date checked cannot be in the future."})
