from django.core.paginator import EmptyPage, PageNotAnInteger
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from api.licence import data_licence
from interventions.pagination import Paginator, requested_page, whole_number

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class CataloguePagination(PageNumberPagination):
    """Pages of 20 (``page_size`` up to 100), chosen strictly by interventions.pagination: a
    malformed page or page size is a 400 and a page beyond the last a 404, each naming the
    parameter."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        params = request.query_params
        name = self.page_size_query_param
        try:
            size = whole_number(params.getlist(name), name, "page size", 1, self.max_page_size)
        except PageNotAnInteger as error:
            raise ValidationError({name: [str(error)]}) from None
        paginator = Paginator(queryset, size or self.page_size)
        if getattr(view, "known_count", None) is not None:
            paginator.count = view.known_count
        name = self.page_query_param
        try:
            self.page, _ = requested_page(paginator, params.getlist(name), strict=True)
        except PageNotAnInteger as error:
            raise ValidationError({name: [str(error)]}) from None
        except EmptyPage as error:
            raise NotFound(
                {"detail": "There is no such page.", "errors": {name: [str(error)]}}
            ) from None
        self.request = request
        return list(self.page)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "licence": data_licence(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["count"]["description"] = "How many rows match, on all pages."
        paginated["properties"]["next"]["description"] = "The next page's address, or null."
        paginated["properties"]["previous"]["description"] = "The previous page's address, or null."
        paginated["properties"]["results"]["description"] = "This page's rows."
        licence = {
            "type": "object",
            "description": "The licence the data is published under.",
            "properties": {
                "name": {"type": "string", "description": "The licence's name."},
                "url": {"type": "string", "format": "uri", "description": "Its full text."},
            },
            "required": ["name", "url"],
        }
        # In the order get_paginated_response writes them.
        order = ["count", "next", "previous", "licence", "results"]
        properties = {**paginated["properties"], "licence": licence}
        paginated["properties"] = {name: properties[name] for name in order}
        paginated["required"] = order
        return paginated

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Page number, from 1. A page beyond the last gives 404.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Results per page, 1 to {MAX_PAGE_SIZE}; {PAGE_SIZE} unless given.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]
