"""Every JSON answer about the seeded catalogue says exactly what the schema, generated from
api/serializers.py, declares: the same keys in the same order, each of its declared type.

Entries are built from plain values (api.representations), not by their serializer, so this
is what keeps the two from drifting apart; the other rows go through their serializers.
"""

import json
from datetime import date, datetime

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

COLLECTIONS = {
    "interventions": "slug",
    "themes": "slug",
    "forces": "slug",
    "organisations": "slug",
    "reports": "slug",
    "outcomes": "id",
    "sources": "slug",
}
TYPES = {
    "string": str,
    "integer": int,
    "number": int | float,
    "boolean": bool,
    "array": list,
    "object": dict,
}
FORMATS = {"date": date.fromisoformat, "date-time": datetime.fromisoformat}


class Contract:
    """Checks answers against the served OpenAPI schema and lists every difference."""

    def __init__(self, schema):
        self.schema = schema
        self.problems = []

    def component(self, name):
        return {"$ref": f"#/components/schemas/{name}"}

    def answer(self, template):
        operation = self.schema["paths"][template]["get"]
        return operation["responses"]["200"]["content"]["application/json"]["schema"]

    def resolve(self, schema):
        while "$ref" in schema:
            schema = self.schema["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        return schema

    def check(self, value, schema, where, declared_order=False):
        if "$ref" in schema:
            return self.check(value, self.resolve(schema), where, declared_order=True)
        if value is None:
            if not schema.get("nullable"):
                self.problems.append(f"{where}: null, which the schema does not allow")
            return
        if "allOf" in schema:
            for part in schema["allOf"]:
                self.check(value, part, where)
            return
        if "oneOf" in schema:
            if not any(self.fits(value, part, where) for part in schema["oneOf"]):
                self.problems.append(f"{where}: {value!r} fits none of {schema['oneOf']}")
            return
        if "enum" in schema and value not in schema["enum"]:
            self.problems.append(f"{where}: {value!r} is not one of {schema['enum']}")
        expected = TYPES.get(schema.get("type"))
        if expected is not None and (
            not isinstance(value, expected) or (isinstance(value, bool) and bool is not expected)
        ):
            self.problems.append(f"{where}: {value!r} is not of type {schema['type']}")
            return
        if schema.get("format") in FORMATS:
            try:
                FORMATS[schema["format"]](value)
            except ValueError:
                self.problems.append(f"{where}: {value!r} is not a {schema['format']}")
        if schema.get("type") == "array":
            for number, item in enumerate(value):
                self.check(item, schema["items"], f"{where}[{number}]")
        if schema.get("type") == "object" and "properties" in schema:
            declared = list(schema["properties"])
            given = list(value)
            if (declared_order and given != declared) or set(given) != set(declared):
                self.problems.append(f"{where}: keys {given}, declared {declared}")
            for name in declared:
                if name in value:
                    self.check(value[name], schema["properties"][name], f"{where}.{name}")

    def fits(self, value, schema, where):
        before = len(self.problems)
        self.check(value, schema, where)
        fitted = len(self.problems) == before
        del self.problems[before:]
        return fitted


@pytest.fixture
def contract(client):
    call_command("seed_catalogue", verbosity=0)
    return Contract(client.get("/api/v1/schema/", {"format": "json"}).json())


def test_every_api_answer_says_what_the_serializers_declare(client, contract):
    checked = 0
    for collection, lookup in COLLECTIONS.items():
        list_path = f"/api/v1/{collection}/"
        page = 1
        while True:
            body = client.get(list_path, {"page": page, "page_size": 100}).json()
            contract.check(body, contract.answer(list_path), f"{list_path}?page={page}")
            for row in body["results"]:
                path = f"{list_path}{row[lookup]}/"
                template = f"{list_path}{{{lookup}}}/"
                contract.check(client.get(path).json(), contract.answer(template), path)
                checked += 1
            if body["next"] is None:
                break
            page += 1
    assert not contract.problems, "\n".join(contract.problems)
    assert checked > 100, "the seeded catalogue answers with rows of every kind"


def test_every_entry_of_the_json_download_is_what_the_api_declares(client, contract):
    response = client.get("/interventions/download.json")
    entries = json.loads(b"".join(response.streaming_content))["interventions"]
    for entry in entries:
        contract.check(entry, contract.component("Intervention"), f"download {entry['slug']}")
    assert not contract.problems, "\n".join(contract.problems)
    assert len(entries) > 10
