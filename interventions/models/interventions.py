from datetime import timedelta
from typing import NamedTuple

from django.apps import apps
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_update_with_history

from interventions import facet_index


class SlugQuerySet(models.QuerySet):
    """Lets fixtures refer to rows by slug, so they load the same on any database."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SlugNaturalKeyMixin:
    def natural_key(self):
        return (self.slug,)


class Region(models.TextChoices):
    NORTH_EAST = "north-east", "North East"
    NORTH_WEST = "north-west", "North West"
    YORKSHIRE_AND_THE_HUMBER = "yorkshire-and-the-humber", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east-midlands", "East Midlands"
    WEST_MIDLANDS = "west-midlands", "West Midlands"
    EAST_OF_ENGLAND = "east-of-england", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south-east", "South East"
    SOUTH_WEST = "south-west", "South West"
    WALES = "wales", "Wales"
    NATIONAL = "national", "National (Great Britain)"


class Country(models.TextChoices):
    ENGLAND = "england", "England"
    WALES = "wales", "Wales"
    GREAT_BRITAIN = "great-britain", "Great Britain"


class Force(SlugNaturalKeyMixin, models.Model):
    name = models.CharField(max_length=100, unique=True)
    short_name = models.CharField(
        max_length=60,
        help_text="The place name people use for the force area, e.g. 'Thames Valley'.",
    )
    slug = models.SlugField(max_length=100, unique=True)
    region = models.CharField(max_length=30, choices=Region.choices, db_index=True)
    country = models.CharField(max_length=20, choices=Country.choices)

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:force", args=[self.slug])


class Theme(SlugNaturalKeyMixin, models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(
        help_text="One or two sentences telling a practitioner what the theme covers."
    )

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:theme", args=[self.slug])


class OrderedLookup(SlugNaturalKeyMixin, models.Model):
    """A short, fixed list that is shown in a set order rather than alphabetically."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = SlugQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Purpose(OrderedLookup):
    """The four purpose types of the VKPP call for practice."""


class Setting(OrderedLookup):
    """Where an intervention is delivered: custody, an emergency department, a school..."""


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
        return reverse("catalogue:organisation", args=[self.slug])


class SourceKind(models.TextChoices):
    WEB_PAGE = "web-page", "Web page"
    REPORT = "report", "Report"
    EVENT = "event", "Event announcement"
    MEETING_NOTES = "meeting-notes", "Meeting notes"
    CALL_FOR_PRACTICE = "call-for-practice", "Call for practice"


class SourceDocumentQuerySet(SlugQuerySet):
    def public(self):
        """Documents the public may see: cited by a published entry, or the source of its
        funding, figures, seminar sessions or of a report covering it. The rest are known
        only to work in progress and must not be revealed."""
        EvaluationReport = apps.get_model("evaluations", "EvaluationReport")
        OutcomeMetric = apps.get_model("evaluations", "OutcomeMetric")
        SeminarSession = apps.get_model("evaluations", "SeminarSession")

        return self.filter(
            Exists(SourceCitation.objects.of_published().filter(source=OuterRef("pk")))
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
        return f"{reverse('catalogue:list')}?source={self.slug}"


class PublicationState(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in-review", "In review"
    PUBLISHED = "published", "Published"


PUBLISH_PERMISSION = "interventions.publish_intervention"


def may_publish(user):
    """Publishing and unpublishing are a curator's decision, wherever the request comes from."""
    return user is not None and user.is_active and user.has_perm(PUBLISH_PERMISSION)


def history_reason(text):
    """History keeps a change reason of at most 100 characters."""
    return text if len(text) <= 100 else text[:99] + "…"


class PublicationWorkflowError(Exception):
    """An entry cannot make the requested move, e.g. a published entry sent for review."""


class Transition(NamedTuple):
    target: str
    sources: tuple
    needs_publish_permission: bool
    reason: str

    def check_permission(self, user):
        if self.needs_publish_permission and not may_publish(user):
            raise PermissionDenied("Only curators can publish or unpublish entries.")


SEND_FOR_REVIEW = Transition(
    PublicationState.IN_REVIEW, (PublicationState.DRAFT,), False, "Sent for review"
)
PUBLISH = Transition(
    PublicationState.PUBLISHED,
    (PublicationState.DRAFT, PublicationState.IN_REVIEW),
    True,
    "Published",
)
UNPUBLISH = Transition(PublicationState.DRAFT, (PublicationState.PUBLISHED,), True, "Unpublished")


class Status(models.TextChoices):
    PLANNED = "planned", "Planned"
    PILOT = "pilot", "Pilot"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


class EvidenceStage(models.TextChoices):
    """From least to most evidence; the order matters for sorting."""

    UNTESTED = "untested", "Untested or new"
    FEASIBILITY_PENDING = "feasibility-pending", "Feasibility study pending"
    EARLY_OUTCOMES = "early-outcomes", "Early outcomes reported"
    LOCALLY_EVALUATED = "locally-evaluated", "Locally evaluated"
    INDEPENDENTLY_EVALUATED = "independently-evaluated", "Independently evaluated"

    @classmethod
    def rank_of(cls, value):
        return cls.values.index(value)


# Longer searches are cut to this many words, which keeps every search query small.
SEARCH_MAX_WORDS = 10
SEARCH_PUNCTUATION = "\"'\u2018\u2019\u201c\u201d()[]{}<>,.;:!?*"

# Sort keys shared by the public list and the API. "evidence" puts the strongest first.
ORDERINGS = {
    "relevance": ("-relevance", "name"),
    "name": ("name",),
    "-name": ("-name",),
    "-updated": ("-updated_at", "name"),
    "updated": ("updated_at", "name"),
    "evidence": None,
    "-evidence": None,
}


def search_words(terms, limit=SEARCH_MAX_WORDS):
    """The distinct words of a search, lower-cased, without surrounding punctuation."""
    words = []
    for raw in (terms or "").split():
        word = raw.strip(SEARCH_PUNCTUATION).lower()
        if word and word not in words:
            words.append(word)
    return words[:limit]


# How many of the most recently updated entries sharing only a theme or only a force
# are ranked for an entry's related entries (see related_to).
RELATED_RECENT_CANDIDATES = 50


def count_of(links):
    """The number of rows in a correlated subquery of link rows, as an expression."""
    return Subquery(
        links.order_by().values("intervention_id").annotate(total=Count("pk")).values("total"),
        output_field=models.IntegerField(),
    )


class InterventionQuerySet(SlugQuerySet):
    def published(self):
        return self.filter(publication_state=PublicationState.PUBLISHED)

    def with_evidence_rank(self):
        return self.annotate(
            evidence_rank=Case(
                *[
                    When(evidence_stage=value, then=Value(rank))
                    for rank, value in enumerate(EvidenceStage.values)
                ],
                output_field=models.IntegerField(),
            )
        )

    def suitable_for_age(self, age):
        return self.filter(
            Q(age_min__isnull=True) | Q(age_min__lte=age),
            Q(age_max__isnull=True) | Q(age_max__gte=age),
        )

    def search(self, terms, names_only=None):
        """Entries matching ``terms``, annotated with ``relevance`` and a ``snippet``.

        Full-text search (interventions.search): ranked, with web-search syntax, typo
        tolerance on names and highlighted snippets. Without words, every entry matches.
        """
        if not search_words(terms):
            return self.annotate(relevance=Value(0, output_field=models.IntegerField()))
        from interventions.search import full_text_search

        return full_text_search(self, terms, names_only)

    # Each filter is an overlap with the entry's GIN-indexed facet keys
    # (interventions.facet_index).

    def with_themes(self, slugs):
        return self._linked_to("themes", slugs)

    def with_forces(self, slugs):
        return self._linked_to("forces", slugs)

    def in_regions(self, regions):
        return self.filter(facet_index.having_any("region", regions))

    def with_purposes(self, slugs):
        return self._linked_to("purposes", slugs)

    def in_settings(self, slugs):
        return self._linked_to("delivery_settings", slugs)

    def from_sources(self, slugs):
        return self.filter(facet_index.having_any_of("source", SourceDocument, slug__in=slugs))

    def at_evidence_stages(self, stages):
        return self.filter(facet_index.having_any("evidence_stage", stages))

    def with_statuses(self, statuses):
        return self.filter(facet_index.having_any("status", statuses))

    def with_report(self, has_report=True):
        return self.filter(facet_index.having_any("has_report", [str(has_report).lower()]))

    def _linked_to(self, relation, slugs):
        """Entries linked through the many-to-many ``relation`` to any of ``slugs``."""
        model = Intervention._meta.get_field(relation).related_model
        facet = model._meta.model_name  # theme, force, purpose, setting: as in FACETS
        return self.filter(facet_index.having_any_of(facet, model, slug__in=slugs))

    def with_report_count(self):
        """Annotates ``report_count``, the number of evaluation reports of each entry."""
        EvaluationReport = apps.get_model("evaluations", "EvaluationReport")

        links = EvaluationReport.interventions.through.objects.filter(
            intervention_id=OuterRef("pk")
        )
        return self.annotate(report_count=Coalesce(count_of(links), Value(0)))

    def ordered_by(self, ordering):
        """Sort by one of ORDERINGS; relevance needs ``search()`` to have run first."""
        if ordering in {"evidence", "-evidence"}:
            rank = "-evidence_rank" if ordering == "evidence" else "evidence_rank"
            return self.with_evidence_rank().order_by(rank, "name", "pk")
        return self.order_by(*ORDERINGS[ordering], "pk")

    def related_to(self, intervention, theme_ids, force_ids, limit=5):
        """Published entries sharing a theme or a lead force, those sharing most first.

        The caller passes the ids it already holds, so this is a single query. On a large
        catalogue, ranking every entry that shares one theme would read tens of thousands
        of rows. Entries sharing a theme *and* a force are few, so they are ranked in full.
        Of those sharing only one kind, only the most recently updated few dozen are
        ranked: on a small catalogue that is all of them; on a large one, an entry sharing
        many themes but updated long ago may be passed over for a more recent one.
        """
        if not theme_ids and not force_ids:
            return self.none()
        candidates = self.published().exclude(pk=intervention.pk)
        groups = [
            [facet_index.key(facet, pk) for pk in ids]
            for facet, ids in (("theme", theme_ids), ("force", force_ids))
            if ids
        ]
        shared = facet_index.shared_keys([key for group in groups for key in group])
        order = ("-shared", "-updated_at", "name")
        shares_each = (
            candidates.filter(facet_index.overlapping_each(groups))
            .annotate(shared=shared)
            .order_by(*order)[:limit]
        )
        if len(groups) == 1:
            return shares_each
        shares_some = (
            candidates.filter(facet_index.overlapping_some_but_not_each(groups))
            .annotate(shared=shared)
            .order_by("-updated_at", "name")[:RELATED_RECENT_CANDIDATES]
        )
        return shares_each.union(shares_some, all=True).order_by(*order)[:limit]

    def due_for_review(self, today=None):
        """Entries nobody has checked against their sources for twelve months, or ever."""
        today = today or timezone.localdate()
        cutoff = today - timedelta(days=365)
        return self.filter(Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=cutoff))

    # The publication workflow in bulk. Entries not in a state the move starts from are left
    # alone; each method returns how many entries moved. One history row per moved entry.

    def send_for_review(self, by=None, reason=None):
        return self._apply(SEND_FOR_REVIEW, by, reason)

    def publish(self, by, reason=None):
        return self._apply(PUBLISH, by, reason)

    def unpublish(self, by, reason=None):
        return self._apply(UNPUBLISH, by, reason)

    def mark_reviewed(self, by=None, on=None, reason=None):
        on = on or timezone.localdate()
        entries = list(self)
        now = timezone.now()
        for entry in entries:
            entry.last_reviewed = on
            entry.updated_at = now
        bulk_update_with_history(
            entries,
            self.model,
            ["last_reviewed", "updated_at"],
            default_user=by,
            default_change_reason=history_reason(reason or f"Marked as reviewed on {on:%-d %B %Y}"),
        )
        catalogue_changed()
        return len(entries)

    def _apply(self, transition, by, reason):
        transition.check_permission(by)
        entries = list(self.filter(publication_state__in=transition.sources))
        now = timezone.now()
        for entry in entries:
            entry._enter(transition.target, now)
        bulk_update_with_history(
            entries,
            self.model,
            ["publication_state", "published_at", "updated_at"],
            default_user=by,
            default_change_reason=history_reason(reason or transition.reason),
        )
        catalogue_changed()
        return len(entries)


def catalogue_changed():
    """Bulk updates send no save signals; tell the public page cache about them here."""
    from interventions.catalogue_cache import bump_version

    bump_version()


class Intervention(SlugNaturalKeyMixin, models.Model):
    name = models.CharField(max_length=200)
    short_name = models.CharField(
        max_length=60, blank=True, help_text="Acronym or short name, e.g. 'CIRV' or 'Op Deter'."
    )
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(
        help_text="One paragraph, in our own words: what it does, for whom, and why."
    )
    description = models.TextField(
        blank=True, help_text="The fuller account: how it works, who delivers it, what was learnt."
    )
    purposes = models.ManyToManyField(Purpose, blank=True, related_name="interventions")
    themes = models.ManyToManyField(Theme, blank=True, related_name="interventions")
    forces = models.ManyToManyField(
        Force,
        blank=True,
        related_name="interventions",
        help_text="The police forces that lead or run it.",
    )
    organisations = models.ManyToManyField(
        Organisation, through="PartnerRole", blank=True, related_name="interventions"
    )
    age_min = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Youngest age worked with, if the source says."
    )
    age_max = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Oldest age worked with, if the source says."
    )
    target_group = models.CharField(
        max_length=300, blank=True, help_text="Who it works with, e.g. 'Detainees aged 18 to 25'."
    )
    delivery_settings = models.ManyToManyField(
        Setting, blank=True, related_name="interventions", verbose_name="settings"
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)
    evidence_stage = models.CharField(
        max_length=30,
        choices=EvidenceStage.choices,
        default=EvidenceStage.UNTESTED,
        db_index=True,
    )
    contact_email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    sources = models.ManyToManyField(
        SourceDocument, through="SourceCitation", blank=True, related_name="interventions"
    )
    curator_note = models.TextField(
        blank=True,
        help_text=(
            "Shown publicly. Use it where a source contradicts itself or its own arithmetic: "
            "keep the source's figure and explain here."
        ),
    )
    publication_state = models.CharField(
        max_length=20,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
        help_text="Only published entries appear on the public site, API and exports.",
    )
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Set automatically when the entry is first published."
    )
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        help_text="When a curator last checked the entry against its sources.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Derived from the entry and its links, and kept current by interventions.search and
    # interventions.facet_index; never typed in.
    search_vector = SearchVectorField(null=True, editable=False)
    facet_keys = ArrayField(models.TextField(), null=True, blank=True, editable=False)

    objects = InterventionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector", "facet_keys"])

    class Meta:
        ordering = ["name"]
        permissions = [
            ("publish_intervention", "Can publish and unpublish entries"),
            ("view_data_quality", "Can see the data-quality report"),
        ]
        constraints = [
            models.CheckConstraint(
                name="intervention_age_min_not_above_age_max",
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=F("age_max")),
            ),
            models.CheckConstraint(
                name="intervention_age_max_plausible",
                condition=Q(age_max__isnull=True) | Q(age_max__lte=120),
            ),
            models.CheckConstraint(
                name="intervention_start_year_not_after_end_year",
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(start_year__lte=F("end_year")),
            ),
            models.CheckConstraint(
                name="intervention_published_has_date",
                condition=~Q(publication_state=PublicationState.PUBLISHED)
                | Q(published_at__isnull=False),
            ),
        ]
        indexes = [
            # The public list filters every query on the publication state.
            models.Index(fields=["publication_state", "name"], name="intervention_state_name"),
            # "Most recently updated" sort on the public list and home page.
            models.Index(fields=["publication_state", "-updated_at"], name="intervention_recent"),
            # The curators' "due for review" filter.
            models.Index(fields=["last_reviewed"], name="intervention_last_reviewed"),
            # The @@ match of every keyword search.
            GinIndex(fields=["search_vector"], name="intervention_search_vector"),
            # The typo-tolerant name match (trigram word similarity).
            GinIndex(fields=["name"], name="intervention_name_trigram", opclasses=["gin_trgm_ops"]),
            # Every filter of the public list, and the facet counts over its results.
            GinIndex(fields=["facet_keys"], name="intervention_facet_keys"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.publication_state == PublicationState.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalogue:detail", args=[self.slug])

    @property
    def is_published(self):
        return self.publication_state == PublicationState.PUBLISHED

    def purposes_and_settings(self):
        """The names of the entry's purposes and of its settings, each in their set order.

        One query for both short lists, which an entry's page shows side by side.
        """
        purposes = (
            Purpose.objects.filter(interventions=self)
            .order_by()
            .values_list(Value("purpose"), "position", "name")
        )
        settings = (
            Setting.objects.filter(interventions=self)
            .order_by()
            .values_list(Value("setting"), "position", "name")
        )
        names = {"purpose": [], "setting": []}
        for kind, _, name in sorted(purposes.union(settings, all=True)):
            names[kind].append(name)
        return names["purpose"], names["setting"]

    def send_for_review(self, by=None, reason=None):
        self._move(SEND_FOR_REVIEW, by, reason)

    def publish(self, by, reason=None):
        self._move(PUBLISH, by, reason)

    def unpublish(self, by, reason=None):
        self._move(UNPUBLISH, by, reason)

    def mark_reviewed(self, by=None, on=None, reason=None):
        on = on or timezone.localdate()
        self.last_reviewed = on
        self._save_with_history(by, reason or f"Marked as reviewed on {on:%-d %B %Y}")

    def _move(self, transition, by, reason):
        transition.check_permission(by)
        if self.publication_state not in transition.sources:
            raise PublicationWorkflowError(
                f"“{self}” is {self.get_publication_state_display().lower()}, so it cannot be "
                f"moved to {PublicationState(transition.target).label.lower()}."
            )
        self._enter(transition.target, timezone.now())
        self._save_with_history(by, reason or transition.reason)

    def _enter(self, state, now):
        self.publication_state = state
        if state == PublicationState.PUBLISHED and self.published_at is None:
            self.published_at = now
        self.updated_at = now

    def _save_with_history(self, by, reason):
        self._history_user = by
        self._change_reason = history_reason(reason)
        self.save()

    @property
    def display_name(self):
        if self.short_name and self.short_name.lower() not in self.name.lower():
            return f"{self.name} ({self.short_name})"
        return self.name

    @property
    def snippet_html(self):
        """The matched part of the summary with the search words marked, after a search."""
        from interventions.search import highlighted

        return highlighted(getattr(self, "snippet", ""))

    @property
    def age_range_display(self):
        if self.age_min is not None and self.age_max is not None:
            return f"{self.age_min} to {self.age_max}"
        if self.age_min is not None:
            return f"{self.age_min} and over"
        if self.age_max is not None:
            return f"up to {self.age_max}"
        return ""

    @property
    def years_display(self):
        if self.start_year and self.end_year:
            if self.start_year == self.end_year:
                return str(self.start_year)
            return f"{self.start_year} to {self.end_year}"
        if self.start_year:
            return f"since {self.start_year}"
        return ""

    def clean(self):
        errors = {}
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors["age_max"] = "The oldest age cannot be below the youngest age."
        if self.age_max is not None and self.age_max > 120:
            errors["age_max"] = "Ages above 120 are not plausible."
        if self.start_year and self.end_year and self.start_year > self.end_year:
            errors["end_year"] = "The end year cannot be before the start year."
        if errors:
            raise ValidationError(errors)


class PartnerRoleKind(models.TextChoices):
    LEAD = "lead", "Lead"
    DELIVERY_PARTNER = "delivery-partner", "Delivery partner"
    FUNDER = "funder", "Funder"
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


class CatalogueVersion(models.Model):
    """One row, counted up in the same transaction as every change to the public catalogue.

    Cached pages and aggregates are keyed by it, and every app server reads it again
    every few seconds (interventions.catalogue_cache), so a change reaches them all even when the
    shared cache could not be told about it.
    """

    number = models.PositiveBigIntegerField(default=1)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(name="catalogue_version_single_row", condition=Q(pk=1)),
        ]

    def __str__(self):
        return f"Catalogue version {self.number}"

    @classmethod
    def current(cls):
        return cls.objects.filter(pk=1).values_list("number", flat=True).first() or 0

    @classmethod
    def bump(cls):
        if not cls.objects.filter(pk=1).update(number=F("number") + 1):
            # Only where the row went missing, e.g. a test database flushed between tests.
            cls.objects.get_or_create(pk=1)
