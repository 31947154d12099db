"""The organisations that lead, deliver, fund, publish or evaluate the work."""

from django.apps import apps
from django.db import models
from django.db.models import (
    Exists,
    OuterRef,
    Q,
)

from interventions.addresses import slug_address
from interventions.models.base import SlugNaturalKeyMixin, SlugQuerySet
from interventions.models.vocabulary import Force


class OrganisationKind(models.TextChoices):
    VIOLENCE_REDUCTION_UNIT = "vru", "Violence reduction unit or partnership"
    PCC_OFFICE = "pcc-office", "Office of a police and crime commissioner or mayor"
    NHS = "nhs", "NHS body"
    CHARITY = "charity", "Charity or community organisation"
    UNIVERSITY = "university", "University or research organisation"
    LOCAL_AUTHORITY = "local-authority", "Local authority or youth justice service"
    CRIMINAL_JUSTICE = "criminal-justice", "Criminal justice agency"
    NATIONAL_BODY = "national-body", "National policing or government body"
    OTHER = "other", "Other"


class OrganisationQuerySet(SlugQuerySet):
    def public(self):
        """Organisations the public may see: a partner or funder of a published entry, or the
        publisher or evaluator of a report covering one. The rest are known only to work in
        progress and must not be revealed."""
        # links builds on this module, and evaluations on this app: looked up when called.
        from interventions.models.links import Funding, PartnerRole

        EvaluationReport = apps.get_model("evaluations", "EvaluationReport")

        return self.filter(
            Exists(PartnerRole.objects.of_published().filter(organisation=OuterRef("pk")))
            | Exists(Funding.objects.of_published().filter(funder=OuterRef("pk")))
            | Exists(
                EvaluationReport.objects.published().filter(
                    Q(publisher=OuterRef("pk")) | Q(evaluator=OuterRef("pk"))
                )
            )
        )


class Organisation(SlugNaturalKeyMixin, models.Model):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, blank=True, help_text="Acronym, e.g. 'MVRP'.")
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices, db_index=True)
    force_area = models.ForeignKey(
        Force,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
        help_text="The police force area it serves, if it serves one.",
    )
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_address("catalogue:organisation", self.slug)
