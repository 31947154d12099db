from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from vvcp.health import benchmark_baseline, healthz

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("share-practice/", include("submissions.urls")),
    path("", include("interventions.urls")),
]

if settings.BENCHMARK_BASELINE:
    urlpatterns.insert(0, path("__baseline__", benchmark_baseline))

handler404 = "interventions.views.page_not_found"
