"""The documents everything in the catalogue is traced back to."""

from functools import cache

from django.apps import apps
from django.db import models
from django.db.models import (
    Exists,
    OuterRef,
)

from interventions.addresses import address
from interventions.models.base import SlugNaturalKeyMixin, SlugQuerySet
from interventions.models.workflow import PublicationState


class SourceKind(models.TextChoices):
    WEB_PAGE = "web-page", "Web page"
    REPORT = "report", "Report"
    EVENT = "event", "Event announcement"
    MEETING_NOTES = "meeting-notes", "Meeting notes"
    CALL_FOR_PRACTICE = "call-for-practice", "Call for practice"


class SourceDocumentQuerySet(SlugQuerySet):
    def public(self):
        """Documents the public may see: cited by a published entry, or the source of its
        funding, figures, seminar sessions or of a report covering it, or the definition
        of a theme (every theme's page is public). The rest are known only to work in
        progress and must not be revealed."""
        return self.filter(public_source_condition())


@cache
def public_source_condition():
    """SourceDocumentQuerySet.public()'s condition. It depends on nothing but the code, and
    a page may ask for public documents twice: built once per process (filter() copies
    what it is given, never changing it)."""
    # links builds on this module, and evaluations on this app: looked up when called.
    from interventions.models.links import Funding, SourceCitation

    EvaluationReport = apps.get_model("evaluations", "EvaluationReport")
    OutcomeMetric = apps.get_model("evaluations", "OutcomeMetric")
    SeminarSession = apps.get_model("evaluations", "SeminarSession")
    Theme = apps.get_model("interventions", "Theme")

    return (
        Exists(Theme.objects.filter(definition_source=OuterRef("pk")))
        | Exists(SourceCitation.objects.of_published().filter(source=OuterRef("pk")))
        | Exists(Funding.objects.of_published().filter(source=OuterRef("pk")))
        | Exists(OutcomeMetric.objects.published().filter(source=OuterRef("pk")))
        | Exists(EvaluationReport.objects.published().filter(source=OuterRef("pk")))
        | Exists(
            SeminarSession.objects.filter(
                source=OuterRef("pk"),
                interventions__publication_state=PublicationState.PUBLISHED,
            )
        )
    )


class SourceDocument(SlugNaturalKeyMixin, models.Model):
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=100, unique=True)
    publisher = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=SourceKind.choices)
    published_on = models.DateField(
        null=True, blank=True, help_text="Leave empty when the document gives no full date."
    )
    date_note = models.CharField(
        max_length=200,
        blank=True,
        help_text="The date as the document words it, e.g. 'First published 25 February 2022'.",
    )
    url = models.URLField(blank=True)
    summary = models.TextField(blank=True, help_text="What the document is, in our own words.")

    objects = SourceDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{address('catalogue:list')}?source={self.slug}"


class UncataloguedMentionQuerySet(models.QuerySet):
    def public(self):
        """Mentions in documents the public may see."""
        return self.filter(source__in=SourceDocument.objects.public())

    def get_by_natural_key(self, source_slug, key):
        return self.get(source__slug=source_slug, key=key)


class UncataloguedMention(models.Model):
    """Practice a source names in passing without saying enough to make it an entry.

    Listed with its source, so a reader who meets the name in the document sees that
    the catalogue read it and why it holds no entry for it.
    """

    source = models.ForeignKey(
        SourceDocument, on_delete=models.CASCADE, related_name="uncatalogued_mentions"
    )
    key = models.SlugField(
        max_length=100, help_text="A short name for this mention, unique within the source."
    )
    name = models.CharField(max_length=200, help_text="The name as the source gives it.")
    section = models.CharField(
        max_length=200, help_text="Where the source mentions it, e.g. 'Lessons learned'."
    )
    what_the_source_says = models.TextField(
        help_text="All the source says about it, in the catalogue's own words."
    )
    why_not_an_entry = models.TextField(
        help_text=(
            "Why it has no entry: what an entry would need (a place, who runs it, what it "
            "does) that the source does not give."
        )
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    objects = UncataloguedMentionQuerySet.as_manager()

    class Meta:
        ordering = ["source", "position", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "key"], name="uncatalogued_mention_key_unique"
            ),
        ]

    def __str__(self):
        return f"{self.name} (mentioned in {self.source})"

    def get_absolute_url(self):
        return f"{address('catalogue:home')}#mention-{self.source.slug}-{self.key}"

    def natural_key(self):
        return (self.source.slug, self.key)

    natural_key.dependencies = ["interventions.sourcedocument"]
