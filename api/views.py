from django.shortcuts import get_object_or_404
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from drf_spectacular.views import SpectacularAPIView
from rest_framework import viewsets
from rest_framework.decorators import api_view, schema
from rest_framework.exceptions import NotAcceptable, NotFound, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api import querysets
from api.filters import (
    InterventionFilterBackend,
    InterventionSlugFilterBackend,
    OutcomeInterventionFilterBackend,
    reject_nul_bytes,
)
from api.freshness import last_changed
from api.licence import link_header
from api.representations import PageRelatedRows, entry_rows
from api.serializers import (
    ErrorSerializer,
    ForceSerializer,
    InterventionSerializer,
    OrganisationSerializer,
    OutcomeSerializer,
    ReportSerializer,
    SourceSerializer,
    ThemeSerializer,
    ThrottledSerializer,
)
from interventions.models import Intervention

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="A parameter could not be used."),
    404: OpenApiResponse(ErrorSerializer, description="No such row, or no such page."),
    429: OpenApiResponse(ThrottledSerializer, description="Too many requests; see Retry-After."),
}


def reading(serializer, many_name, one_name, *, lookup=None):
    """Schema notes for a list and detail pair, with the errors each may answer."""
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {many_name}",
            responses={200: serializer(many=True), **ERRORS},
        ),
        retrieve=extend_schema(
            summary=f"One {one_name}",
            parameters=[lookup] if lookup else None,
            responses={200: serializer, 404: ERRORS[404], 429: ERRORS[429]},
        ),
    )


@api_view(["GET", "HEAD"])  # DRF adds OPTIONS itself
@schema(None)
def not_found(request, *args, **kwargs):
    """Any other address under the API: a JSON 404, as the API answers everything in JSON."""
    raise NotFound("There is nothing at this address. The endpoints are listed at /api/v1/.")


class FormatParameterNegotiation(DefaultContentNegotiation):
    """``?format=json`` or ``?format=yaml`` chooses the format, whatever the Accept header
    says; without it the Accept header chooses, the first renderer by default."""

    def select_renderer(self, request, renderers, format_suffix=None):
        wanted = request.query_params.get("format", "").strip().lower()
        if not wanted:
            return super().select_renderer(request, renderers, format_suffix)
        matching = [renderer for renderer in renderers if renderer.format == wanted]
        if not matching:
            formats = " or ".join(dict.fromkeys(renderer.format for renderer in renderers))
            raise ValidationError({"format": [f"Use {formats}."]})
        try:
            return super().select_renderer(request, matching)
        except NotAcceptable:
            return matching[0], matching[0].media_type


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema: YAML unless ``?format=json`` or the Accept header asks for JSON."""

    content_negotiation_class = FormatParameterNegotiation

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code >= 400:
            # Errors in JSON like the rest of the API, not as an OpenAPI document in YAML.
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class CatalogueViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only; published rows only. Every answer states the data's licence."""

    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        reject_nul_bytes(request.query_params)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Link"] = link_header()
        if response.status_code == 200 and request.method in ("GET", "HEAD"):
            changed = last_changed()
            if changed is not None:
                response["Last-Modified"] = http_date(changed.timestamp())
        return response


SLUG_PATTERN = "^[-a-zA-Z0-9_]+$"
SLUG = OpenApiParameter(
    "slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="Its slug.", pattern=SLUG_PATTERN
)


@reading(InterventionSerializer, "published interventions", "published intervention", lookup=SLUG)
class InterventionViewSet(CatalogueViewSet):
    """Published interventions, filtered and sorted exactly as the public list is.

    The list takes the public list's parameters, with the same names and values.
    """

    serializer_class = InterventionSerializer
    filter_backends = [InterventionFilterBackend]

    def get_queryset(self):
        return Intervention.objects.published()

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def retrieve(self, request, *args, **kwargs):
        row = get_object_or_404(
            entry_rows(Intervention.objects.published()), slug=kwargs[self.lookup_field]
        )
        return Response(PageRelatedRows(request, [row["id"]]).entry(row))

    def list(self, request, *args, **kwargs):
        # Both build the serializer's representation from plain values (api.representations),
        # the page's relations in one round trip: the same JSON, several times faster.
        rows = self.paginate_queryset(entry_rows(self.filter_queryset(self.get_queryset())))
        related = PageRelatedRows(request, [row["id"] for row in rows])
        return self.get_paginated_response([related.entry(row) for row in rows])


@reading(ReportSerializer, "evaluation reports", "evaluation report", lookup=SLUG)
class ReportViewSet(CatalogueViewSet):
    """Evaluation reports covering at least one published intervention."""

    serializer_class = ReportSerializer
    filter_backends = [InterventionSlugFilterBackend]

    def get_queryset(self):
        return querysets.published_reports()


@extend_schema_view(
    list=extend_schema(
        summary="List reported figures", responses={200: OutcomeSerializer(many=True), **ERRORS}
    ),
    retrieve=extend_schema(
        summary="One reported figure, by number",
        parameters=[
            OpenApiParameter(
                "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The figure's id."
            )
        ],
        responses={200: OutcomeSerializer, 404: ERRORS[404], 429: ERRORS[429]},
    ),
)
class OutcomeViewSet(CatalogueViewSet):
    """Figures reported for published interventions, each with its source."""

    serializer_class = OutcomeSerializer
    filter_backends = [OutcomeInterventionFilterBackend]
    lookup_field = "pk"
    lookup_url_kwarg = "id"
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return querysets.published_outcomes()

    def get_object(self):
        if "key" not in self.kwargs:
            return super().get_object()
        return get_object_or_404(
            self.get_queryset(),
            intervention__slug=self.kwargs["intervention"],
            key=self.kwargs["key"],
        )

    @extend_schema(
        summary="One reported figure, by intervention and key",
        operation_id="outcomes_by_key",
        parameters=[
            OpenApiParameter(
                "intervention",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="Slug of the intervention.",
                pattern=SLUG_PATTERN,
            ),
            OpenApiParameter(
                "key",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="The figure's key.",
                pattern=SLUG_PATTERN,
            ),
        ],
        responses={200: OutcomeSerializer, 404: ERRORS[404], 429: ERRORS[429]},
    )
    def by_key(self, request, *args, **kwargs):
        return self.retrieve(request, *args, **kwargs)


@reading(ThemeSerializer, "themes", "theme", lookup=SLUG)
class ThemeViewSet(CatalogueViewSet):
    """Every theme, with its published interventions."""

    serializer_class = ThemeSerializer

    def get_queryset(self):
        return querysets.themes()


@reading(ForceSerializer, "police forces", "police force", lookup=SLUG)
class ForceViewSet(CatalogueViewSet):
    """Every police force, with the published interventions it leads."""

    serializer_class = ForceSerializer

    def get_queryset(self):
        return querysets.forces()


@reading(OrganisationSerializer, "organisations", "organisation", lookup=SLUG)
class OrganisationViewSet(CatalogueViewSet):
    """Every organisation, with the published interventions it takes part in."""

    serializer_class = OrganisationSerializer

    def get_queryset(self):
        return querysets.organisations()


@reading(SourceSerializer, "source documents", "source document", lookup=SLUG)
class SourceViewSet(CatalogueViewSet):
    """The documents entries are drawn from, with their published interventions."""

    serializer_class = SourceSerializer

    def get_queryset(self):
        return querysets.sources()
