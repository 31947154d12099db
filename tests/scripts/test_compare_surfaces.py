"""scripts/compare_surfaces.py: what it sets aside as noise, and what it still reports."""

import importlib.util
import json
from datetime import UTC, datetime

import pytest
from django.conf import settings

SCRIPT = settings.BASE_DIR / "scripts" / "compare_surfaces.py"
spec = importlib.util.spec_from_file_location("compare_surfaces", SCRIPT)
compare_surfaces = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare_surfaces)

# The run being compared: seeding and snapshots happened between these two moments.
START = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
END = datetime(2026, 11, 30, 4, 0, tzinfo=UTC)


def normalised(text):
    return compare_surfaces.normalise_timestamps(text, START, END)


def answer(body, status=200, **headers):
    return {"status": status, "headers": {"Content-Type": "text/html", **headers}, "body": body}


@pytest.mark.parametrize(
    "written",
    [
        "2026-11-30T03:41:07.123456+00:00",
        "2026-11-30T03:41:07Z",
        "2026-11-30T03:41:07",
        "2026-11-30 03:41:07.5+00:00",
        "2026-11-30T04:41:07+01:00",
        "Mon, 30 Nov 2026 03:41:07 GMT",
    ],
)
def test_a_timestamp_written_during_the_run_is_set_aside(written):
    assert normalised(f"<updated>{written}</updated>") == "<updated><now></updated>"


@pytest.mark.parametrize(
    "kept",
    [
        "2026-11-21T10:00:00+00:00",
        "2026-11-30T05:30:00Z",
        "Sat, 21 Nov 2026 10:00:00 GMT",
        "21 November 2026",
        "2026-11-29",
        "20261130",
        "12026-11-30",
    ],
)
def test_a_timestamp_or_date_from_the_seeded_data_is_kept(kept):
    assert normalised(f"published {kept}.") == f"published {kept}."


@pytest.mark.parametrize(
    "written",
    ["30 November 2026", "30 Nov 2026", "2026-11-30", "2026/11/30", "30/11/2026"],
)
def test_the_day_of_the_run_is_set_aside_however_it_is_spelled(written):
    assert normalised(f"Last updated {written}.") == "Last updated <today>."


def test_a_download_named_after_the_day_keeps_the_rest_of_its_name():
    headers = {"Content-Disposition": 'attachment; filename="interventions-2026-11-30.csv"'}
    assert compare_surfaces.normalise_headers(headers, START, END) == {
        "content-disposition": 'attachment; filename="interventions-<today>.csv"'
    }


def test_csrf_tokens_and_static_file_hashes_are_set_aside():
    html = (
        '<link rel="stylesheet" href="/static/css/site.4f3a2b1c9d8e.css">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="Zx9aQ2">'
    )
    assert compare_surfaces.normalise_body(html, "text/html", START, END) == (
        '<link rel="stylesheet" href="/static/css/site.css">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="<token>">'
    )


def test_headers_that_change_every_request_are_dropped_and_unordered_ones_sorted():
    headers = {
        "Date": "Mon, 30 Nov 2026 03:41:07 GMT",
        "X-Request-ID": "0f3c",
        "Set-Cookie": "csrftoken=abc",
        "Expires": "Mon, 30 Nov 2026 03:51:07 GMT",
        "Content-Length": "1234",
        "ETag": 'W/"9b2f"',
        "Allow": "OPTIONS, GET, HEAD",
        "Content-Security-Policy": "script-src 'self'; default-src 'self'",
        "Last-Modified": "Mon, 30 Nov 2026 03:40:00 GMT",
        "Content-Type": "application/json",
    }
    assert compare_surfaces.normalise_headers(headers, START, END) == {
        "allow": "GET, HEAD, OPTIONS",
        "content-length": "<length>",
        "content-security-policy": "default-src 'self'; script-src 'self'",
        "content-type": "application/json",
        "etag": 'W/"<etag>"',
        "last-modified": "<now>",
    }


def test_json_is_indented_in_its_own_key_order_and_xml_one_element_a_line():
    body = json.dumps({"slug": "a", "count": 1})
    assert compare_surfaces.readable_body(body, "application/json") == (
        '{\n "slug": "a",\n "count": 1\n}'
    )
    assert compare_surfaces.readable_body("<a><b/> <c/></a>", "application/atom+xml") == (
        "<a>\n<b/>\n<c/>\n</a>"
    )


def test_blank_lines_of_html_are_dropped_but_not_those_of_a_csv():
    assert compare_surfaces.readable_body("<ul>\n   \n<li>", "text/html") == "<ul>\n<li>"
    assert compare_surfaces.readable_body("a\n\nb", "text/csv") == "a\n\nb"


def test_identical_answers_are_counted_and_each_difference_is_shown(tmp_path):
    before = [
        {"name": "/", **answer("<h1>Home</h1>")},
        {"name": "/interventions/", **answer("<p>34 interventions</p>")},
        {"name": "/gone/", **answer("<p>Gone</p>")},
    ]
    after = [
        {"name": "/", **answer("<h1>Home</h1>")},
        {"name": "/interventions/", **answer("<p>33 interventions</p>")},
    ]
    identical, differences = compare_surfaces.compare(before, after, START, END, tmp_path)

    assert identical == 1
    assert [d.name for d in differences] == ["/interventions/", "/gone/"]
    assert "-<p>34 interventions</p>" in differences[0].diff
    assert "+<p>33 interventions</p>" in differences[0].diff
    assert "+++ after (not read)" in differences[1].diff
    assert len(list((tmp_path / "before").iterdir())) == 3
    assert len(list((tmp_path / "after").iterdir())) == 2


def test_a_difference_matched_by_allow_is_expected_and_the_run_passes(capsys):
    before = [{"name": "/api/v1/schema/", **answer("a")}, {"name": "/", **answer("x")}]
    after = [{"name": "/api/v1/schema/", **answer("b")}, {"name": "/", **answer("x")}]
    identical, differences = compare_surfaces.compare(before, after, START, END)

    assert compare_surfaces.report(identical, differences, [], before, after) == 1
    assert "DIFFERS: /api/v1/schema/" in capsys.readouterr().out

    status = compare_surfaces.report(identical, differences, ["^/api/v1/schema"], before, after)
    output = capsys.readouterr().out
    assert status == 0
    assert "expected: /api/v1/schema/" in output
    assert "2 surfaces: 1 identical, 0 differ, 1 differ as expected (--allow)." in output


def test_a_server_error_is_named_even_when_both_sides_give_it(capsys):
    records = [{"name": "/broken/", **answer("oops", status=500)}]
    identical, differences = compare_surfaces.compare(records, records, START, END)

    assert compare_surfaces.report(identical, differences, [], records, records) == 0
    assert "    server error: /broken/" in capsys.readouterr().out


def test_links_to_this_site_are_followed_and_others_are_not():
    page = compare_surfaces.PageParts(
        '<a href="/themes/knife-crime/">Knife crime</a>'
        '<a href="https://example.org/">Elsewhere</a>'
        '<a href="/admin/">Admin</a>'
        '<link href="/static/css/site.4f3a2b1c9d8e.css">'
        '<input type="checkbox" name="theme" value="county-lines">'
        '<select name="ordering"><option value="name">Name</option></select>'
    )
    assert [compare_surfaces.local_path(link) for link in page.links] == [
        "/themes/knife-crime/",
        None,
        None,
    ]
    assert [compare_surfaces.unhashed_static(path) for path in page.static] == [
        "/static/css/site.css"
    ]
    assert page.choices == [("theme", "county-lines"), ("ordering", "name")]


def test_it_refuses_to_run_without_a_postgresql_server(monkeypatch, capsys):
    monkeypatch.delenv("DATABASE_URL", raising=False)

    assert compare_surfaces.main(["HEAD"]) == 2
    assert "set DATABASE_URL to a PostgreSQL server" in capsys.readouterr().err
