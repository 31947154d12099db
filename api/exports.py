"""The list's results as CSV or JSON downloads, for exactly the filter in the address.

Both hold, for each entry, exactly what the API says about it: the JSON the API's
representation itself, the CSV its fields flattened into columns. That representation is
built from plain values (api.representations), not by the API's serializer on model
instances, which is too slow for downloads of tens of thousands of entries.

Both stream: entries are read with ``.iterator(chunk_size=EXPORT_CHUNK_SIZE)``, their
related rows fetched a chunk at a time (one query a relation), so memory and queries per
chunk stay the same however many entries match. Both take the list's parameters, read
strictly: a value that cannot be used is a 400 naming it, never a silently wider download.

The CSV is UTF-8 with a byte order mark, as every CSV of the site (without it Excel
misreads accented letters), one row per entry, several values in a cell joined with "; ".
Its licence travels in a ``Link: <...>; rel="license"`` header, as a CSV file has no
place for it that would not break a reader; the JSON states it in a ``licence`` field.
Downloads count against the API's per-client rate (web.middleware.RateLimitMiddleware).
"""

import csv
from types import SimpleNamespace

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import F, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe
from rest_framework.exceptions import ValidationError
from rest_framework.utils.encoders import JSONEncoder

from api.filters import strict_filterset
from api.licence import data_licence, link_header
from api.querysets import ENTRY_REPORT_ORDER
from api.representations import (
    DATE,
    LOOKUP_RELATIONS,
    RelatedRows,
    chunks,
    entry_rows,
    grouped,
    representations,
)
from evaluations.models import OutcomeMetric, confidence_of, scope_label, value_display
from interventions.models import (
    Funding,
    Intervention,
    SourceCitation,
    Verdict,
    age_range_words,
    amount_display,
    partners_lead_first,
)
from interventions.spreadsheets import BYTE_ORDER_MARK, escape_formula

EXPORT_CHUNK_SIZE = 500
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
    text = f"{outcome['measure']}: {outcome['value_display']}"
    if outcome["direction"]:
        text += f" {outcome['direction'].replace('-', ' ')}"
    if scope_label(outcome["scope"]):
        text += f" [{scope_label(outcome['scope'])}]"
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


def safe_cell(value):
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading quote."""
    if value is None:
        return ""
    # Only text can run as a formula, and most cells start with a letter or digit, which
    # never needs the quote: those skip the check.
    if not isinstance(value, str) or value[:1].isalnum():
        return value
    return escape_formula(value)


class Echo:
    """A file-like object that hands back what is written, for csv.writer to stream through."""

    def write(self, value):
        return value


def exported_entries(request):
    """The entries the address's filter gives, in the list's order, ready to stream."""
    filterset = strict_filterset(request.GET, Intervention.objects.published(), request=request)
    return filterset, filterset.qs


class ColumnsRelatedRows(RelatedRows):
    """Related rows as far as the CSV's columns read them, each already as its cell's
    text where it can be: an organisation as "name (role)", a funding line or figure as
    its sentence, a citation as its title, no seminar sessions. Building the API's full
    representation first and flattening it afterwards took most of the CSV's time."""

    lists_report_entries = False

    def __init__(self, request, entry_ids):
        self.request = request
        self.entry_ids = RawSQL("SELECT unnest(%s::integer[])", [list(entry_ids)])
        self.paths = {}
        self.lookups = self.lookup_texts()
        self.regions = self.lookups.pop("regions")
        self.organisations = self.partners()
        self.funding = self.funding_lines()
        self.reports = self.evaluation_reports()
        self.outcomes = self.figures()
        self.sources = self.citations()

    def lookup_texts(self):
        """Of each entry, its themes, forces, purposes and settings as their cells' text,
        in the order the API lists them, and its forces' regions; one query for all four.

        ``{relation: {entry id: text}}``, with "regions" as a fifth relation.
        """
        parts = []
        for relation, related in LOOKUP_RELATIONS.items():
            model = Intervention._meta.get_field(relation).related_model
            order = [
                f"-{related}__{field[1:]}" if field.startswith("-") else f"{related}__{field}"
                for field in model._meta.ordering
            ]
            order.append("pk")
            region = F("force__region") if related == "force" else Value("")
            region = Cast(region, output_field=TextField())
            parts.append(
                self.links(relation)
                .order_by()
                .values("intervention_id")
                .annotate(
                    lookup_relation=Value(relation),
                    lookup_slugs=ArrayAgg(f"{related}__slug", order_by=order),
                    lookup_regions=ArrayAgg(region, order_by=order),
                )
                .values_list("lookup_relation", "intervention_id", "lookup_slugs", "lookup_regions")
            )
        texts = {relation: {} for relation in [*LOOKUP_RELATIONS, "regions"]}
        for relation, key, slugs, regions in parts[0].union(*parts[1:], all=True):
            texts[relation][key] = joined(slugs)
            if relation == "forces":
                texts["regions"][key] = joined(dict.fromkeys(regions))
        return texts

    def lookup_text(self, relation, entry_id):
        return self.lookups[relation].get(entry_id, "")

    def partners(self):
        rows = self.partner_rows().values_list("intervention_id", "organisation__name", "role")
        return grouped(rows, shape=lambda name, role: f"{name} ({role})")

    def partner_rows(self):
        return partners_lead_first().filter(intervention_id__in=self.entry_ids)

    def funding_lines(self):
        rows = (
            self.rows_of(Funding)
            .order_by("key")
            .values_list(
                "intervention_id", "description", "amount_gbp", "amount_qualifier", "period"
            )
        )
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

    def evaluation_reports(self):
        """Of each entry, its reports' fields the CSV reads, in the API's report order."""
        order = [f"evaluationreport__{field}" for field in ENTRY_REPORT_ORDER] + ["pk"]
        fields = ("title", "url", "report_type", "design_level", "independent")
        rows = (
            self.report_links()
            .order_by()
            .values("intervention_id")
            .annotate(
                **{
                    field: ArrayAgg(f"evaluationreport__{field}", order_by=order)
                    for field in fields
                }
            )
        )
        return {
            row["intervention_id"]: [
                SimpleNamespace(**dict(zip(fields, values, strict=True)))
                for values in zip(*[row[field] for field in fields], strict=True)
            ]
            for row in rows
        }

    def figures(self):
        """Of each entry, its figures as the cell's text, in the API's order."""
        order = ("position", "key", "pk")
        fields = ("measure", "value", "unit", "value_qualifier", "direction", "scope")
        rows = (
            self.rows_of(OutcomeMetric)
            .order_by()
            .values("intervention_id")
            .annotate(**{f"{field}s": ArrayAgg(field, order_by=order) for field in fields})
        )
        return {
            row["intervention_id"]: SEPARATOR.join(
                outcome_text(
                    {
                        "measure": measure,
                        "value_display": value_display(value, unit, qualifier),
                        "direction": direction,
                        "scope": scope,
                    }
                )
                for measure, value, unit, qualifier, direction, scope in zip(
                    *[row[f"{field}s"] for field in fields], strict=True
                )
            )
            for row in rows
        }

    def sessions(self):
        return {}

    def citations(self):
        rows = self.rows_of(SourceCitation).order_by("source", "pk")
        return grouped(rows.values_list("intervention_id", "source__title"))

    @cached_property
    def time_zone(self):
        return timezone.get_current_timezone()

    def moment(self, value):
        """A date and time as the API writes it (DATETIME, ISO 8601 in the site's time
        zone, UTC as "Z"), without the serializer field's checks, which cost more than
        the rest of the row's dates: values from the database are already aware."""
        if value is None:
            return None
        text = value.astimezone(self.time_zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    def cells(self, row):
        """One entry's CSV row, column by column as CSV_COLUMNS names them."""
        entry_id = row["id"]
        reports = self.reports.get(entry_id, ())
        rated = row["evidence_rating__verdict"] is not None
        source = ""
        if rated and row["evidence_rating__source__slug"]:
            source = rating_source_text(
                {
                    "title": row["evidence_rating__source__title"],
                    "section": row["evidence_rating__source_section"],
                }
            )
        return [
            row["slug"],
            row["name"],
            row["short_name"],
            self.page(row["slug"]),
            row["summary"],
            row["description"],
            self.lookup_text("themes", entry_id),
            self.lookup_text("forces", entry_id),
            self.regions.get(entry_id, ""),
            joined(self.organisations.get(entry_id, ())),
            self.lookup_text("purposes", entry_id),
            row["evidence_stage"],
            str(row["evidence_rating__verdict"] if rated else Verdict.NOT_YET_KNOWN),
            "yes" if rated and row["evidence_rating__rests_on_self_reported_figures"] else "no",
            str(confidence_of(reports).value),
            row["evidence_rating__findings_summary"] if rated else "",
            source,
            row["status"],
            row["status_reported_year"],
            self.lookup_text("delivery_settings", entry_id),
            row["target_group"],
            row["age_min"],
            row["age_max"],
            joined(age_group_text(group) for group in row["age_group_list"]),
            row["start_year"],
            row["end_year"],
            joined(self.funding.get(entry_id, ())),
            joined(report.title for report in reports),
            joined(report.url for report in reports),
            self.outcomes.get(entry_id, ""),
            joined(lesson["text"] for lesson in row["lesson_list"]),
            joined(self.sources.get(entry_id, ())),
            row["contact_email"],
            row["website"],
            row["curator_note"],
            row["inference_note"],
            self.moment(row["published_at"]),
            self.moment(row["updated_at"]),
            DATE.to_representation(row["last_reviewed"]),
        ]


def csv_rows(request, entries):
    writer = csv.writer(Echo())
    yield BYTE_ORDER_MARK + writer.writerow([heading for heading, _ in CSV_COLUMNS])
    rows = entry_rows(entries).iterator(chunk_size=EXPORT_CHUNK_SIZE)
    for chunk in chunks(rows, EXPORT_CHUNK_SIZE):
        related = ColumnsRelatedRows(request, [row["id"] for row in chunk])
        for row in chunk:
            yield writer.writerow([safe_cell(value) for value in related.cells(row)])


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
