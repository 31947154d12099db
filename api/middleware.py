from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.functional import cached_property
from django.utils.http import parse_http_date_safe

from api.slugs import current_address

READ_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Link, Retry-After",
    "Access-Control-Max-Age": "86400",
}


class OldSlugRedirectMiddleware:
    """Sends a request for a renamed row's old address to its current one (301)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        address = current_address(request.path_info)
        if address is None:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{address}?{query}" if query else address)


class OpenDataMiddleware:
    """For the API: CORS open to any origin for reading, and conditional GET.

    Every successful read gets an ETag computed from its body, so If-None-Match is exact;
    the views add Last-Modified. A match answers 304 Not Modified. No credentials are
    ever allowed across origins: the API has none to share.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def prefix(self):
        return reverse("api:api-root")

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(self.prefix) or request.method not in READ_METHODS:
            return response
        if request.method != "OPTIONS" and response.status_code == 200 and not response.streaming:
            response = self.conditional(request, response)
        for header, value in CORS_HEADERS.items():
            response.headers.setdefault(header, value)
        return response

    @staticmethod
    def conditional(request, response):
        if not response.has_header("ETag"):
            set_response_etag(response)
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=last_modified, response=response
        )
