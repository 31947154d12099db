"""What the API says about each kind of row: the one definition of every key, in order,
with its type and description. Field names are a public contract.

The OpenAPI schema is generated from these classes, and reports, figures, themes, forces,
organisations and sources are serialized by them. Entries are not: api.representations
builds them from plain values, many times faster, so InterventionSerializer and the shapes
only it nests (partners, funding lines, seminar sessions, citations) declare without
reading anything. tests/api/test_json_contract.py checks every answer against them.

Everything is read-only. Nested lists (a report's entries, a theme's entries) come from
prefetched rows (see api.querysets), so no serializer runs a query of its own.
"""

from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evaluations.models import (
    Answer,
    Confidence,
    Direction,
    FigureScope,
    FileFormat,
    MarylandLevel,
    MeasureKind,
    Method,
    ReportType,
    Unit,
)
from interventions.models import (
    Country,
    EvidenceStage,
    OrganisationKind,
    PartnerRoleKind,
    Region,
    SourceKind,
    Status,
    ValueQualifier,
    Verdict,
)


def absolute(serializer, path):
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None and path else path


@extend_schema_field(OpenApiTypes.NUMBER)
class FigureField(serializers.Field):
    """A decimal figure as a JSON number, without trailing zeros: 76, 10.9."""

    def to_representation(self, value):
        number = Decimal(value)
        return int(number) if number == number.to_integral_value() else float(number)


class SlugListField(serializers.ListField):
    """The slugs of related rows, e.g. an entry's themes: ["county-lines", "knife-crime"]."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.CharField(), read_only=True, **kwargs)


@extend_schema_field(OpenApiTypes.STR)
class SlugOfField(serializers.Field):
    """The slug of one related row, e.g. a figure's report."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, row):
        return row.slug


def slugs_of(rows):
    return list(dict.fromkeys(row.slug for row in rows))


# Small shapes shared by several kinds -------------------------------------------------


class SourceReferenceSerializer(serializers.Serializer):
    """The source document a figure or report comes from, and where in it."""

    slug = serializers.CharField(source="source.slug", help_text="The source document's slug.")
    title = serializers.CharField(source="source.title", help_text="The document's title.")
    publisher = serializers.CharField(
        source="source.publisher", help_text="Who published the document."
    )
    url = serializers.CharField(
        source="source.url", help_text="The document's web address; empty if not known."
    )
    section = serializers.CharField(
        source="source_section",
        help_text="Section or page of the document; empty if it is not narrower than the whole.",
    )


class CitationSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="The source document's slug.")
    title = serializers.CharField(help_text="The document's title.")
    publisher = serializers.CharField(help_text="Who published the document.")
    kind = serializers.ChoiceField(
        choices=SourceKind.choices, help_text="What sort of document it is."
    )
    date = serializers.CharField(
        read_only=True,
        help_text="The document's date: ISO 8601 when known in full, else as the document words "
        "it (e.g. 'First published 25 February 2022'), else empty.",
    )
    url = serializers.CharField(help_text="The document's web address; empty if not known.")
    section = serializers.CharField(
        help_text="Where in the document the entry appears, e.g. 'Case study 3, pages 16 to 19'."
    )


class NamedSlugSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="The organisation's slug.")
    name = serializers.CharField(help_text="The organisation's name.")


class PartnerSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="The organisation's slug.")
    name = serializers.CharField(help_text="The organisation's name.")
    role = serializers.ChoiceField(
        choices=PartnerRoleKind.choices,
        help_text="Its part in the intervention: lead, delivery-partner, funder, endorser (its "
        "leads endorsed it), secured-funding (it secured money others granted), funds-host (it "
        "funds the unit that runs it, not this intervention directly) or evaluator.",
    )
    note = serializers.CharField(help_text="What it does here, if worth saying; else empty.")


class FundingSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Identifies the funding line within its entry.")
    description = serializers.CharField(help_text="The funding as the source describes it.")
    funder = SlugOfField(
        allow_null=True,
        help_text="Slug of the funding organisation, where known; else null.",
    )
    amount_gbp = FigureField(allow_null=True, help_text="The amount in pounds, if stated.")
    amount_qualifier = serializers.ChoiceField(
        choices=[("", "None"), *ValueQualifier.choices],
        help_text="How the source hedges the amount (e.g. 'over'); empty if it does not.",
    )
    amount = serializers.CharField(
        help_text="The amount as the catalogue shows it, e.g. 'Over £1.2 million'; empty if none.",
    )
    period = serializers.CharField(help_text="The period funded, e.g. '2022-2023'; may be empty.")
    source = SourceReferenceSerializer(help_text="Where the funding is stated.")


class LessonSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Identifies the lesson within its entry.")
    text = serializers.CharField(
        help_text="A challenge or lesson those who delivered it report, in the catalogue's words."
    )
    source = SourceReferenceSerializer(source="*", help_text="Where the lesson is stated.")


class AgeGroupSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Identifies the group within its entry.")
    label = serializers.CharField(help_text="Who the group is, as its source describes them.")
    age_min = serializers.IntegerField(allow_null=True, help_text="Youngest age, if given.")
    age_max = serializers.IntegerField(allow_null=True, help_text="Oldest age, if given.")
    source = SourceReferenceSerializer(source="*", help_text="Where these ages are stated.")


class SeminarSessionSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="The session's number in its series.")
    title = serializers.CharField(help_text="The session's title.")
    date = serializers.DateField(help_text="The day it was held.")
    time_note = serializers.CharField(help_text="Its time as announced, e.g. '10am to 12pm'.")
    source = SlugOfField(help_text="Slug of the source announcing it.")


# Reports and outcomes ------------------------------------------------------------------


class ReportSerializer(serializers.Serializer):
    slug = serializers.SlugField(help_text="The report's stable identifier.")
    title = serializers.CharField(help_text="The title exactly as the publisher gives it.")
    report_type = serializers.ChoiceField(choices=ReportType.choices, help_text="Kind of report.")
    published = serializers.SerializerMethodField(
        help_text="Publication date: ISO 8601 (YYYY-MM-DD) when known in full, else the date as "
        "the source gives it (e.g. 'April 2022'), else empty."
    )
    published_on = serializers.DateField(
        allow_null=True, help_text="Publication date when known in full; else null."
    )
    file_format = serializers.ChoiceField(
        choices=[("", "Not known"), *FileFormat.choices],
        help_text="File format of the report; empty if not known.",
    )
    file_size = serializers.CharField(
        source="file_size_display",
        help_text="File size exactly as the source document writes it, e.g. '184.53 KB'; empty "
        "if not known. This is the stated size.",
    )
    approximate_file_size_bytes = serializers.IntegerField(
        source="file_size_bytes",
        allow_null=True,
        help_text="Approximate: the catalogue's conversion of file_size to bytes (1 KB = 1024 "
        "bytes), exact only to the precision the document gives; no document states a byte "
        "count. Null if not known.",
    )
    file_size_bytes = serializers.IntegerField(
        allow_null=True,
        help_text="Approximate, as approximate_file_size_bytes (kept under this name for "
        "existing readers): derived from file_size, not stated by any document.",
    )
    url = serializers.CharField(
        help_text="The report's own web address (the document); empty when not known."
    )
    method = serializers.ChoiceField(
        choices=[("", "Not stated"), *Method.choices],
        help_text="Evaluation method; empty if not stated.",
    )
    is_evaluation = serializers.BooleanField(
        help_text="Whether it evaluates the interventions it covers. Annual and performance "
        "reports, earlier reviews and related research do not."
    )
    design_level = serializers.ChoiceField(
        choices=MarylandLevel.choices,
        help_text="The design on the Maryland Scientific Methods Scale, '1' to '5'; empty when "
        "not known. Defined at /about/evidence-ratings/.",
    )
    design_basis = serializers.CharField(
        help_text="Its source section, or 'Curator's judgement: ...'; empty when not known."
    )
    independent = serializers.ChoiceField(
        choices=Answer.choices,
        help_text="Whether it was independent of those delivering the intervention.",
    )
    independence_basis = serializers.CharField(
        help_text="Its source section, or 'Curator's judgement: ...'; empty when not known."
    )
    is_published = serializers.ChoiceField(
        choices=Answer.choices, help_text="Whether the report itself has been published."
    )
    published_basis = serializers.CharField(
        help_text="Its source section, or 'Curator's judgement: ...'; empty when not known."
    )
    summary = serializers.CharField(help_text="What the report covers, in the catalogue's words.")
    evaluator = NamedSlugSerializer(allow_null=True, help_text="Who evaluated; null if unknown.")
    publisher = NamedSlugSerializer(allow_null=True, help_text="Who published; null if unknown.")
    source = SourceReferenceSerializer(source="*", help_text="The document that lists the report.")
    curator_note = serializers.CharField(
        help_text="A curator's public note, e.g. on conflicting sources; else empty."
    )
    interventions = serializers.SerializerMethodField(
        help_text="Slugs of the published interventions the report covers."
    )
    catalogue_url = serializers.SerializerMethodField(
        help_text="Where the report is described in the public catalogue."
    )

    @extend_schema_field(OpenApiTypes.STR)
    def get_published(self, report):
        return report.published_on.isoformat() if report.published_on else report.date_note

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_interventions(self, report):
        return slugs_of(report.published_interventions)

    @extend_schema_field(OpenApiTypes.URI)
    def get_catalogue_url(self, report):
        entries = report.published_interventions
        if not entries:
            return ""
        return absolute(self, f"{entries[0].get_absolute_url()}#report-{report.slug}")


class OutcomeSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The figure's number in this catalogue.")
    key = serializers.CharField(
        help_text="Identifies the figure within its intervention; with the intervention's slug, "
        "a stable identifier (/api/v1/outcomes/<intervention>/<key>/)."
    )
    intervention = SlugOfField(help_text="Slug of the intervention it was reported for.")
    measure = serializers.CharField(help_text="What was measured, e.g. 'Robberies in Portsmouth'.")
    measure_kind = serializers.ChoiceField(
        choices=MeasureKind.choices, help_text="The kind of measure, for grouping figures."
    )
    value = FigureField(help_text="The figure as a number, in the unit given by unit.")
    value_qualifier = serializers.ChoiceField(
        choices=[("", "None"), *ValueQualifier.choices],
        help_text="How the source hedges the figure ('over', 'almost'...); empty if it does not.",
    )
    value_display = serializers.CharField(
        help_text="The figure as the catalogue shows it, e.g. 'Over 400' or '10.9%'."
    )
    unit = serializers.ChoiceField(choices=Unit.choices, help_text="The unit of value.")
    direction = serializers.ChoiceField(
        choices=[("", "Not a change"), *Direction.choices],
        help_text="Whether the figure is a reduction, an increase or no change; empty for "
        "figures that are not a change, such as people reached.",
    )
    baseline = FigureField(
        source="baseline_value", allow_null=True, help_text="The value before; null if not stated."
    )
    follow_up = FigureField(
        source="follow_up_value", allow_null=True, help_text="The value after; null if not stated."
    )
    baseline_period = serializers.CharField(help_text="When 'before' was measured; may be empty.")
    follow_up_period = serializers.CharField(help_text="When 'after' was measured; may be empty.")
    cohort = serializers.CharField(help_text="The area or group the figure is about; may be empty.")
    scope = serializers.ChoiceField(
        choices=FigureScope.choices,
        help_text="Whom the figure counts: the intervention's own participants, a wider area "
        "(force-wide, county-wide), a whole programme or unit, or not stated by the source.",
    )
    scope_caveat = serializers.CharField(
        help_text="The caveat the catalogue shows with a figure that is not the intervention's "
        "own; empty for one that is."
    )
    scope_section = serializers.CharField(
        help_text="Section of the source that shows whom the figure counts; may be empty."
    )
    sample_size = serializers.IntegerField(
        allow_null=True, help_text="Number of people or cases measured; null if not stated."
    )
    source = SourceReferenceSerializer(source="*", help_text="Where the figure is stated.")
    report = SlugOfField(
        allow_null=True,
        help_text="Slug of the evaluation report the figure comes from, where there is one.",
    )
    curator_note = serializers.CharField(help_text="A curator's public note; else empty.")
    catalogue_url = serializers.SerializerMethodField(
        help_text="Where the figure is shown in the public catalogue."
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_catalogue_url(self, outcome):
        return absolute(self, outcome.get_absolute_url())


# Interventions -------------------------------------------------------------------------


class RatingSourceSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="The source document's slug.")
    title = serializers.CharField(help_text="The document's title.")
    section = serializers.CharField(help_text="The section or page the findings come from.")


class RatingSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(
        choices=Verdict.choices,
        help_text="What its evaluations found; not-yet-known when nobody has rated it.",
    )
    verdict_display = serializers.CharField(
        help_text="The verdict in words, or 'Not yet known. The evaluation has not been "
        "summarised here yet.' when it has no rating."
    )
    rests_on_self_reported_figures = serializers.BooleanField(
        help_text="True when the verdict rests on self-reported before-and-after figures."
    )
    confidence = serializers.ChoiceField(
        choices=Confidence.choices,
        help_text="Derived from its evaluations' strongest design, independence and number.",
    )
    confidence_reason = serializers.CharField(help_text="Why the confidence is what it is.")
    findings_summary = serializers.CharField(
        help_text="What the evaluation found, in the catalogue's own words; may be empty."
    )
    source = RatingSourceSerializer(
        allow_null=True, help_text="Where the findings come from; null when there are none."
    )
    rated_by = serializers.CharField(help_text="The curator who rated it; empty if unrated.")
    rated_on = serializers.DateField(allow_null=True, help_text="When; null if unrated.")
    scale_url = serializers.URLField(help_text="The page that defines the scale.")


class InterventionSerializer(serializers.Serializer):
    slug = serializers.SlugField(
        help_text="Stable identifier. Never reused; a renamed entry's old slug redirects."
    )
    name = serializers.CharField(help_text="The intervention's name.")
    short_name = serializers.CharField(
        help_text="Acronym or short name, e.g. 'CIRV'; may be empty."
    )
    url = serializers.URLField(read_only=True, help_text="The entry's public page.")
    summary = serializers.CharField(help_text="One paragraph: what it does, for whom, and why.")
    description = serializers.CharField(help_text="The fuller account; may be empty.")
    themes = SlugListField(help_text="Slugs of its themes.")
    forces = SlugListField(help_text="Slugs of the forces leading it.")
    regions = serializers.ListField(
        child=serializers.ChoiceField(choices=Region.choices),
        read_only=True,
        help_text="Regions of the forces leading it.",
    )
    organisations = PartnerSerializer(
        many=True,
        help_text="Organisations involved, each with its role; lead partners first. An "
        "organisation with two roles appears twice.",
    )
    purposes = SlugListField(help_text="Slugs of its purposes.")
    evidence_stage = serializers.ChoiceField(
        choices=EvidenceStage.choices,
        help_text="How much evidence there is, from untested to independently-evaluated.",
    )
    rating = RatingSerializer(
        help_text="Did it work? Its verdict, confidence and findings, on the scale defined "
        "at /about/evidence-ratings/."
    )
    status = serializers.ChoiceField(
        choices=Status.choices,
        help_text="Whether it is running, as its latest source reports it: 'active' means "
        "reported active in the source of status_reported_year, not known to be running now.",
    )
    status_reported_year = serializers.IntegerField(
        allow_null=True,
        help_text="Year of the latest source that reports the status; null when it gives none.",
    )
    setting = SlugListField(
        help_text="Slugs of the settings it is delivered in (custody, school...).",
    )
    target_group = serializers.CharField(help_text="Who it works with; may be empty.")
    age_min = serializers.IntegerField(allow_null=True, help_text="Youngest age worked with.")
    age_max = serializers.IntegerField(allow_null=True, help_text="Oldest age worked with.")
    age_groups = AgeGroupSerializer(
        many=True,
        help_text="Ages a part of it works with, each with its source section; the age filter "
        "finds the entry through any of them.",
    )
    start_year = serializers.IntegerField(allow_null=True, help_text="Year it began, if known.")
    end_year = serializers.IntegerField(allow_null=True, help_text="Year it ended, if it has.")
    funding = FundingSerializer(many=True, help_text="Its funding lines, each with its source.")
    reports = ReportSerializer(
        many=True,
        help_text="Its reports, oldest first; is_evaluation says which evaluate it.",
    )
    outcomes = OutcomeSerializer(many=True, help_text="Figures reported for it, with sources.")
    lessons = LessonSerializer(
        many=True, help_text="What others learnt delivering it, each with its source section."
    )
    seminar_sessions = SeminarSessionSerializer(
        many=True, help_text="Seminar sessions at which it was presented."
    )
    sources = CitationSerializer(many=True, help_text="The documents the entry is drawn from.")
    contact_email = serializers.CharField(help_text="A contact address; may be empty.")
    website = serializers.CharField(help_text="Its own website; may be empty.")
    curator_note = serializers.CharField(
        help_text="A curator's public note, e.g. where a source contradicts itself; else empty."
    )
    inference_note = serializers.CharField(
        help_text="What no source states but the entry records (a force, a status), as the "
        "catalogue's inference with the curator's reason; else empty."
    )
    published_at = serializers.DateTimeField(help_text="When it was first published here.")
    updated_at = serializers.DateTimeField(help_text="When the entry was last changed.")
    last_reviewed = serializers.DateField(
        allow_null=True,
        help_text="When a curator last checked it against its sources; null if never.",
    )


# Browsing vocabularies and organisations -------------------------------------------------


class PublishedEntriesMixin(serializers.Serializer):
    url = serializers.SerializerMethodField(help_text="Its public page; empty if it has none.")
    interventions = serializers.SerializerMethodField(
        help_text="Slugs of its published interventions."
    )
    intervention_count = serializers.SerializerMethodField(
        help_text="How many published interventions it has."
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, row):
        return absolute(self, row.get_absolute_url())

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_interventions(self, row):
        return slugs_of(row.published_interventions)

    @extend_schema_field(OpenApiTypes.INT)
    def get_intervention_count(self, row):
        return len(slugs_of(row.published_interventions))


class ThemeSerializer(PublishedEntriesMixin):
    slug = serializers.SlugField(help_text="The theme's stable identifier.")
    name = serializers.CharField(help_text="The theme's name.")
    description = serializers.CharField(help_text="What the theme covers.")
    is_catalogues_own_definition = serializers.BooleanField(
        help_text="True when no source document defines the theme: the description is the "
        "catalogue's own words."
    )
    definition_by = serializers.CharField(
        help_text="Who wrote the description when it is the catalogue's own; may be empty."
    )
    definition_note = serializers.CharField(
        help_text="The curators' note on what the sources say about the theme; may be empty."
    )


class ForceSerializer(PublishedEntriesMixin):
    slug = serializers.SlugField(help_text="The force's stable identifier.")
    name = serializers.CharField(help_text="The force's name.")
    short_name = serializers.CharField(help_text="The place name used for its area.")
    region = serializers.ChoiceField(choices=Region.choices, help_text="Its region.")
    country = serializers.ChoiceField(choices=Country.choices, help_text="Its country.")


class OrganisationSerializer(PublishedEntriesMixin):
    slug = serializers.SlugField(help_text="The organisation's stable identifier.")
    name = serializers.CharField(help_text="The organisation's name.")
    short_name = serializers.CharField(help_text="Acronym, e.g. 'MVRP'; may be empty.")
    kind = serializers.ChoiceField(choices=OrganisationKind.choices, help_text="What it is.")
    force_area = SlugOfField(
        allow_null=True,
        help_text="Slug of the police force area it serves, if it serves one.",
    )
    website = serializers.CharField(help_text="Its website; may be empty.")
    description = serializers.CharField(help_text="About the organisation; may be empty.")


class SourceSerializer(PublishedEntriesMixin):
    slug = serializers.SlugField(help_text="The document's stable identifier.")
    title = serializers.CharField(help_text="The document's title.")
    publisher = serializers.CharField(help_text="Who published it.")
    kind = serializers.ChoiceField(choices=SourceKind.choices, help_text="What sort of document.")
    published_on = serializers.DateField(
        allow_null=True, help_text="Its date when known in full; else null."
    )
    date_note = serializers.CharField(help_text="Its date as the document words it; may be empty.")
    document_url = serializers.CharField(
        source="url", help_text="The document's own web address; empty if not known."
    )
    summary = serializers.CharField(help_text="What the document is, in the catalogue's words.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, row):
        """A source's public page is the list filtered to it."""
        return absolute(self, row.get_absolute_url())


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in words.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For a bad request: each parameter that could not be used, with why.",
    )


class ThrottledSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="That the client must wait, and how long.")
    retry_after = serializers.IntegerField(help_text="Seconds to wait, as in Retry-After.")
