from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from web.cache import cache_state


@never_cache
def healthz(request):
    """For load balancers: 503 only when the database cannot be reached.

    The cache's state is reported beside it, but an unreachable Redis answers 200 with
    "status": "degraded": every app server shares the one Redis, so pulling servers out
    for it would take the whole site down, while each of them still serves, uncached.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        database = "unreachable"
    else:
        database = "ok"
    cache_status = cache_state(cache)
    if database != "ok":
        status, code = "unavailable", 503
    elif cache_status == "unreachable":
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse(
        {"status": status, "database": database, "cache": cache_status}, status=code
    )


def benchmark_baseline(request):
    """The cheapest possible Django response; scripts/bench.py measures pages against it."""
    return HttpResponse("ok", content_type="text/plain")
