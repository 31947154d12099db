"""The list's results as CSV or JSON downloads, for exactly the filter in the address.

Both hold, for each entry, exactly what the API says about it: the JSON the API's
representation itself, the CSV its fields flattened into columns. That representation is
built from plain values (api.representations), not by the API's serializer on model
instances, which is too slow for downloads of tens of thousands of entries.

Both stream: entries are read with ``.iterator(chunk_size=...)``, their related rows
fetched a chunk at a time (a fixed number of queries a chunk), so memory and queries per
chunk stay the same however many entries match. The CSV reads only the columns it writes,
has PostgreSQL join each cell that is only names (string_agg) and write its dates and
times, reads a chunk's related rows in one round trip of prepared statements, and writes
a chunk's rows as one piece, each line by interventions.spreadsheets.csv_line(). Both
take the list's parameters, read strictly: a value that cannot be used is a 400 naming
it, never a silently wider download.

The CSV is UTF-8 with a byte order mark, as every CSV of the site (without it Excel
misreads accented letters), one row per entry, several values in a cell joined with "; ".
Its licence travels in a ``Link: <...>; rel="license"`` header, as a CSV file has no
place for it that would not break a reader; the JSON states it in a ``licence`` field.
Downloads count against the API's per-client rate (web.middleware.RateLimitMiddleware).
"""

from functools import lru_cache
from types import SimpleNamespace

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Concat, NullIf
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from rest_framework.exceptions import ValidationError
from rest_framework.utils.encoders import JSONEncoder

from api.filters import strict_filterset
from api.licence import data_licence, link_header
from api.representations import (
    ENTRY_OWN_FIELDS,
    LOOKUP_RELATIONS,
    RelatedRows,
    chunks,
    grouped,
    ordering_of,
    representations,
)
from evaluations.models import confidence_of, scope_label, value_display
from interventions.models import (
    AgeGroup,
    Funding,
    Intervention,
    Lesson,
    SourceCitation,
    SourceDocument,
    Verdict,
    age_range_words,
    amount_display,
    partners_lead_first,
)
from interventions.spreadsheets import BYTE_ORDER_MARK, csv_line

EXPORT_CHUNK_SIZE = 500
# The cells of ColumnsRelatedRows.cell_text_rows() besides those of LOOKUP_RELATIONS.
CELL_TEXT_RELATIONS = ("organisations", "sources", "lessons")
# The CSV's rows are flat text, far smaller than the JSON's entries: bigger chunks, fewer
# round trips.
CSV_CHUNK_SIZE = 1000
SEPARATOR = "; "


def joined(values):
    return SEPARATOR.join(str(value) for value in values if value not in ("", None))


def age_group_text(group):
    return f"{group['label']}: {age_range_words(group['age_min'], group['age_max'])}"


def funding_text(line):
    text = line["description"]
    if line["amount"]:
        text += f": {line['amount']}"
    if line["period"]:
        text += f" ({line['period']})"
    return text


def outcome_text(outcome):
    return figure_words(
        outcome["measure"], outcome["value_display"], outcome["direction"], outcome["scope"]
    )


def figure_words(measure, shown, direction, scope):
    """A figure as its part of the outcomes cell, from its value as value_display() shows
    it."""
    text = f"{measure}: {shown}"
    if direction:
        text += " " + direction.replace("-", " ")
    label = scope_label(scope)
    if label:
        text += f" [{label}]"
    return text


def rating_source_text(source):
    return f"{source['title']}, {source['section']}" if source else ""


# Each column: its heading (the API's field name where there is one) and its value.
CSV_COLUMNS = [
    ("slug", lambda entry: entry["slug"]),
    ("name", lambda entry: entry["name"]),
    ("short_name", lambda entry: entry["short_name"]),
    ("url", lambda entry: entry["url"]),
    ("summary", lambda entry: entry["summary"]),
    ("description", lambda entry: entry["description"]),
    ("themes", lambda entry: joined(entry["themes"])),
    ("forces", lambda entry: joined(entry["forces"])),
    ("regions", lambda entry: joined(entry["regions"])),
    (
        "organisations",
        lambda entry: joined(f"{item['name']} ({item['role']})" for item in entry["organisations"]),
    ),
    ("purposes", lambda entry: joined(entry["purposes"])),
    ("evidence_stage", lambda entry: entry["evidence_stage"]),
    ("verdict", lambda entry: entry["rating"]["verdict"]),
    (
        "rests_on_self_reported_figures",
        lambda entry: "yes" if entry["rating"]["rests_on_self_reported_figures"] else "no",
    ),
    ("confidence", lambda entry: entry["rating"]["confidence"]),
    ("findings_summary", lambda entry: entry["rating"]["findings_summary"]),
    ("findings_source", lambda entry: rating_source_text(entry["rating"]["source"])),
    ("status", lambda entry: entry["status"]),
    ("status_reported_year", lambda entry: entry["status_reported_year"]),
    ("setting", lambda entry: joined(entry["setting"])),
    ("target_group", lambda entry: entry["target_group"]),
    ("age_min", lambda entry: entry["age_min"]),
    ("age_max", lambda entry: entry["age_max"]),
    ("age_groups", lambda entry: joined(age_group_text(group) for group in entry["age_groups"])),
    ("start_year", lambda entry: entry["start_year"]),
    ("end_year", lambda entry: entry["end_year"]),
    ("funding", lambda entry: joined(funding_text(line) for line in entry["funding"])),
    ("reports", lambda entry: joined(report["title"] for report in entry["reports"])),
    ("report_urls", lambda entry: joined(report["url"] for report in entry["reports"])),
    ("outcomes", lambda entry: joined(outcome_text(item) for item in entry["outcomes"])),
    ("lessons", lambda entry: joined(lesson["text"] for lesson in entry["lessons"])),
    ("sources", lambda entry: joined(source["title"] for source in entry["sources"])),
    ("contact_email", lambda entry: entry["contact_email"]),
    ("website", lambda entry: entry["website"]),
    ("curator_note", lambda entry: entry["curator_note"]),
    ("inference_note", lambda entry: entry["inference_note"]),
    ("published_at", lambda entry: entry["published_at"]),
    ("updated_at", lambda entry: entry["updated_at"]),
    ("last_reviewed", lambda entry: entry["last_reviewed"]),
]


def exported_entries(request):
    """The entries the address's filter gives, in the list's order, ready to stream."""
    filterset = strict_filterset(request.GET, Intervention.objects.published(), request=request)
    return filterset, filterset.qs


# Its dates and times, which the CSV reads as text (csv_entry_rows()).
CSV_DATES = ("published_at", "updated_at", "last_reviewed")
# The entry's own columns and those of its rating the CSV writes.
CSV_ENTRY_FIELDS = (
    *[field for field in ENTRY_OWN_FIELDS if field not in CSV_DATES],
    "evidence_rating__verdict",
    "evidence_rating__rests_on_self_reported_figures",
    "evidence_rating__findings_summary",
    "evidence_rating__source",
    "evidence_rating__source__title",
    "evidence_rating__source_section",
)


class MomentText(Func):
    """A date and time as the API writes it (DATETIME): ISO 8601 in ``zone``, with
    microseconds only where there are any, and UTC as "Z". Formatted by PostgreSQL, where
    reading each as a datetime and formatting it took a sixth of the CSV's Python time."""

    output_field = TextField()

    def __init__(self, expression, zone):
        super().__init__(expression, Value(zone))

    def as_sql(self, compiler, connection, **extra_context):
        moment, moment_params = compiler.compile(self.source_expressions[0])
        if moment_params:
            raise ValueError("MomentText reads a column, not an expression with parameters.")
        zone, zone_params = compiler.compile(self.source_expressions[1])
        # The local time, the time in UTC, and the local time's offset either way.
        local = f"({moment} AT TIME ZONE {zone})"
        utc = f"({moment} AT TIME ZONE 'UTC')"

        def offset(sign, interval):
            return (
                f"'{sign}' || to_char({interval}, 'HH24:MI') || CASE WHEN "
                f"extract(second FROM {interval}) = 0 THEN '' ELSE to_char({interval}, ':SS') END"
            )

        sql = (
            f"CASE WHEN {moment} IS NULL THEN NULL ELSE "
            f"to_char({local}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN "
            f"date_trunc('second', {moment}) = {moment} THEN '' ELSE to_char({moment}, '.US') "
            f"END || CASE WHEN {local} = {utc} THEN 'Z' "
            f"WHEN {local} > {utc} THEN {offset('+', f'({local} - {utc})')} "
            f"ELSE {offset('-', f'({utc} - {local})')} END END"
        )
        # Each time the local time is written, its zone's parameter.
        return sql, zone_params * sql.count(local)


def csv_entry_rows(entries):
    """The entries' own columns the CSV writes, as named tuples, and nothing else; their
    dates and times as the text the API writes (CSV_DATES)."""
    zone = timezone.get_current_timezone_name()
    return entries.annotate(
        published_at_text=MomentText("published_at", zone),
        updated_at_text=MomentText("updated_at", zone),
        last_reviewed_text=Func(
            "last_reviewed", Value("YYYY-MM-DD"), function="to_char", output_field=TextField()
        ),
    ).values_list(
        *CSV_ENTRY_FIELDS, "published_at_text", "updated_at_text", "last_reviewed_text", named=True
    )


def cell_text(expression, order):
    """A relation's rows of one entry as one cell's text, joined in ``order`` as joined()
    joins them: empty texts left out. None when there is nothing to write."""
    return StringAgg(NullIf(expression, Value("")), SEPARATOR, order_by=order)


def cell_part(rows, expression, order):
    """Of each entry of ``rows``, the cell_text() of ``expression`` as ``text``."""
    return rows.values("intervention_id").annotate(text=cell_text(expression, order))


def figure_text(measure, value, unit, qualifier, direction, scope):
    """A figure as its part of the outcomes cell."""
    return figure_words(measure, shown_value(value, unit, qualifier), direction, scope)


@lru_cache(maxsize=4096)
def shown_value(value, unit, qualifier):
    """value_display(), kept: formatting a number is the slowest step of a row, and
    figures' values repeat across entries."""
    return value_display(value, unit, qualifier)


@lru_cache(maxsize=1024)
def confidence_text(reports):
    """The confidence that reports of these ``(report_type, design_level, independent)``
    allow, as the CSV writes it; entries share a few combinations, so each is worked out
    once."""
    return str(
        confidence_of(
            SimpleNamespace(report_type=report_type, design_level=level, independent=independent)
            for report_type, level, independent in reports
        ).value
    )


class ColumnsRelatedRows(RelatedRows):
    """Related rows as far as the CSV's columns read them, each as its cell's text: the
    database joins each relation's names into one text per entry where the cell is only
    names, and what Python formats (figures, amounts, ages) is read as plain rows.
    Building the API's full representation first and flattening it afterwards took most of
    the CSV's time."""

    RELATED_QUERIES = (
        "cell_text_rows",
        "funding_line_rows",
        "age_group_rows",
        "report_cell_rows",
        "figure_cell_rows",
    )
    # A chunk's queries differ only in their ids, and planning them took longer than
    # running them.
    planned_once = True

    def __init__(self, request, entry_ids):
        self.request = request
        texts, funding, age_groups, reports, figures = self.read(entry_ids)
        self.texts = self.cell_texts(texts)
        self.funding = self.funding_lines(funding)
        self.age_groups = self.age_group_texts(age_groups)
        self.reports = self.evaluation_reports(reports)
        self.outcomes = self.figures(figures)

    def cell_text_rows(self):
        """Of each entry, the cells that only join names, in one query: rows ``(column,
        entry id, text, regions)``, regions only with the forces."""
        parts = {}
        for relation, related, links, order in self.lookup_links_in_order():
            parts[relation] = cell_part(links, F(f"{related}__slug"), order)
            if relation == "forces":
                # The regions cell from the same rows as the forces cell, in one pass.
                parts[relation] = parts[relation].annotate(
                    regions=cell_text(F("force__region"), order)
                )
        partners = partners_lead_first()
        name_and_role = Concat(
            "organisation__name", Value(" ("), "role", Value(")"), output_field=TextField()
        )
        parts["organisations"] = cell_part(
            partners.filter(intervention_id__in=self.entry_ids).order_by(),
            name_and_role,
            partners.query.order_by,
        )
        parts["sources"] = cell_part(
            self.rows_of(SourceCitation).order_by(),
            F("source__title"),
            [*ordering_of(SourceDocument, "source"), F("pk").asc()],
        )
        parts["lessons"] = cell_part(
            self.rows_of(Lesson).order_by(), F("text"), [F("position").asc(), F("key").asc()]
        )
        no_text = Value(None, output_field=TextField())
        queries = [
            part.annotate(
                cell=Value(column), **({} if column == "forces" else {"regions": no_text})
            ).values_list("cell", "intervention_id", "text", "regions")
            for column, part in parts.items()
        ]
        return queries[0].union(*queries[1:], all=True)

    def cell_texts(self, rows):
        """``{column: {entry id: text}}`` for themes, forces, regions, purposes, settings,
        organisations, sources and lessons, each in the order the API lists them."""
        texts = {column: {} for column in [*LOOKUP_RELATIONS, *CELL_TEXT_RELATIONS]}
        regions = texts["regions"] = {}
        for column, key, text, region_text in rows:
            texts[column][key] = text or ""
            if column == "forces":
                regions[key] = region_text or ""
        # A force's region once, where the first of its forces is listed.
        texts["regions"] = {
            key: joined(dict.fromkeys(text.split(SEPARATOR)))
            for key, text in texts["regions"].items()
        }
        return texts

    def text(self, column, entry_id):
        return self.texts[column].get(entry_id, "")

    def funding_line_rows(self):
        return (
            self.rows_of(Funding)
            .order_by("key")
            .values_list(
                "intervention_id", "description", "amount_gbp", "amount_qualifier", "period"
            )
        )

    def funding_lines(self, rows):
        return grouped(
            rows,
            shape=lambda description, amount, qualifier, period: funding_text(
                {
                    "description": description,
                    "amount": amount_display(amount, qualifier),
                    "period": period,
                }
            ),
        )

    def age_group_rows(self):
        return (
            self.rows_of(AgeGroup)
            .order_by("position", "key")
            .values_list("intervention_id", "label", "age_min", "age_max")
        )

    def age_group_texts(self, rows):
        return grouped(
            rows,
            shape=lambda label, age_min, age_max: age_group_text(
                {"label": label, "age_min": age_min, "age_max": age_max}
            ),
        )

    def report_cell_rows(self):
        """The entries' reports in the API's report order, as plain rows grouped here: on
        PostgreSQL before 16, aggregates that each order their input sort it once each,
        which cost more than the grouping."""
        return self.report_links().values_list(
            "intervention_id",
            "evaluationreport__title",
            "evaluationreport__url",
            "evaluationreport__report_type",
            "evaluationreport__design_level",
            "evaluationreport__independent",
        )

    def evaluation_reports(self, rows):
        """Of each entry, ``(titles, addresses, confidence)``: its reports' cells and the
        confidence they allow."""
        return {
            key: (
                joined(title for title, *_ in reports),
                joined(address for _, address, *_ in reports),
                confidence_text(tuple(tuple(fields) for _, _, *fields in reports)),
            )
            for key, reports in grouped(rows, shape=lambda *report: report).items()
        }

    def figure_cell_rows(self):
        """The entries' figures in the API's order (plain rows, grouped here, as the
        reports are)."""
        return self.figure_rows().values_list(
            "intervention_id", "measure", "value", "unit", "value_qualifier", "direction", "scope"
        )

    def figures(self, rows):
        """Of each entry, its figures as the cell's text."""
        return {
            key: SEPARATOR.join(texts) for key, texts in grouped(rows, shape=figure_text).items()
        }

    def cells(self, row):
        """One entry's CSV row, column by column as CSV_COLUMNS names them."""
        entry_id = row.id
        titles, addresses, confidence = self.reports.get(entry_id, NO_REPORTS)
        rated = row.evidence_rating__verdict is not None
        source = ""
        if rated and row.evidence_rating__source is not None:
            source = rating_source_text(
                {
                    "title": row.evidence_rating__source__title,
                    "section": row.evidence_rating__source_section,
                }
            )
        text = self.text
        return [
            row.slug,
            row.name,
            row.short_name,
            self.page(row.slug),
            row.summary,
            row.description,
            text("themes", entry_id),
            text("forces", entry_id),
            text("regions", entry_id),
            text("organisations", entry_id),
            text("purposes", entry_id),
            row.evidence_stage,
            str(row.evidence_rating__verdict if rated else Verdict.NOT_YET_KNOWN),
            "yes" if rated and row.evidence_rating__rests_on_self_reported_figures else "no",
            confidence,
            row.evidence_rating__findings_summary if rated else "",
            source,
            row.status,
            row.status_reported_year,
            text("delivery_settings", entry_id),
            row.target_group,
            row.age_min,
            row.age_max,
            joined(self.age_groups.get(entry_id, ())),
            row.start_year,
            row.end_year,
            joined(self.funding.get(entry_id, ())),
            titles,
            addresses,
            self.outcomes.get(entry_id, ""),
            text("lessons", entry_id),
            text("sources", entry_id),
            row.contact_email,
            row.website,
            row.curator_note,
            row.inference_note,
            row.published_at_text,
            row.updated_at_text,
            row.last_reviewed_text,
        ]


# The report cells of an entry without reports: no titles, no addresses, no confidence.
NO_REPORTS = ("", "", confidence_text(()))


def csv_text(rows):
    """Rows as CSV text, each cell that a spreadsheet would run as a formula made inert."""
    return "".join(map(csv_line, rows))


def csv_rows(request, entries):
    """The CSV a chunk of entries at a time: its heading, then one piece per chunk."""
    yield BYTE_ORDER_MARK + csv_text([[heading for heading, _ in CSV_COLUMNS]])
    rows = csv_entry_rows(entries).iterator(chunk_size=CSV_CHUNK_SIZE)
    for chunk in chunks(rows, CSV_CHUNK_SIZE):
        related = ColumnsRelatedRows(request, [row.id for row in chunk])
        yield csv_text(related.cells(row) for row in chunk)


def json_document(request, filterset, entries):
    """The export as JSON text in pieces: the licence and filter first, then each entry."""
    encoder = JSONEncoder(ensure_ascii=False)
    head = {
        "licence": data_licence(),
        "generated_at": timezone.now().isoformat(),
        "list_url": request.build_absolute_uri(list_address(filterset)),
        "filters": filters_in_use(filterset),
        "count": entries.count(),
    }
    yield encoder.encode(head)[:-1] + ', "interventions": ['
    exported = representations(request, entries, EXPORT_CHUNK_SIZE)
    for number, entry in enumerate(exported):
        yield ("," if number else "") + encoder.encode(entry)
    yield "]}\n"


def filters_in_use(filterset):
    filters = {}
    for name, value in filterset.query_pairs():
        filters.setdefault(name, []).append(value)
    return filters


def list_address(filterset):
    query = filterset.query_string()
    path = reverse("catalogue:list")
    return f"{path}?{query}" if query else path


def file_name(extension):
    return f"interventions-{timezone.localdate().isoformat()}.{extension}"


def unusable_parameters(error, as_json):
    if as_json:
        return JsonResponse(
            {"detail": "Some parameters could not be used; see errors.", "errors": error.detail},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    lines = [f"{name}: {' '.join(messages)}" for name, messages in error.detail.items()]
    text = "The download could not be made: the address has values that cannot be used.\n\n"
    return HttpResponse(
        text + "\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8"
    )


def streamed(content, content_type, extension):
    response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name(extension)}"'
    response["Link"] = link_header()
    return response


@require_safe
def download_csv(request):
    try:
        _, entries = exported_entries(request)
    except ValidationError as error:
        return unusable_parameters(error, as_json=False)
    return streamed(csv_rows(request, entries), "text/csv; charset=utf-8; header=present", "csv")


@require_safe
def download_json(request):
    try:
        filterset, entries = exported_entries(request)
    except ValidationError as error:
        return unusable_parameters(error, as_json=True)
    return streamed(
        json_document(request, filterset, entries), "application/json; charset=utf-8", "json"
    )
