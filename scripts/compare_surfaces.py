#!/usr/bin/env python
"""Check that two versions of the code answer the same on every public surface.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python scripts/compare_surfaces.py BEFORE_REF [AFTER_REF] [--allow REGEX]...

Each side is a git ref, unpacked with `git archive`, or the work tree when AFTER_REF is left
out. Each gets a scratch database of its own on DATABASE_URL's server (created here, dropped
at the end), is migrated, seeded with `seed_catalogue` and has its static files collected,
with production settings (DEBUG off, no page cache, no Redis). Then this script runs again
inside the side's own code and reads every public surface through Django's test client:
pages, list filters, search, orderings and malformed parameters, the API and its schema,
the downloads, the feed, citations, the sitemap, the forms' GET pages and the error pages.
Both sides read the same addresses: those that each side finds in its sitemap, API,
fixtures and filter options are put together first.

Answers are normalised (CSRF tokens, timestamps that fall within this run, static file
hashes, ETag values, the order of Content-Security-Policy directives) and compared surface
by surface. The normalised answers are kept under --out (`diff -r OUT/before OUT/after`).

Exit status: 0 when every surface is the same, 1 when one differs that no --allow pattern
expects, 2 when a side could not be set up.
"""

import argparse
import base64
import difflib
import email.utils
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).resolve()
# The catalogue's TIME_ZONE: pages show local dates, the API UTC ones.
LOCAL_ZONE = ZoneInfo("Europe/London")
# Timestamps this close to the run are taken to be written by it (seeding, generated-at).
RUN_MARGIN = timedelta(minutes=5)
DIFF_LINES = 30

# Headers that change on every request, or carry nothing a reader could rely on.
DROPPED_HEADERS = {"date", "x-request-id", "set-cookie", "expires"}
# Headers whose comma-separated values mean the same in any order, and repeated.
UNORDERED_HEADERS = {
    "allow",
    "vary",
    "access-control-allow-headers",
    "access-control-allow-methods",
    "access-control-expose-headers",
}
# Overrides for the scratch sides; REDIS_URL and SECRET_KEY_FILE are removed, so neither
# side shares a cache with the other or with anyone else.
SIDE_ENVIRONMENT = {
    "DEBUG": "false",
    "SECRET_KEY": "compare",
    "ALLOWED_HOSTS": "localhost",
    "PAGE_CACHE_SECONDS": "0",
    # Hundreds of API reads from one address must not run into the throttle.
    "API_THROTTLE_RATE": "1000000/min",
    "LOG_LEVEL": "WARNING",
    "REQUEST_LOG_LEVEL": "WARNING",
    "DJANGO_SETTINGS_MODULE": "vvcp.settings",
    "PYTHONDONTWRITEBYTECODE": "1",
    # The same order of set iteration on both sides, so a run is repeatable.
    "PYTHONHASHSEED": "0",
}
REMOVED_ENVIRONMENT = {"REDIS_URL", "SECRET_KEY_FILE", "DATABASE_POOL", "BENCHMARK_BASELINE"}

# ---------------------------------------------------------------------------------------
# What is read. These run inside each side's process, with its own code on sys.path.

SEARCHES = [
    "knife",
    "Knife Crime",
    '"county lines"',
    "knife or weapon",
    "knife -school",
    "habitaul",
    "mentoring young people",
    "zzqxv",
    "<script>alert(1)</script>",
    "a" * 300,
    "   ",
    "knife\x00",
    "'; drop table x; --",
    "ünïcödé",
]
# Parameters the list, the API, the downloads and the feed share, good and bad.
LIST_QUERIES = [
    {"page": "2"},
    {"page": "zz"},
    {"page": "0"},
    {"page": "-1"},
    {"page": "9999"},
    {"page": ["1", "2"]},
    {"age": "15"},
    {"age": "abc"},
    {"age": "-1"},
    {"age": "200"},
    {"has_report": "maybe"},
    {"ordering": "bogus"},
    {"ordering": ["name", "-name"]},
    {"theme": "no-such-theme"},
    {"theme": ["knife-crime", "county-lines"]},
    {"theme": ["knife-crime", "knife-crime"]},
    {"theme": "knife-crime", "region": "north-west"},
    {"theme": "county-lines", "region": "north-west"},
    {"theme": "knife-crime", "has_report": "true"},
    {"theme": "knife-crime", "ordering": "-updated"},
    {"q": "knife", "theme": "knife-crime"},
    {"q": "knife", "ordering": "name"},
    {"q": "knife", "page": "2"},
    {"region": "atlantis", "force": "no-such-force", "age": "x"},
    {"unknown": "1"},
    {"page_size": "100"},
    {"page_size": "1000"},
    {"page_size": "x"},
    {"page_size": "0"},
]
LIST_SURFACES = [
    "/interventions/",
    "/api/v1/interventions/",
    "/interventions/download.csv",
    "/interventions/download.json",
    "/interventions/feed/",
]
OUTCOME_QUERIES = [
    {"page": "2"},
    {"page": "zz"},
    {"page": "99"},
    {"sort": "bogus"},
    {"sort": ["measure", "kind"]},
    {"kind": "no-such-kind"},
    {"theme": "knife-crime", "direction": "decrease"},
    {"force": "no-such-force", "source": "x"},
]
FIXED_PAGES = [
    "/",
    "/interventions/",
    "/interventions",
    "/forces/",
    "/outcomes/",
    "/outcomes/download.csv",
    "/compare/",
    "/sitemap.xml",
    "/robots.txt",
    "/favicon.ico",
    "/healthz",
    "/share-practice/",
    "/share-practice/correction/",
    "/share-practice/correction/?entry=no-such-entry",
    "/share-practice/thank-you/",
    "/api/v1/",
    "/api/v1/schema/",
    "/api/v1/schema/?format=json",
    "/api/v1/docs/",
    "/no-such-page/",
    "/interventions/no-such-entry/",
    "/interventions/no-such-entry/cite.ris",
    "/reports/no-such-report/cite.ris",
    "/themes/no-such-theme/",
    "/forces/no-such-force/",
    "/organisations/no-such-organisation/",
    "/api/v1/no-such-endpoint/",
    "/api/v1/interventions/no-such-entry/",
    "/api/v1/outcomes/999999/",
    "/api/v1/outcomes/no-such-entry/no-such-key/",
    "/api/v1/reports/?intervention=no-such-entry",
    "/api/v1/outcomes/?intervention=no-such-entry",
]
OTHER_REQUESTS = [
    ("HEAD", "/", {}),
    ("HEAD", "/api/v1/interventions/", {}),
    ("HEAD", "/interventions/download.csv", {}),
    ("OPTIONS", "/api/v1/interventions/", {}),
    ("POST", "/api/v1/interventions/", {}),
    ("DELETE", "/api/v1/themes/knife-crime/", {}),
    ("POST", "/api/v1/docs/", {}),
    ("POST", "/interventions/download.json", {}),
    ("POST", "/interventions/", {}),
    ("GET", "/api/v1/schema/", {"Accept": "application/json"}),
    ("GET", "/api/v1/interventions/", {"Accept": "text/html"}),
    ("GET", "/api/v1/interventions/", {"Origin": "https://example.org"}),
]
# Answered twice: then again with the first answer's ETag and Last-Modified.
REVALIDATED = [
    "/api/v1/interventions/",
    "/api/v1/schema/",
    "/interventions/feed/",
    "/interventions/download.csv",
    "/interventions/download.json",
]
# Fixture models whose rows have public addresses (drafts and unlinked rows must 404).
FIXTURE_ADDRESSES = {
    "interventions.intervention": [
        "/interventions/{}/",
        "/interventions/{}/cite.ris",
        "/api/v1/interventions/{}/",
    ],
    "interventions.organisation": ["/organisations/{}/", "/api/v1/organisations/{}/"],
    "interventions.sourcedocument": ["/api/v1/sources/{}/"],
    "evaluations.evaluationreport": ["/reports/{}/cite.ris", "/api/v1/reports/{}/"],
}
API_DETAIL_EXTRAS = {
    "interventions": [
        "/interventions/{}/",
        "/interventions/{}/cite.ris",
        "/share-practice/correction/?entry={}",
        "/api/v1/reports/?intervention={}",
        "/api/v1/outcomes/?intervention={}",
    ],
    "reports": ["/reports/{}/cite.ris"],
    "themes": ["/themes/{}/", "/themes/{}/?page=2", "/themes/{}/?page=zz"],
    "forces": ["/forces/{}/"],
    "organisations": ["/organisations/{}/"],
}


def query_path(path, query):
    return f"{path}?{urlencode(query, doseq=True)}" if query else path


def request_name(method, path, headers=None):
    name = path if method == "GET" else f"{method} {path}"
    for header, value in sorted((headers or {}).items()):
        name += f" [{header}: {value}]"
    return name


@dataclass
class Requests:
    """The requests to make, in order, without repeats."""

    items: dict = field(default_factory=dict)

    def add(self, path, method="GET", headers=None, revalidate=False):
        name = request_name(method, path, headers)
        spec = self.items.setdefault(
            name,
            {"name": name, "method": method, "path": path, "headers": headers or {}},
        )
        spec["revalidate"] = spec.get("revalidate", False) or revalidate

    def as_list(self):
        return list(self.items.values())


class PageParts(HTMLParser):
    """The links, static files and filter choices of an HTML page."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.links, self.static, self.choices = [], [], []
        self._select = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for attribute in ("href", "src"):
            value = attrs.get(attribute) or ""
            if value.startswith("/static/"):
                self.static.append(value)
            elif tag == "a" and attribute == "href":
                self.links.append(value)
        if tag == "input" and attrs.get("type") in {"checkbox", "radio"} and attrs.get("name"):
            self.choices.append((attrs["name"], attrs.get("value") or "on"))
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and attrs.get("value"):
            self.choices.append((self._select, attrs["value"]))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def local_path(address):
    """The path and query of a link to this site, or None for another site or the admin."""
    parts = urlsplit(address)
    if parts.netloc not in {"", "localhost"} or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(("/admin/", "/static/")):
        return None
    return urlunsplit(("", "", parts.path, parts.query, ""))


def unhashed_static(path):
    return strip_static_hashes(urlsplit(path).path)


def fetch_text(client, path):
    response = client.get(path, secure=True)
    return response.status_code, response_body(response).decode("utf-8", "replace")


def response_body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def discover(client, fixtures_dir):
    """Every request worth making on this side, found from its own answers and fixtures."""
    found = Requests()
    for path in FIXED_PAGES:
        found.add(path)
    for method, path, headers in OTHER_REQUESTS:
        found.add(path, method=method, headers=headers)
    for path in REVALIDATED:
        found.add(path, revalidate=True)

    def read_page(path):
        """The page's links and static files are read too; its filter choices returned."""
        parts = PageParts(fetch_text(client, path)[1])
        for link in parts.links:
            if local := local_path(link):
                found.add(local)
        for static in parts.static:
            found.add(unhashed_static(static))
        return parts.choices

    list_choices = read_page("/interventions/")
    outcome_choices = read_page("/outcomes/")
    for path in ("/", "/forces/", "/share-practice/"):
        read_page(path)

    for word in SEARCHES:
        for surface in LIST_SURFACES:
            found.add(query_path(surface, {"q": word}))
    for query in [*LIST_QUERIES, *({name: value} for name, value in list_choices)]:
        for surface in LIST_SURFACES:
            found.add(query_path(surface, query))
    for query in [*OUTCOME_QUERIES, *({name: value} for name, value in outcome_choices)]:
        for surface in ("/outcomes/", "/outcomes/download.csv"):
            found.add(query_path(surface, query))

    status, sitemap = fetch_text(client, "/sitemap.xml")
    for address in re.findall(r"<loc>([^<]+)</loc>", sitemap):
        if local := local_path(address.strip()):
            found.add(local)

    slugs = {}
    status, root = fetch_text(client, "/api/v1/")
    endpoints = json.loads(root) if status == 200 else {}
    for endpoint in endpoints:
        slugs[endpoint] = []
        page = 1
        while page < 100:
            path = query_path(f"/api/v1/{endpoint}/", {"page_size": 100, "page": page})
            found.add(path)
            status, text = fetch_text(client, path)
            if status != 200:
                break
            listing = json.loads(text)
            for row in listing.get("results", []):
                key = row.get("slug") or row.get("id")
                slugs[endpoint].append(key)
                found.add(f"/api/v1/{endpoint}/{key}/")
                entry = row.get("intervention")
                if isinstance(entry, dict):
                    entry = entry.get("slug")
                if row.get("key") and isinstance(entry, str):
                    found.add(f"/api/v1/{endpoint}/{entry}/{row['key']}/")
            if not listing.get("next"):
                break
            page += 1
    for endpoint, keys in slugs.items():
        found.add(f"/api/v1/{endpoint}/")
        for key in keys:
            for pattern in API_DETAIL_EXTRAS.get(endpoint, []):
                found.add(pattern.format(key))

    entries = slugs.get("interventions", [])
    first = entries[:5]
    comparisons = [
        {"items": ",".join(first[:2])},
        {"items": first[:2]},
        {"items": first[:1]},
        {"items": ",".join(first[:4])},
        {"items": ",".join(first[:5])},
        {"items": ",".join(["no-such-entry", *first[:1]])},
        {"items": ",".join(first[:1] * 2)},
        {"items": "<bad slug>,x"},
    ]
    for query in comparisons:
        found.add(query_path("/compare/", query))
    # One page of each other kind, for the links and static files it alone may have.
    for endpoint in ("interventions", "themes", "forces", "organisations"):
        for key in slugs.get(endpoint, [])[:1]:
            read_page(f"/{endpoint}/{key}/")
    read_page(query_path("/compare/", comparisons[0]))

    for path in sorted(fixtures_dir.glob("*.json")):
        for record in json.loads(path.read_text(encoding="utf-8")):
            slug = record.get("fields", {}).get("slug")
            for pattern in FIXTURE_ADDRESSES.get(record.get("model"), []) if slug else []:
                found.add(pattern.format(slug))
    return found.as_list()


def make_request(client, spec, extra_headers=None):
    headers = {**spec["headers"], **(extra_headers or {})}
    try:
        response = client.generic(spec["method"], spec["path"], secure=True, headers=headers)
        body = response_body(response)
    except Exception as error:  # A crash while streaming is an answer worth recording.
        status = f"exception {type(error).__name__}: {error}"
        return {"status": status, "headers": {}, "body": ""}, None
    record = {"status": response.status_code, "headers": dict(response.items())}
    try:
        record["body"] = body.decode("utf-8")
    except UnicodeDecodeError:
        record["body_base64"] = base64.b64encode(body).decode("ascii")
    return record, response


def progress(label, number, total, name):
    """On a terminal, one line that keeps changing; in a log, every 25th request."""
    line = f"[{label} {number}/{total}] {name[:100]}"
    if sys.stdout.isatty():
        print(f"\x1b[2K{line}", end="\n" if number == total else "\r", flush=True)
    elif number % 25 == 1 or number == total:
        print(line, flush=True)


def fetch(client, specs, label):
    """Every request in ``specs``, answered; a revalidated one also with its validators."""
    records = []
    total = len(specs)
    for number, spec in enumerate(specs, start=1):
        progress(label, number, total, spec["name"])
        record, response = make_request(client, spec)
        records.append({"name": spec["name"], **record})
        if spec["revalidate"] and response is not None:
            validators = {}
            if response.get("ETag"):
                validators["If-None-Match"] = response["ETag"]
            if response.get("Last-Modified"):
                validators["If-Modified-Since"] = response["Last-Modified"]
            again, _ = make_request(client, spec, validators)
            records.append({"name": f"{spec['name']} (revalidated)", **again})
    return records


def snapshot(mode, requests_file, output_file, label):
    """Runs inside a side's own code: discover its requests, or answer the given ones."""
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="localhost", raise_request_exception=False)
    if mode == "discover":
        result = discover(client, Path.cwd() / "fixtures")
    else:
        result = fetch(client, json.loads(Path(requests_file).read_text()), label)
    Path(output_file).write_text(json.dumps(result, ensure_ascii=False))


# ---------------------------------------------------------------------------------------
# Normalisation: what may differ between two runs of the same code is set aside.

CSRF_TOKEN = re.compile(r'(name="csrfmiddlewaretoken"\s+value=")[^"]*(")')
CSP_NONCE = re.compile(r"""(nonce-|nonce=["']?)[A-Za-z0-9+/=_-]+""")
# ManifestStaticFilesStorage inserts 12 hexadecimal digits before a file's extension.
STATIC_HASH = re.compile(r"(/static/[^\s\"'()<>?#]*?)\.[0-9a-f]{12}(\.[A-Za-z0-9]+)")
ISO_DATETIME = re.compile(
    r"(?<![\d])(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,6}))?)?"
    r"(Z|[+-]\d\d:?\d\d)?(?![\d])"
)
HTTP_DATE = re.compile(
    r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} "
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d "
    r"(?:GMT|UTC|[+-]\d{4})"
)
ETAG_VALUE = re.compile(r'"[^"]*"')


def strip_static_hashes(text):
    return STATIC_HASH.sub(r"\1\2", text)


def parse_iso(match):
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    moment = datetime(
        int(year),
        int(month),
        int(day),
        int(hour),
        int(minute),
        int(second or 0),
        int((fraction or "0").ljust(6, "0")),
    )
    if offset is None:
        return [moment.replace(tzinfo=UTC), moment.replace(tzinfo=LOCAL_ZONE)]
    if offset == "Z":
        return [moment.replace(tzinfo=UTC)]
    sign = 1 if offset[0] == "+" else -1
    digits = offset[1:].replace(":", "")
    shift = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return [(moment - sign * shift).replace(tzinfo=UTC)]


def days_between(start, end):
    """The calendar days, in UTC and in local time, that the window touches."""
    days = set()
    for zone in (UTC, LOCAL_ZONE):
        day, last = start.astimezone(zone).date(), end.astimezone(zone).date()
        while day <= last:
            days.add(day)
            day += timedelta(days=1)
    return sorted(days)


def date_spellings(day: date):
    """How pages, files and citations write a day."""
    return {
        day.isoformat(),
        day.strftime("%Y/%m/%d"),
        day.strftime("%d/%m/%Y"),
        f"{day.day} {day:%B %Y}",
        f"{day:%d %B %Y}",
        f"{day.day} {day:%b %Y}",
        f"{day:%d %b %Y}",
        f"{day:%B} {day.day}, {day:%Y}",
        f"{day:%b}. {day.day}, {day:%Y}",
    }


def normalise_timestamps(text, start, end):
    """Timestamps and dates between ``start`` and ``end`` (aware datetimes) become
    ``<now>`` and ``<today>``: the run wrote them, not the code being compared."""

    def within(moments):
        return any(start <= moment <= end for moment in moments)

    def iso(match):
        try:
            moments = parse_iso(match)
        except ValueError:
            return match.group(0)
        return "<now>" if within(moments) else match.group(0)

    def http(match):
        try:
            moment = email.utils.parsedate_to_datetime(match.group(0))
        except (TypeError, ValueError):
            return match.group(0)
        return "<now>" if within([moment.astimezone(UTC)]) else match.group(0)

    text = ISO_DATETIME.sub(iso, text)
    text = HTTP_DATE.sub(http, text)
    spellings = sorted(
        {spelling for day in days_between(start, end) for spelling in date_spellings(day)},
        key=len,
        reverse=True,
    )
    if spellings:
        # Not the date of a whole timestamp, which was judged as one above.
        pattern = r"(?<!\d)(?:" + "|".join(map(re.escape, spellings)) + r")(?![\d]|[T ]\d\d:)"
        text = re.sub(pattern, "<today>", text)
    return text


def normalise_headers(headers, start, end):
    normalised = {}
    for name, value in headers.items():
        name = name.lower()
        if name in DROPPED_HEADERS:
            continue
        if name == "content-length":
            value = "<length>"
        elif name == "etag":
            value = ETAG_VALUE.sub('"<etag>"', value)
        elif name in UNORDERED_HEADERS:
            value = ", ".join(sorted({part.strip() for part in value.split(",")}))
        elif name.startswith("content-security-policy"):
            directives = (part.strip() for part in CSP_NONCE.sub(r"\1<nonce>", value).split(";"))
            value = "; ".join(sorted(part for part in directives if part))
        else:
            value = normalise_timestamps(strip_static_hashes(value), start, end)
        normalised[name] = value
    return dict(sorted(normalised.items()))


def readable_body(body, content_type):
    """JSON indented and XML one element a line, so a difference shows on its own line;
    HTML without its blank lines, which templates scatter and no reader sees."""
    if "json" in content_type:
        try:
            return json.dumps(json.loads(body), indent=1, ensure_ascii=False)
        except ValueError:
            return body
    if "xml" in content_type:
        return re.sub(r">\s*<", ">\n<", body)
    if "html" in content_type:
        return "\n".join(line for line in body.splitlines() if line.strip())
    return body


def normalise_body(body, content_type, start, end):
    body = readable_body(body, content_type)
    body = CSRF_TOKEN.sub(r"\1<token>\2", body)
    body = CSP_NONCE.sub(r"\1<nonce>", body)
    body = strip_static_hashes(body)
    return normalise_timestamps(body, start, end)


def normalise(record, start, end):
    """One answer as the text that is compared: status, headers, a blank line, the body."""
    headers = normalise_headers(record["headers"], start, end)
    if "body_base64" in record:
        digest = hashlib.sha256(base64.b64decode(record["body_base64"])).hexdigest()
        body = f"<binary, sha256 {digest}>"
    else:
        body = normalise_body(record["body"], headers.get("content-type", ""), start, end)
    lines = [f"status: {record['status']}", *(f"{k}: {v}" for k, v in headers.items())]
    return "\n".join(lines) + "\n\n" + body


# ---------------------------------------------------------------------------------------
# The two sides, and their comparison.


class SetupError(Exception):
    pass


def run(command, cwd, env=None, what=""):
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SetupError(
            f"{what or ' '.join(map(str, command))} failed ({result.returncode}):\n"
            f"{result.stdout[-3000:]}{result.stderr[-3000:]}"
        )
    return result.stdout


def database_url(server_url, name):
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def recreate_database(server_url, name, drop_only=False):
    import psycopg
    from psycopg import sql

    with psycopg.connect(server_url, autocommit=True) as connection:
        database = sql.Identifier(name)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(database))
        if not drop_only:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(database))


@dataclass
class Side:
    label: str
    ref: str | None
    database: str
    workdir: Path

    @property
    def source(self):
        return ROOT if self.ref is None else self.workdir / self.label

    @property
    def description(self):
        return self.ref or "the work tree"

    def environment(self, server_url):
        env = {k: v for k, v in os.environ.items() if k not in REMOVED_ENVIRONMENT}
        env.update(SIDE_ENVIRONMENT)
        env.update(
            DATABASE_URL=database_url(server_url, self.database),
            STATIC_ROOT=str(self.workdir / f"{self.label}-static"),
            PRIVATE_STORAGE_ROOT=str(self.workdir / f"{self.label}-private"),
            PYTHONPATH=str(self.source),
        )
        return env

    def prepare(self, server_url):
        print(f"{self.label}: {self.description}", flush=True)
        if self.ref is not None:
            self.source.mkdir(parents=True)
            archive = subprocess.run(
                ["git", "-C", str(ROOT), "archive", "--format=tar", self.ref],
                capture_output=True,
            )
            if archive.returncode:
                raise SetupError(f"git archive {self.ref}: {archive.stderr.decode().strip()}")
            with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
                tar.extractall(self.source, filter="data")
        recreate_database(server_url, self.database)
        env = self.environment(server_url)
        for step in (
            ["migrate", "--noinput"],
            ["seed_catalogue"],
            ["collectstatic", "--noinput", "--verbosity", "0"],
        ):
            print(f"{self.label}: manage.py {step[0]}", flush=True)
            run([sys.executable, "manage.py", *step], self.source, env, f"{self.label}: {step[0]}")

    def snapshot(self, server_url, mode, requests=None):
        output = self.workdir / f"{self.label}-{mode}.json"
        requests_file = self.workdir / f"{self.label}-requests.json"
        if requests is not None:
            requests_file.write_text(json.dumps(requests, ensure_ascii=False))
        command = [sys.executable, str(SCRIPT), "--snapshot", mode, "--label", self.label]
        command += ["--requests", str(requests_file), "--output", str(output)]
        result = subprocess.run(command, cwd=self.source, env=self.environment(server_url))
        if result.returncode:
            raise SetupError(f"{self.label}: {mode} failed ({result.returncode})")
        return json.loads(output.read_text())


def merged(*lists):
    requests = {}
    for specs in lists:
        for spec in specs:
            requests.setdefault(spec["name"], spec)
    return list(requests.values())


def safe_file_name(name):
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_.-")[:100] or "home"
    return f"{readable}-{hashlib.sha1(name.encode()).hexdigest()[:8]}.txt"


@dataclass
class Difference:
    name: str
    diff: list
    expected: bool


def compare(before, after, start, end, out_dir=None):
    """The surfaces compared: (number identical, [Difference for each that differs])."""
    texts = {"before": {}, "after": {}}
    for label, records in (("before", before), ("after", after)):
        for record in records:
            texts[label][record["name"]] = normalise(record, start, end)
    names = list(dict.fromkeys([*texts["before"], *texts["after"]]))
    identical, differences = 0, []
    for name in names:
        old, new = texts["before"].get(name), texts["after"].get(name)
        if old == new:
            identical += 1
            continue
        diff = list(
            difflib.unified_diff(
                (old or "").splitlines(),
                (new or "").splitlines(),
                "before" if old is not None else "before (not read)",
                "after" if new is not None else "after (not read)",
                lineterm="",
                n=2,
            )
        )
        differences.append(Difference(name, diff, expected=False))
    if out_dir:
        for label in texts:
            folder = Path(out_dir) / label
            folder.mkdir(parents=True, exist_ok=True)
            for name, text in texts[label].items():
                (folder / safe_file_name(name)).write_text(f"{name}\n{text}\n")
    return identical, differences


def status_summary(records):
    """How many answers of each status, e.g. '200 x1500, 404 x20', and those over 499."""
    counts = Counter(str(record["status"]) for record in records)
    summary = ", ".join(f"{status} x{count}" for status, count in sorted(counts.items()))
    failures = [r["name"] for r in records if not str(r["status"]).isdigit() or r["status"] > 499]
    return summary, failures


def report(identical, differences, allow, before, after):
    patterns = [re.compile(pattern) for pattern in allow]
    for difference in differences:
        difference.expected = any(pattern.search(difference.name) for pattern in patterns)
    unexpected = [d for d in differences if not d.expected]
    expected = [d for d in differences if d.expected]
    for title, group in (("DIFFERS", unexpected), ("expected", expected)):
        for difference in group:
            print(f"\n{title}: {difference.name}")
            for line in difference.diff[:DIFF_LINES]:
                print(f"    {line}")
            if len(difference.diff) > DIFF_LINES:
                print(f"    ... {len(difference.diff) - DIFF_LINES} more lines")
    print()
    for label, records in (("before", before), ("after", after)):
        summary, failures = status_summary(records)
        print(f"{label}: {summary}")
        for name in failures:
            # Alike on both sides is still a server error a reader meets.
            print(f"    server error: {name}")
    total = identical + len(differences)
    print(
        f"{total} surfaces: {identical} identical, {len(unexpected)} differ, "
        f"{len(expected)} differ as expected (--allow)."
    )
    return 1 if unexpected else 0


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", nargs="?", help="git ref of the code before the change")
    parser.add_argument("after", nargs="?", help="git ref after the change (default: work tree)")
    parser.add_argument(
        "--allow",
        action="append",
        default=[],
        metavar="REGEX",
        help="a surface whose name matches may differ: it is listed as expected (repeatable)",
    )
    parser.add_argument(
        "--db-prefix",
        default="vvcp_compare_",
        help="prefix of the two scratch databases' names (default: vvcp_compare_)",
    )
    parser.add_argument("--out", type=Path, help="folder for the normalised answers")
    parser.add_argument("--snapshot", choices=["discover", "fetch"], help=argparse.SUPPRESS)
    parser.add_argument("--label", help=argparse.SUPPRESS)
    parser.add_argument("--requests", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.snapshot and not args.before:
        parser.error("BEFORE_REF is required")
    return args


def main(argv=None):
    args = parse_args(argv)
    if args.snapshot:
        snapshot(args.snapshot, args.requests, args.output, args.label)
        return 0
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith(("postgres://", "postgresql://")):
        print(
            "compare_surfaces: set DATABASE_URL to a PostgreSQL server, e.g. "
            "postgres://postgres@127.0.0.1:5432/postgres; two scratch databases are "
            "created and dropped there.",
            file=sys.stderr,
        )
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="compare-surfaces-"))
    out_dir = args.out or Path(tempfile.mkdtemp(prefix="compare-surfaces-answers-"))
    sides = [
        Side("before", args.before, f"{args.db_prefix}before", workdir),
        Side("after", args.after, f"{args.db_prefix}after", workdir),
    ]
    start = datetime.now(UTC) - RUN_MARGIN
    try:
        for side in sides:
            side.prepare(server_url)
        requests = merged(*(side.snapshot(server_url, "discover") for side in sides))
        before, after = (side.snapshot(server_url, "fetch", requests) for side in sides)
    except SetupError as error:
        print(f"compare_surfaces: {error}", file=sys.stderr)
        return 2
    finally:
        for side in sides:
            recreate_database(server_url, side.database, drop_only=True)
        shutil.rmtree(workdir, ignore_errors=True)
    end = datetime.now(UTC) + RUN_MARGIN
    identical, differences = compare(before, after, start, end, out_dir)
    status = report(identical, differences, args.allow, before, after)
    print(f"Normalised answers: {out_dir}/before and {out_dir}/after")
    return status


if __name__ == "__main__":
    sys.exit(main())
