"""The API's documentation as a plain page of the site, built from its OpenAPI schema.

Server-rendered, so it needs no script and loads nothing from elsewhere.
"""

from dataclasses import dataclass, field

from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator

from api.licence import data_licence


def schema_type(schema, components):
    """A short reading of a JSON schema: "string", "list of Report", "one of: a, b"."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        target = components.get(name, {})
        if "enum" in target:
            return schema_type(target, components)
        return name
    if "allOf" in schema:
        return " and ".join(schema_type(part, components) for part in schema["allOf"])
    if "oneOf" in schema:
        return " or ".join(schema_type(part, components) for part in schema["oneOf"])
    if "enum" in schema:
        values = [value for value in schema["enum"] if value not in ("", None)]
        blank = " (or empty)" if "" in schema["enum"] else ""
        return f"one of: {', '.join(map(str, values))}{blank}"
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {schema_type(schema.get('items', {}), components)}"
    if schema.get("format") in ("date", "date-time", "uri"):
        kind = f"{kind} ({schema['format']})"
    if schema.get("nullable"):
        kind += " or null"
    return kind


@dataclass
class Shape:
    name: str
    description: str
    fields: list = field(default_factory=list)


@dataclass
class Operation:
    path: str
    summary: str
    description: str
    parameters: list
    returns: str
    returns_shape: str
    errors: list


def read_schema(schema):
    components = schema.get("components", {}).get("schemas", {})
    operations = []
    for path, methods in schema.get("paths", {}).items():
        get = methods.get("get")
        if not get:
            continue
        ok = get["responses"].get("200", {})
        returns = ok.get("content", {}).get("application/json", {}).get("schema", {})
        operations.append(
            Operation(
                path=path,
                summary=get.get("summary", ""),
                description=get.get("description", ""),
                parameters=[
                    {
                        "name": parameter["name"],
                        "where": parameter["in"],
                        "type": schema_type(parameter.get("schema", {}), components),
                        "description": parameter.get("description", ""),
                    }
                    for parameter in get.get("parameters", [])
                ],
                returns=schema_type(returns, components),
                returns_shape=returns.get("$ref", "").rsplit("/", 1)[-1],
                errors=[code for code in get["responses"] if code != "200"],
            )
        )
    shapes = [
        Shape(
            name=name,
            description=component.get("description", ""),
            fields=[
                {
                    "name": prop_name,
                    "type": schema_type(prop, components),
                    "description": prop.get("description", ""),
                }
                for prop_name, prop in component.get("properties", {}).items()
            ],
        )
        for name, component in components.items()
        if "properties" in component
    ]
    return operations, shapes


class ApiDocsView(TemplateView):
    template_name = "api/docs.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        schema = SchemaGenerator().get_schema(request=None, public=True)
        operations, shapes = read_schema(schema)
        context.update(
            info=schema["info"],
            operations=operations,
            shapes=shapes,
            licence=data_licence(),
            page_title="Open data API",
        )
        return context
