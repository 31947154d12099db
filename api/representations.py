"""An entry as the API and the downloads show it, built from plain values.

What an entry says, key by key, in order, with each key's type and description, is
declared once, in api.serializers (InterventionSerializer and the shapes it nests); the
OpenAPI schema is generated from there. This module fills those keys. Running the
serializer on model instances with their prefetched rows cost about three milliseconds an
entry, far too slow for a download of tens of thousands; here, per chunk of entries, one
query reads their own columns and one round trip all their relations (a query each,
compiled once: interventions.batched), grouped in Python, with no model instances.
Formats come from the serializers' own fields and the models' display functions.
tests/api/test_json_contract.py holds every answer on the seeded catalogue to the
declarations: the same keys, in the same order, each of its declared type.

Only published entries should be passed in. Everything else shown is all of an entry's
reports, figures, sessions and citations (a report or figure linked to a published entry
is public), and of each report's entries only the published ones.
"""

from collections import defaultdict
from itertools import islice
from types import SimpleNamespace

from django.db.models import F, Value, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.functional import cached_property
from rest_framework import serializers

from api.querysets import ENTRY_REPORT_ORDER
from api.serializers import FigureField
from evaluations.models import (
    NO_RATING_TEXT,
    EvaluationReport,
    OutcomeMetric,
    SeminarSession,
    confidence_of,
    scope_caveat,
    value_display,
)
from interventions.batched import prepared, run_together
from interventions.formatting import format_file_size
from interventions.models import (
    Funding,
    Intervention,
    PublicationState,
    SourceCitation,
    Verdict,
    amount_display,
    partners_lead_first,
)

# The entry's own columns in every export; ``id`` ties the related rows to it.
ENTRY_OWN_FIELDS = (
    "id",
    "slug",
    "name",
    "short_name",
    "summary",
    "description",
    "evidence_stage",
    "status",
    "status_reported_year",
    "target_group",
    "age_min",
    "age_max",
    "start_year",
    "end_year",
    "contact_email",
    "website",
    "curator_note",
    "inference_note",
    "published_at",
    "updated_at",
    "last_reviewed",
)
ENTRY_FIELDS = (
    *ENTRY_OWN_FIELDS,
    # Its evidence rating, if it has one, read in the same query.
    "evidence_rating__verdict",
    "evidence_rating__rests_on_self_reported_figures",
    "evidence_rating__findings_summary",
    "evidence_rating__source__slug",
    "evidence_rating__source__title",
    "evidence_rating__source_section",
    "evidence_rating__rated_by",
    "evidence_rating__rated_on",
)
# Where a funding line, report or figure is stated (SourceReferenceSerializer).
SOURCE_REFERENCE = (
    "source__slug",
    "source__title",
    "source__publisher",
    "source__url",
    "source_section",
)
FUNDING_FIELDS = (
    "key",
    "description",
    "funder__slug",
    "amount_gbp",
    "amount_qualifier",
    "period",
    *SOURCE_REFERENCE,
)
FIGURE_FIELDS = (
    "id",
    "key",
    "intervention__slug",
    "measure",
    "measure_kind",
    "value",
    "value_qualifier",
    "unit",
    "direction",
    "baseline_value",
    "follow_up_value",
    "baseline_period",
    "follow_up_period",
    "cohort",
    "scope",
    "scope_section",
    "sample_size",
    *SOURCE_REFERENCE,
    "report__slug",
    "curator_note",
)
REPORT_FIELDS = (
    "id",
    "slug",
    "title",
    "report_type",
    "published_on",
    "date_note",
    "file_format",
    "file_size_bytes",
    "url",
    "method",
    "is_evaluation",
    "design_level",
    "design_basis",
    "independent",
    "independence_basis",
    "is_published",
    "published_basis",
    "summary",
    "evaluator__slug",
    "evaluator__name",
    "publisher__slug",
    "publisher__name",
    *SOURCE_REFERENCE,
    "curator_note",
)

# The serializer's own field formats.
DATETIME = serializers.DateTimeField()
DATE = serializers.DateField()
FIGURE = FigureField()


def figure_or_none(value):
    return None if value is None else FIGURE.to_representation(value)


def source_reference(row):
    """Where a row is stated, from its SOURCE_REFERENCE fields."""
    return {
        "slug": row["source__slug"],
        "title": row["source__title"],
        "publisher": row["source__publisher"],
        "url": row["source__url"],
        "section": row["source_section"],
    }


def lesson_item(lesson):
    """A lesson of the entry's ``lesson_list`` (with_lessons()), as LessonSerializer declares
    it."""
    return {
        "key": lesson["key"],
        "text": lesson["text"],
        "source": {
            "slug": lesson["source_slug"],
            "title": lesson["source_title"],
            "publisher": lesson["source_publisher"],
            "url": lesson["source_url"],
            "section": lesson["source_section"],
        },
    }


def age_group_item(group):
    """An age group of the entry's ``age_group_list`` (with_age_groups()), as
    AgeGroupSerializer declares it."""
    return {
        "key": group["key"],
        "label": group["label"],
        "age_min": group["age_min"],
        "age_max": group["age_max"],
        "source": {
            "slug": group["source_slug"],
            "title": group["source_title"],
            "publisher": group["source_publisher"],
            "url": group["source_url"],
            "section": group["source_section"],
        },
    }


def entry_rows(entries):
    """The entries' own columns and rating, as plain values: ENTRY_FIELDS. RelatedRows
    reads the rest."""
    return entries.values(*ENTRY_FIELDS)


def named_or_none(slug, name):
    return None if slug is None else {"slug": slug, "name": name}


def ordering_of(model, prefix):
    """``model``'s ``Meta.ordering``, for ordering rows that reach it through ``prefix``,
    as ``order_by("prefix")`` orders a queryset: expressions an aggregate or a window can
    order by too."""
    return [
        F(f"{prefix}__{field.removeprefix('-')}").desc()
        if field.startswith("-")
        else F(f"{prefix}__{field}").asc()
        for field in model._meta.ordering
    ]


def id_array(ids):
    """The ids as the text of a PostgreSQL array of integers."""
    return "{" + ",".join(map(str, ids)) + "}"


def id_set(ids, as_text=None):
    """A subquery of the given ids, for ``id__in``: one array parameter, sent as its text
    (``as_text`` when given, else id_array(ids)).

    "IN (...)" builds and sends one parameter per id, and even a list parameter is
    quoted id by id; either took longer than some of the queries themselves."""
    return RawSQL("SELECT unnest(%s::integer[])", [id_array(ids) if as_text is None else as_text])


# What the queries of RelatedRows are compiled with in place of the ids: no id is negative.
IDS_PLACEHOLDER = "{-1}"


def chunks(rows, size):
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


def grouped(rows, shape=None):
    """``(key, *fields)`` rows as ``{key: [item, ...]}``, each key's items in row order.

    An item is ``shape(*fields)``, or the one field when there is no shape.
    """
    items = defaultdict(list)
    for key, *fields in rows:
        items[key].append(shape(*fields) if shape else fields[0])
    return items


def by_name(names, build):
    """A shape for grouped() that hands ``build`` the fields as a dict keyed by ``names``."""
    return lambda *fields: build(dict(zip(names, fields, strict=True)))


# The many-to-many relations to short reference lists, and the related field's name.
# They are read in one query with the published entries of the entries' reports.
REPORT_ENTRIES = "report_entries"
LOOKUP_RELATIONS = {
    "themes": "theme",
    "forces": "force",
    "purposes": "purpose",
    "delivery_settings": "setting",
}


SLUG_PLACEHOLDER = "entry-slug"


class RelatedRows:
    """The related rows of a chunk of entries, as the API shows them, one query a relation,
    all in one round trip.

    Each relation is read in the order the API lists it. Ordering by a relation
    (``order_by("theme")``) sorts as that model's ``Meta.ordering`` does, as the API's
    prefetches do; a last key on the row's id keeps ties in a fixed order.
    """

    # The queries __init__ reads, each a method returning a values_list() of the entries'
    # rows of one relation (self.entry_ids), in the order each is listed.
    RELATED_QUERIES = (
        "lookup_links_query",
        "partner_rows",
        "funding_rows",
        "report_rows",
        "figure_values",
        "session_rows",
        "citation_rows",
        "sourced_rows",
    )

    # Whether the queries are prepared once on each database connection and their plans
    # kept (interventions.batched). Planning them took longer than running them for a page
    # of the API (up to 100 entries), and a kept plan ran as fast; for the JSON download's
    # chunks of 500 and 1,000 entries a fresh plan was sometimes much faster.
    planned_once = False

    def __init__(self, request, entry_ids):
        self.request = request
        self.entry_ids = id_set(entry_ids)
        (
            lookup_rows,
            partners,
            funding,
            reports,
            figures,
            sessions,
            citations,
            sourced,
        ) = self.read(entry_ids)
        self.lessons = {key: lessons for key, lessons, _ in sourced}
        self.age_groups = {key: groups for key, _, groups in sourced}
        lookups = self.lookup_links(lookup_rows)
        self.report_entries = grouped(lookups[REPORT_ENTRIES], shape=lambda slug, region: slug)
        self.themes = grouped(lookups["themes"], shape=lambda slug, region: slug)
        self.forces = grouped(lookups["forces"], shape=lambda slug, region: slug)
        self.regions = {
            key: list(dict.fromkeys(region for _, region in rows))
            for key, rows in grouped(lookups["forces"], shape=lambda *row: row).items()
        }
        self.organisations = self.partners(partners)
        self.purposes = grouped(lookups["purposes"], shape=lambda slug, region: slug)
        self.settings = grouped(lookups["delivery_settings"], shape=lambda slug, region: slug)
        self.funding = self.funding_lines(funding)
        self.reports = self.evaluation_reports(reports)
        self.outcomes = self.figures(figures)
        self.seminar_sessions = self.sessions(sessions)
        self.sources = self.citations(citations)

    def read(self, entry_ids):
        """The rows of each of RELATED_QUERIES for ``entry_ids``, in one round trip.

        Each query is the same for any ids but for its one parameter, so it is compiled
        once (interventions.batched), from an instance reading IDS_PLACEHOLDER."""
        cls = type(self)

        def build(name):
            def query(placeholder):
                template = cls.__new__(cls)
                template.entry_ids = id_set((), as_text=placeholder)
                return getattr(template, name)()

            return query

        queries = [
            prepared((cls, name), build(name), IDS_PLACEHOLDER, planned_once=self.planned_once)
            for name in self.RELATED_QUERIES
        ]
        return run_together(queries, id_array(entry_ids))

    @cached_property
    def entry_address_parts(self):
        """The absolute address of an entry's page, as the text before and after its slug."""
        address = self.request.build_absolute_uri(
            reverse("catalogue:detail", args=[SLUG_PLACEHOLDER])
        )
        before, _, after = address.rpartition(SLUG_PLACEHOLDER)
        return before, after

    def page(self, slug, anchor=""):
        """The address of an entry's public page, or with ``anchor`` of a place on it."""
        # Built once per chunk and filled in, where reverse() and build_absolute_uri() for
        # each address were the slowest steps of a row: a slug or key has nothing to quote.
        before, after = self.entry_address_parts
        address = before + slug + after
        return f"{address}#{anchor}" if anchor else address

    def links(self, relation):
        """The link rows of one of the entries' many-to-many relations."""
        through = Intervention._meta.get_field(relation).remote_field.through
        return through.objects.filter(intervention_id__in=self.entry_ids)

    def rows_of(self, model):
        return model.objects.filter(intervention_id__in=self.entry_ids)

    def lookup_links_in_order(self):
        """Of each relation of LOOKUP_RELATIONS: its name, the related field's name, the
        entries' link rows, and the order the API lists them in (the related model's
        ``Meta.ordering``, then the link row's id, for ties)."""
        for relation, related in LOOKUP_RELATIONS.items():
            model = Intervention._meta.get_field(relation).related_model
            order = [*ordering_of(model, related), F("pk").asc()]
            yield relation, related, self.links(relation).order_by(), order

    def sourced_rows(self):
        """Rows ``(entry id, lessons, age groups)``, each list as with_lessons() and
        with_age_groups() read it."""
        return (
            Intervention.objects.filter(id__in=self.entry_ids)
            .order_by()
            .with_lessons()
            .with_age_groups()
            .values_list("id", "lesson_list", "age_group_list")
        )

    def lookup_links_query(self):
        """The entries' themes, forces (with regions), purposes and settings, in one query:
        rows ``(relation, place, entry id, slug, region)``.

        A row number per relation keeps the order of the related model's
        ``Meta.ordering`` (as the API lists them) through the UNION, which may not sort its
        parts itself.
        """
        parts = []
        for relation, related, links, order in self.lookup_links_in_order():
            parts.append(
                links.annotate(
                    lookup_relation=Value(relation),
                    lookup_place=Window(RowNumber(), order_by=order),
                    lookup_region=F("force__region") if related == "force" else Value(""),
                ).values_list(
                    "lookup_relation",
                    "lookup_place",
                    "intervention_id",
                    f"{related}__slug",
                    "lookup_region",
                )
            )
        if self.lists_report_entries:
            parts.append(self.report_entry_links())
        return parts[0].union(*parts[1:], all=True)

    def lookup_links(self, rows):
        """The rows of lookup_links_query() by relation, ``(entry id, slug, region)``
        each, in the order the API lists them."""
        links = {relation: [] for relation in [*LOOKUP_RELATIONS, REPORT_ENTRIES]}
        for relation, _, key, slug, region in sorted(rows, key=lambda row: row[1]):
            links[relation].append((key, slug, region))
        return links

    # Whether a report's representation lists its published entries (the CSV's does not).
    lists_report_entries = True

    def report_entry_links(self):
        """Rows ``(report id, entry slug, "")`` of the published entries of the entries'
        reports, by entry name, as the API lists a report's entries."""
        links = EvaluationReport.interventions.through.objects
        return (
            links.filter(
                evaluationreport_id__in=self.report_links()
                .order_by()
                .values("evaluationreport_id"),
                intervention__publication_state=PublicationState.PUBLISHED,
            )
            .order_by()
            .annotate(
                lookup_relation=Value(REPORT_ENTRIES),
                lookup_place=Window(
                    RowNumber(), order_by=[F("intervention__name"), F("intervention_id")]
                ),
                lookup_region=Value(""),
            )
            .values_list(
                "lookup_relation",
                "lookup_place",
                "evaluationreport_id",
                "intervention__slug",
                "lookup_region",
            )
        )

    def partner_rows(self):
        return (
            partners_lead_first()
            .filter(intervention_id__in=self.entry_ids)
            .values_list(
                "intervention_id", "organisation__slug", "organisation__name", "role", "note"
            )
        )

    def partners(self, rows):
        return grouped(
            rows,
            shape=lambda slug, name, role, note: {
                "slug": slug,
                "name": name,
                "role": role,
                "note": note,
            },
        )

    def funding_rows(self):
        return self.rows_of(Funding).order_by("key").values_list("intervention_id", *FUNDING_FIELDS)

    def funding_lines(self, rows):
        return grouped(rows, shape=by_name(FUNDING_FIELDS, self.funding_line))

    def funding_line(self, line):
        amount, qualifier = line["amount_gbp"], line["amount_qualifier"]
        return {
            "key": line["key"],
            "description": line["description"],
            "funder": line["funder__slug"],
            "amount_gbp": figure_or_none(amount),
            "amount_qualifier": qualifier,
            "amount": amount_display(amount, qualifier),
            "period": line["period"],
            "source": source_reference(line),
        }

    def report_links(self):
        """The entries' links to their reports, each entry's oldest report first."""
        return EvaluationReport.interventions.through.objects.filter(
            intervention_id__in=self.entry_ids
        ).order_by(*[f"evaluationreport__{field}" for field in ENTRY_REPORT_ORDER], "pk")

    def report_rows(self):
        return self.report_links().values_list(
            "intervention_id", *[f"evaluationreport__{field}" for field in REPORT_FIELDS]
        )

    def evaluation_reports(self, rows):
        return grouped(
            rows,
            shape=by_name(REPORT_FIELDS, lambda report: self.report(report, self.report_entries)),
        )

    def report(self, report, covered):
        entries = covered.get(report["id"], [])
        catalogue_url = ""
        if entries:
            catalogue_url = self.page(entries[0], anchor=f"report-{report['slug']}")
        published_on = report["published_on"]
        return {
            "slug": report["slug"],
            "title": report["title"],
            "report_type": report["report_type"],
            "published": published_on.isoformat() if published_on else report["date_note"],
            "published_on": DATE.to_representation(published_on),
            "file_format": report["file_format"],
            "file_size": format_file_size(report["file_size_bytes"]),
            "approximate_file_size_bytes": report["file_size_bytes"],
            "file_size_bytes": report["file_size_bytes"],
            "url": report["url"],
            "method": report["method"],
            "is_evaluation": report["is_evaluation"],
            "design_level": report["design_level"],
            "design_basis": report["design_basis"],
            "independent": report["independent"],
            "independence_basis": report["independence_basis"],
            "is_published": report["is_published"],
            "published_basis": report["published_basis"],
            "summary": report["summary"],
            "evaluator": named_or_none(report["evaluator__slug"], report["evaluator__name"]),
            "publisher": named_or_none(report["publisher__slug"], report["publisher__name"]),
            "source": source_reference(report),
            "curator_note": report["curator_note"],
            "interventions": entries,
            "catalogue_url": catalogue_url,
        }

    def rating(self, entry_id, row):
        """The entry's "Did it work?" answer (RatingSerializer), rated or not, from the
        ``evidence_rating__`` columns of its row."""
        prefix = "evidence_rating__"
        rating = None
        if row[f"{prefix}verdict"] is not None:
            rating = {
                key.removeprefix(prefix): value
                for key, value in row.items()
                if key.startswith(prefix)
            }
        confidence = confidence_of(
            SimpleNamespace(
                report_type=report["report_type"],
                design_level=report["design_level"],
                independent=report["independent"],
            )
            for report in self.reports.get(entry_id, [])
        )
        verdict = rating["verdict"] if rating else Verdict.NOT_YET_KNOWN
        source = None
        if rating and rating["source__slug"]:
            source = {
                "slug": rating["source__slug"],
                "title": rating["source__title"],
                "section": rating["source_section"],
            }
        return {
            "verdict": str(verdict),
            "verdict_display": Verdict(verdict).label if rating else NO_RATING_TEXT,
            "rests_on_self_reported_figures": bool(
                rating and rating["rests_on_self_reported_figures"]
            ),
            "confidence": str(confidence.value),
            "confidence_reason": confidence.reason,
            "findings_summary": rating["findings_summary"] if rating else "",
            "source": source,
            "rated_by": rating["rated_by"] if rating else "",
            "rated_on": DATE.to_representation(rating["rated_on"]) if rating else None,
            "scale_url": self.scale_url,
        }

    @cached_property
    def scale_url(self):
        return self.request.build_absolute_uri(reverse("catalogue:evidence-ratings"))

    def figure_rows(self):
        return self.rows_of(OutcomeMetric).order_by("position", "key", "pk")

    def figure_values(self):
        return self.figure_rows().values_list("intervention_id", *FIGURE_FIELDS)

    def figures(self, rows):
        return grouped(rows, shape=by_name(FIGURE_FIELDS, self.figure))

    def figure(self, figure):
        value, unit, qualifier = figure["value"], figure["unit"], figure["value_qualifier"]
        entry_slug, key = figure["intervention__slug"], figure["key"]
        return {
            "id": figure["id"],
            "key": key,
            "intervention": entry_slug,
            "measure": figure["measure"],
            "measure_kind": figure["measure_kind"],
            "value": figure_or_none(value),
            "value_qualifier": qualifier,
            "value_display": value_display(value, unit, qualifier),
            "unit": unit,
            "direction": figure["direction"],
            "baseline": figure_or_none(figure["baseline_value"]),
            "follow_up": figure_or_none(figure["follow_up_value"]),
            "baseline_period": figure["baseline_period"],
            "follow_up_period": figure["follow_up_period"],
            "cohort": figure["cohort"],
            "scope": figure["scope"],
            "scope_caveat": scope_caveat(figure["scope"]),
            "scope_section": figure["scope_section"],
            "sample_size": figure["sample_size"],
            "source": source_reference(figure),
            "report": figure["report__slug"],
            "curator_note": figure["curator_note"],
            "catalogue_url": self.page(entry_slug, anchor=f"outcome-{key}"),
        }

    def session_rows(self):
        return (
            SeminarSession.interventions.through.objects.filter(intervention_id__in=self.entry_ids)
            .order_by("seminarsession", "pk")
            .values_list(
                "intervention_id",
                "seminarsession__number",
                "seminarsession__title",
                "seminarsession__date",
                "seminarsession__time_note",
                "seminarsession__source__slug",
            )
        )

    def sessions(self, rows):
        return grouped(
            rows,
            shape=lambda number, title, date, time_note, source: {
                "number": number,
                "title": title,
                "date": DATE.to_representation(date),
                "time_note": time_note,
                "source": source,
            },
        )

    def citation_rows(self):
        return (
            self.rows_of(SourceCitation)
            .order_by("source", "pk")
            .values_list(
                "intervention_id",
                "source__slug",
                "source__title",
                "source__publisher",
                "source__kind",
                "source__published_on",
                "source__date_note",
                "source__url",
                "section",
            )
        )

    def citations(self, rows):
        return grouped(
            rows,
            shape=lambda slug, title, publisher, kind, published_on, date_note, url, section: {
                "slug": slug,
                "title": title,
                "publisher": publisher,
                "kind": kind,
                "date": published_on.isoformat() if published_on else date_note,
                "url": url,
                "section": section,
            },
        )

    def entry(self, row):
        """One entry's representation, in InterventionSerializer's field order."""
        entry_id = row["id"]
        return {
            "slug": row["slug"],
            "name": row["name"],
            "short_name": row["short_name"],
            "url": self.page(row["slug"]),
            "summary": row["summary"],
            "description": row["description"],
            "themes": self.themes.get(entry_id, []),
            "forces": self.forces.get(entry_id, []),
            "regions": self.regions.get(entry_id, []),
            "organisations": self.organisations.get(entry_id, []),
            "purposes": self.purposes.get(entry_id, []),
            "evidence_stage": row["evidence_stage"],
            "rating": self.rating(entry_id, row),
            "status": row["status"],
            "status_reported_year": row["status_reported_year"],
            "setting": self.settings.get(entry_id, []),
            "target_group": row["target_group"],
            "age_min": row["age_min"],
            "age_max": row["age_max"],
            "age_groups": [age_group_item(item) for item in self.age_groups.get(entry_id, [])],
            "start_year": row["start_year"],
            "end_year": row["end_year"],
            "funding": self.funding.get(entry_id, []),
            "reports": self.reports.get(entry_id, []),
            "outcomes": self.outcomes.get(entry_id, []),
            "lessons": [lesson_item(item) for item in self.lessons.get(entry_id, [])],
            "seminar_sessions": self.seminar_sessions.get(entry_id, []),
            "sources": self.sources.get(entry_id, []),
            "contact_email": row["contact_email"],
            "website": row["website"],
            "curator_note": row["curator_note"],
            "inference_note": row["inference_note"],
            "published_at": DATETIME.to_representation(row["published_at"]),
            "updated_at": DATETIME.to_representation(row["updated_at"]),
            "last_reviewed": DATE.to_representation(row["last_reviewed"]),
        }


class PageRelatedRows(RelatedRows):
    """The related rows of a page of the API's entries, by queries planned once."""

    planned_once = True


def representations(request, entries, chunk_size, related_rows=RelatedRows):
    """The API's representation of each of ``entries``, in their order, read a chunk at a
    time: memory and queries grow with the chunk, not with the number of entries.

    ``related_rows`` may be a RelatedRows that reads less, for a reader that shows less.
    """
    rows = entry_rows(entries).iterator(chunk_size=chunk_size)
    for chunk in chunks(rows, chunk_size):
        related = related_rows(request, [row["id"] for row in chunk])
        for row in chunk:
            yield related.entry(row)
