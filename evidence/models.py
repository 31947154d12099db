import itertools

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Q
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


# The evidence gap map's counts ------------------------------------------------------------

# A GapMapCount's scope for the whole published catalogue; otherwise a region's or a
# force's facet key (region:london, force:12).
WHOLE_CATALOGUE = ""
# GapMapCount.measure_column of a theme's row total and of the entries with any theme.
ROW_TOTAL = ""


class GapMapCount(models.Model):
    """How many published entries fall in one place of the evidence gap map; kept by
    database triggers only (migration 0003), from each changed entry's facet keys.

    A place is a cell (a theme, a column, an evidence stage and a verdict), a theme's row
    total by stage (measure_column and verdict empty), or, with no theme either, the
    entries with any theme by stage. Each is counted over the whole published catalogue
    (scope "") and over the entries of each region and of each force.
    """

    scope = models.TextField()
    theme_id = models.IntegerField(null=True)
    measure_column = models.TextField()
    evidence_stage = models.TextField()
    verdict = models.TextField()
    # Not a positive field: an upsert that subtracts proposes a negative row first.
    entries = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "theme_id", "measure_column", "evidence_stage", "verdict"],
                name="gap_map_count_place",
                nulls_distinct=False,
            ),
        ]

    def __str__(self):
        return f"{self.scope or 'all'} {self.theme_id} {self.measure_column}: {self.entries}"

    @classmethod
    def places(cls, scopes, evidence_stages=()):
        """(theme_id, measure_column, evidence_stage, verdict, entries) of every place with
        entries in each of ``scopes``, at the given stages (all when none): a few hundred
        rows a scope."""
        counts = cls.objects.filter(scope__in=scopes, entries__gt=0)
        if evidence_stages:
            counts = counts.filter(evidence_stage__in=evidence_stages)
        return list(
            counts.values_list("theme_id", "measure_column", "evidence_stage", "verdict", "entries")
        )

    @classmethod
    def places_in_any(cls, scopes, entries, evidence_stages=()):
        """The places of the entries in any of ``scopes``, ``entries`` being them: each
        scope's kept counts, and, to count once an entry that is in several scopes (two
        lead forces, say), its places less each extra time, counted afresh for those
        entries only, which the index on facet keys finds pair by pair."""
        places = cls.places(scopes, evidence_stages)
        if len(scopes) > 1:
            pairs = Q()
            for pair in itertools.combinations(scopes, 2):
                pairs |= Q(facet_keys__contains=list(pair))
            places += cls.places_counted(entries.filter(pairs), counted_in=scopes)
        return places

    @staticmethod
    def places_counted(entries, counted_in=None):
        """The same rows as places(), counted afresh over the ``entries`` queryset with the
        database function the triggers use: for selections no kept scope answers. With
        ``counted_in`` (scopes), each entry counts minus the times it is counted beyond
        the first in those scopes' kept counts."""
        sql, params = entries.order_by().values_list("facet_keys").query.sql_with_params()
        if counted_in is None:
            each, each_params = "1", []
        else:
            each = "1 - (SELECT COUNT(*) FROM unnest(entry.facet_keys) AS k WHERE k = ANY(%s))"
            each_params = [list(counted_in)]
        counting = f"""
            SELECT place.theme_id, place.measure_column, place.evidence_stage, place.verdict,
                SUM({each})::integer
            FROM ({sql}) AS entry(facet_keys),
                evidence_gap_map_places(entry.facet_keys) AS place
            GROUP BY 1, 2, 3, 4
        """
        with connection.cursor() as cursor:
            cursor.execute(counting, [*each_params, *params])
            return cursor.fetchall()
