"""The error answers of the whole site: JSON for the API and the JSON download, the site's
own pages for everything else, and 503 rather than 500 when the database is unreachable.

Django calls these for anything a view or middleware did not handle itself (DRF answers
its own 400s, 404s, 405s and 429s). None of them may need the database or a template
that does.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults

from curation import forbidden as admin_forbidden
from submissions import views as submission_views
from web.middleware import API_PREFIX, answers_in_json, open_to_other_sites

# Connection refused, dropped, timed out, or no free connection in the pool.
DATABASE_UNREACHABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def json_error(request, status, detail):
    response = JsonResponse({"detail": detail}, status=status)
    return open_to_other_sites(response) if request.path.startswith(API_PREFIX) else response


def bad_request(request, exception):
    if answers_in_json(request):
        return json_error(request, 400, "The request could not be understood.")
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if answers_in_json(request):
        return json_error(request, 403, "You do not have permission to do this.")
    # Staff in the admin are told which permission they lack; everyone else gets a public page.
    return admin_forbidden.permission_denied(request, exception)


def csrf_failure(request, reason=""):
    if answers_in_json(request):
        return json_error(
            request, 403, "Refused: this address only answers GET, HEAD and OPTIONS requests."
        )
    return submission_views.csrf_failure(request, reason)


def page_not_found(request, exception):
    if answers_in_json(request):
        return json_error(request, 404, "Not found.")
    return render(request, "404.html", status=404)


def static_page(template_name, fallback, status):
    """A page rendered without the request: nothing in it may need the database."""
    try:
        body = loader.get_template(template_name).render()
    except Exception:  # the error page itself must never fail
        body = fallback
    return HttpResponse(body, status=status)


def server_error(request):
    # Django calls this while it handles the exception, so it is still the current one.
    if isinstance(sys.exc_info()[1], DATABASE_UNREACHABLE):
        return service_unavailable(request)
    if answers_in_json(request):
        return json_error(
            request, 500, "Something went wrong on our side. It has been logged; try again later."
        )
    return static_page(
        "500.html",
        "<h1>Sorry, something went wrong</h1><p>Please try again later.</p>",
        status=500,
    )


def service_unavailable(request):
    if answers_in_json(request):
        response = json_error(
            request,
            503,
            "The catalogue's database cannot be reached just now. "
            f"Please try again in {RETRY_AFTER_SECONDS} seconds.",
        )
    else:
        response = static_page(
            "503.html",
            "<h1>The catalogue is unavailable just now</h1><p>Please try again shortly.</p>",
            status=503,
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
