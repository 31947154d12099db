"""The catalogue entry, its queryset (publication, search, facets, related entries) and its
publication moves."""

import functools
import operator
from datetime import timedelta

from django.apps import apps
from django.contrib.postgres.aggregates import JSONBAgg
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    JSONField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, JSONObject
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_update_with_history

from interventions import facet_index
from interventions.addresses import slug_address
from interventions.models.base import SlugNaturalKeyMixin, SlugQuerySet
from interventions.models.organisations import Organisation
from interventions.models.sources import SourceDocument
from interventions.models.vocabulary import Force, Purpose, Setting, Theme
from interventions.models.workflow import (
    PUBLISH,
    SEND_FOR_REVIEW,
    UNPUBLISH,
    PublicationState,
    PublicationWorkflowError,
    announce_first_publication,
    history_reason,
)


class Status(models.TextChoices):
    PLANNED = "planned", "Planned"
    PILOT = "pilot", "Pilot"
    ACTIVE = "active", "Reported active"
    ENDED = "ended", "Ended"
    NOT_KNOWN = "not-known", "Not known"


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


class Verdict(models.TextChoices):
    """What an entry's evaluations found, from the strongest claim down to none yet.

    Defined in words on the public "How we rate evidence" page (interventions.evidence).
    """

    REDUCED_HARM = "reduced-harm", "Evidence of reduced violence or harm"
    MIXED = "mixed", "Mixed or no clear effect"
    INCREASED_HARM = "increased-harm", "Evidence of increased harm"
    NOT_YET_KNOWN = "not-yet-known", "Not yet known"


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
# What a list of related entries reads of each: its link, name, evidence stage and summary,
# and the date it is ordered by.
RELATED_FIELDS = ("slug", "name", "short_name", "evidence_stage", "summary", "updated_at")
RELATED_RECENT_CANDIDATES = 50
# Searches of the facet keys' index for the related entries sharing most, at most.
RELATED_MOST_INDEX_SEARCHES = 12
# What a list of entries never shows: the columns for finding an entry (its search vector
# and facet keys, about 2 kB together) and the texts only its own page or the staff read.
NOT_LISTED = (
    "search_vector",
    "facet_keys",
    "description",
    "curator_note",
    "staff_notes",
    "inference_note",
)


def count_of(links):
    """The number of rows in a correlated subquery of link rows, as an expression."""
    return Subquery(
        links.order_by().values("intervention_id").annotate(total=Count("pk")).values("total"),
        output_field=models.IntegerField(),
    )


def verdict_annotations(entry_id):
    """``verdict`` and ``verdict_self_reported`` of the entry whose id is the outer query's
    ``entry_id`` field: the entry itself ("pk") or a row of the entry ("intervention_id")."""
    EvidenceRating = apps.get_model("evaluations", "EvidenceRating")
    rating = EvidenceRating.objects.filter(intervention_id=OuterRef(entry_id))
    return {
        "verdict": Coalesce(
            Subquery(rating.values("verdict")),
            Value(Verdict.NOT_YET_KNOWN.value),
            output_field=models.TextField(),
        ),
        "verdict_self_reported": Coalesce(
            Subquery(rating.values("rests_on_self_reported_figures")),
            Value(False),
            output_field=models.BooleanField(),
        ),
    }


def age_range_words(age_min, age_max):
    """'11 to 24', '18 and over', 'up to 17', or '' when neither end is given."""
    if age_min is not None and age_max is not None:
        return f"{age_min} to {age_max}"
    if age_min is not None:
        return f"{age_min} and over"
    if age_max is not None:
        return f"up to {age_max}"
    return ""


def covers_age(age, prefix=""):
    """Rows whose own range (open where an end is not given) includes ``age``."""
    return (Q(**{f"{prefix}age_min__isnull": True}) | Q(**{f"{prefix}age_min__lte": age})) & (
        Q(**{f"{prefix}age_max__isnull": True}) | Q(**{f"{prefix}age_max__gte": age})
    )


class FacetFilters(models.QuerySet):
    """The filters that are overlaps with an entry's GIN-indexed facet keys
    (interventions.facet_index): shared by the entries and by the published entries' keys
    kept apart (PublishedFacetKeys), which have the same ``facet_keys``."""

    def with_themes(self, slugs, every=False):
        """Entries filed under any of the themes ``slugs``, or with ``every``, all of them."""
        if every:
            return self.filter(facet_index.having_all_of("theme", Theme, slug__in=slugs))
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

    def with_verdicts(self, verdicts):
        return self.filter(facet_index.having_any("verdict", verdicts))

    def with_report(self, has_report=True):
        return self.filter(facet_index.having_any("has_report", [str(has_report).lower()]))

    def _linked_to(self, relation, slugs):
        """Entries linked through the many-to-many ``relation`` to any of ``slugs``."""
        model = Intervention._meta.get_field(relation).related_model
        facet = model._meta.model_name  # theme, force, purpose, setting: as in FACETS
        return self.filter(facet_index.having_any_of(facet, model, slug__in=slugs))


class InterventionQuerySet(FacetFilters, SlugQuerySet):
    def published(self):
        return self.filter(publication_state=PublicationState.PUBLISHED)

    def with_lessons(self):
        """Annotates ``lesson_list``: the entry's lessons in order, each a dict with its
        source, read in the entry's own query (a JSON aggregate), so the entry's page and
        the API show them without a query of their own."""
        return self._with_sourced_rows("Lesson", "lesson_list", "key", "text")

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
        """Entries whose own ages or any of whose age groups include ``age``.

        An entry's known ages are its own range and its groups' ranges. An entry that knows
        none is kept (its ages are unknown; giving_an_age leaves it out); an entry that gives
        no range of its own but lists groups is found through its groups."""
        group = apps.get_model("interventions", "AgeGroup")
        own_range_given = Q(age_min__isnull=False) | Q(age_max__isnull=False)
        groups = group.objects.filter(intervention=OuterRef("pk"))
        return self.filter(
            Exists(groups.filter(covers_age(age)))
            | (covers_age(age) & (own_range_given | ~Exists(groups)))
        )

    def giving_an_age(self):
        """Entries that give at least one end of the ages they, or a group of theirs, work
        with."""
        group = apps.get_model("interventions", "AgeGroup")
        return self.filter(
            Q(age_min__isnull=False)
            | Q(age_max__isnull=False)
            | Exists(group.objects.filter(intervention=OuterRef("pk")))
        )

    def with_age_groups(self):
        """Annotates ``age_group_list``: the entry's age groups in order, each a dict with its
        source, read in the entry's own query like with_lessons."""
        return self._with_sourced_rows(
            "AgeGroup", "age_group_list", "key", "label", "age_min", "age_max"
        )

    def _with_sourced_rows(self, model_name, annotation, *fields):
        """Annotates ``annotation`` with the entry's rows of ``model_name`` (by position, then
        key) as a JSON list of dicts: ``fields`` and the row's source, in one subquery."""
        model = apps.get_model("interventions", model_name)
        rows = (
            model.objects.filter(intervention=OuterRef("pk"))
            .order_by()
            .values("intervention")
            .annotate(
                items=JSONBAgg(
                    JSONObject(
                        **{field: field for field in fields},
                        source_slug="source__slug",
                        source_title="source__title",
                        source_publisher="source__publisher",
                        source_url="source__url",
                        source_section="source_section",
                    ),
                    order_by=("position", "key"),
                )
            )
            .values("items")
        )
        return self.annotate(
            **{
                annotation: Coalesce(
                    Subquery(rows, output_field=JSONField()), Value([], JSONField())
                )
            }
        )

    def search(self, terms, names_only=None, reading=None):
        """Entries matching ``terms``, annotated with ``relevance`` and a ``snippet``.

        Full-text search (interventions.search): ranked, with web-search syntax, typo
        tolerance on names and highlighted snippets. Without words, every entry matches.
        With a ``reading`` (interventions.interpretation.read_search), the search is read
        in the vocabulary's terms: places, forces and regions, synonyms and typos.
        """
        if not search_words(terms):
            return self.annotate(relevance=Value(0, output_field=models.IntegerField()))
        from interventions.search import full_text_search, read_search_results

        if reading is not None and not reading.as_typed:
            return read_search_results(self, reading)
        return full_text_search(self, terms, names_only)

    def with_report_count(self):
        """Annotates ``report_count``, the number of evaluation reports of each entry.

        Only reports that evaluate the entry count; an annual or performance report or a
        prior review does not (evaluations.ReportType.EVALUATIONS).
        """
        EvaluationReport = apps.get_model("evaluations", "EvaluationReport")

        links = EvaluationReport.interventions.through.objects.filter(
            intervention_id=OuterRef("pk"), evaluationreport__is_evaluation=True
        )
        return self.annotate(report_count=Coalesce(count_of(links), Value(0)))

    def with_verdict(self):
        """Annotates ``verdict``, the entry's rated verdict or "not yet known", and
        ``verdict_self_reported``, whether it rests on self-reported figures."""
        return self.annotate(**verdict_annotations("pk"))

    def with_card_facts(self):
        """What an entry's card shows beyond its own fields: report count and verdict; and
        none of the columns a card never shows."""
        return self.with_report_count().with_verdict().defer(*NOT_LISTED)

    def ranked_by_word(self, lexeme):
        """The entries with the full-text ``lexeme``, sorted as ``ordered_by("relevance")``
        sorts a search of one word whose only lexeme it is, for published entries.

        The order is read from the index of the kept PublishedWord rows (minus ts_rank for
        the word, then name and id), so a page is found without ranking every match.
        Those rows exist for published entries only: the queryset must hold no others.
        """
        return self.filter(published_words__lexeme=lexeme).order_by(
            "published_words__rank_key", "published_words__name", "published_words__intervention_id"
        )

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
        candidates = self.published().exclude(pk=intervention.pk).only(*RELATED_FIELDS)
        groups = [
            [facet_index.key(facet, pk) for pk in ids]
            for facet, ids in (("theme", theme_ids), ("force", force_ids))
            if ids
        ]
        shared = facet_index.shared_keys([key for group in groups for key in group])
        order = ("-shared", "-updated_at", "name")
        shares_each = candidates.filter(facet_index.overlapping_each(groups)).annotate(
            shared=shared
        )
        # Those sharing a key of each kind are thousands on a large catalogue, most of
        # them one key of each; ranking them all read each one's row. Those sharing more
        # (found through the facet keys' index, a search for each pair of keys of one
        # kind) are few and are ranked in full; the rest all share as many, so only the
        # most recently updated of them can rank, read in that order. Past a dozen
        # searches (half a millisecond each or more) ranking them all costs less.
        shares_more = facet_index.overlapping_each_and_twice_one(groups)
        if shares_more is None:
            # Each shares one key of each kind: as many.
            parts = [shares_each.order_by("-updated_at", "name")[:limit]]
        elif facet_index.searches_for_twice_one(groups) > RELATED_MOST_INDEX_SEARCHES:
            parts = [shares_each.order_by(*order)[:limit]]
        else:
            parts = [
                # Each of these shares a key of each kind: no overlap to search again.
                candidates.filter(shares_more).annotate(shared=shared).order_by(*order)[:limit],
                shares_each.exclude(shares_more).order_by("-updated_at", "name")[:limit],
            ]
        if len(groups) > 1:
            parts.append(
                candidates.filter(facet_index.overlapping_some_but_not_each(groups))
                .annotate(shared=shared)
                .order_by("-updated_at", "name")[:RELATED_RECENT_CANDIDATES]
            )
        if len(parts) == 1:
            return parts[0]
        return parts[0].union(*parts[1:], all=True).order_by(*order)[:limit]

    def latest_by_force(self, force_ids, per_force=3):
        """Up to ``per_force`` published entries led by each of ``force_ids``, the most
        recently updated first, in one query; each row carries ``by_force``, the id of the
        force it is listed under (an entry led by two of them comes once for each).

        Each force's few are read on their own, so PostgreSQL can walk the recently
        updated entries' index and stop at the few it needs, or, for a force with few
        entries, find them through the facet keys; ranking every entry of every force to
        keep three each read them all."""
        ordering = (F("updated_at").desc(), "name", "pk")
        firsts = [
            self.published()
            .filter(facet_keys__contains=[facet_index.key("force", pk)])
            .annotate(by_force=Value(pk))
            .order_by(*ordering)[:per_force]
            for pk in force_ids
        ]
        if len(firsts) < 2:
            return firsts[0] if firsts else self.none()
        return firsts[0].union(*firsts[1:], all=True).order_by("by_force", *ordering)

    def due_for_review(self, today=None):
        """Entries nobody has checked against their sources for twelve months, or ever."""
        today = today or timezone.localdate()
        cutoff = today - timedelta(days=365)
        return self.filter(Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=cutoff))

    def showing_organisation(self, organisation):
        """Entries whose pages name the organisation: a partner or funder of theirs, or the
        publisher or evaluator of a report covering them."""
        # links and evaluations build on this module: looked up when called.
        rows = [
            apps.get_model("interventions", "PartnerRole").objects.filter(
                intervention=OuterRef("pk"), organisation=organisation
            ),
            apps.get_model("interventions", "Funding").objects.filter(
                intervention=OuterRef("pk"), funder=organisation
            ),
            apps.get_model("evaluations", "EvaluationReport").objects.filter(
                Q(publisher=organisation) | Q(evaluator=organisation),
                interventions=OuterRef("pk"),
            ),
        ]
        return self.filter(functools.reduce(operator.or_, map(Exists, rows)))

    def showing_source(self, source):
        """Entries whose pages cite the document: for the entry itself, or for one of its
        rows (funding, lessons, ages, figures, verdict), reports or seminar sessions."""
        own_rows = [
            ("interventions", "SourceCitation"),
            ("interventions", "Funding"),
            ("interventions", "Lesson"),
            ("interventions", "AgeGroup"),
            ("evaluations", "OutcomeMetric"),
            ("evaluations", "EvidenceRating"),
        ]
        rows = [
            apps.get_model(*name).objects.filter(intervention=OuterRef("pk"), source=source)
            for name in own_rows
        ]
        rows += [
            apps.get_model(*name).objects.filter(interventions=OuterRef("pk"), source=source)
            for name in [("evaluations", "EvaluationReport"), ("evaluations", "SeminarSession")]
        ]
        return self.filter(functools.reduce(operator.or_, map(Exists, rows)))

    def started_by(self, user):
        """Entries the user created: their first recorded version is the user's."""
        created = self.model.history.filter(id=OuterRef("pk"), history_type="+", history_user=user)
        return self.filter(Exists(created))

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
        announce_first_publication(
            self.model, [entry.pk for entry in entries if entry.__dict__.pop("_first_published", 0)]
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
    status_reported_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The year of the latest source that describes it in this status: an entry "
        "reported active in a 2023 document shows 'Last reported active 2023'. Leave empty "
        "when the source gives no year.",
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
    staff_notes = models.TextField(
        blank=True,
        help_text=(
            "Private to curators and editors: never shown on the public site, in the API or in "
            "downloads. A draft made from shared practice keeps here what the form collected "
            "that has no field of its own."
        ),
    )
    inference_note = models.TextField(
        blank=True,
        help_text=(
            "Shown publicly as 'Catalogue's inference: ...'. Say what no source states but the "
            "entry records anyway (a force, a status, a date) and why the curator chose it."
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
            # The public list filters every query on the publication state. With the id
            # (the list's last sort key), a deep page's keys are read from the index alone
            # (interventions.pagination.Paginator).
            models.Index(
                fields=["publication_state", "name", "id"], name="intervention_state_name"
            ),
            # Lists of rows sorted by their entry's name, which reach the entry through a
            # join with no state to filter on: the outcomes explorer's figures, by default.
            models.Index(fields=["name"], name="intervention_name"),
            # "Most recently updated" sort on the public list and home page, with its ties.
            models.Index(
                fields=["publication_state", "-updated_at", "name", "id"],
                name="intervention_recent",
            ),
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
            self._first_published = True
        super().save(*args, **kwargs)
        if self.__dict__.pop("_first_published", False):
            announce_first_publication(type(self), [self.pk])

    def get_absolute_url(self):
        return slug_address("catalogue:detail", self.slug)

    @property
    def is_published(self):
        return self.publication_state == PublicationState.PUBLISHED

    def purposes_and_settings(self):
        """The names of the entry's purposes and of its settings, each in their set order.

        One query for both short lists, which an entry's page shows side by side.
        """
        return purpose_and_setting_names(purposes_and_settings_of(interventions=self))

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
            self._first_published = True
        self.updated_at = now

    def _save_with_history(self, by, reason):
        self._history_user = by
        self._change_reason = history_reason(reason)
        self.save()

    @property
    def status_display(self):
        """'Last reported active 2023' where a dated source says so; else the status's name."""
        if self.status == Status.ACTIVE:
            if self.status_reported_year:
                return f"Last reported active {self.status_reported_year}"
            return "Reported active (the source gives no date)"
        return self.get_status_display()

    @property
    def display_name(self):
        if self.short_name and self.short_name.lower() not in self.name.lower():
            return f"{self.name} ({self.short_name})"
        return self.name

    @property
    def verdict_label(self):
        """The verdict annotated by ``with_verdict()``, in words."""
        return Verdict(getattr(self, "verdict", Verdict.NOT_YET_KNOWN)).label

    @property
    def snippet_html(self):
        """The matched part of the summary with the search words marked, after a search."""
        from interventions.search import highlighted

        return highlighted(getattr(self, "snippet", ""))

    @property
    def age_range_display(self):
        return age_range_words(self.age_min, self.age_max)

    @property
    def age_groups_shown(self):
        """The ``age_group_list`` annotation (with_age_groups), each with its ages in words."""
        return [
            {**group, "range": age_range_words(group["age_min"], group["age_max"])}
            for group in getattr(self, "age_group_list", [])
        ]

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


def purposes_and_settings_of(**entry):
    """The rows of the purposes and settings of the entry that ``entry`` names (e.g.
    ``interventions=entry`` or ``interventions__slug=slug``), in one query, for
    purpose_and_setting_names()."""
    purposes = (
        Purpose.objects.filter(**entry).order_by().values_list(Value("purpose"), "position", "name")
    )
    settings = (
        Setting.objects.filter(**entry).order_by().values_list(Value("setting"), "position", "name")
    )
    return purposes.union(settings, all=True)


def purpose_and_setting_names(rows):
    """The names of the purposes and of the settings of purposes_and_settings_of()'s rows,
    each in their set order."""
    names = {"purpose": [], "setting": []}
    for kind, _, name in sorted(rows):
        names[kind].append(name)
    return names["purpose"], names["setting"]
