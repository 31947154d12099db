from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from catalogue.sitemaps import SITEMAPS
from catalogue.views import favicon, robots_txt
from web.health import benchmark_baseline, healthz

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon, name="favicon"),
    path("share-practice/", include("submissions.urls")),
    path("alerts/", include("alerts.urls")),
    path(
        "privacy/",
        TemplateView.as_view(
            template_name="privacy.html",
            extra_context={"confirmation_days": settings.ALERTS_CONFIRMATION_DAYS},
        ),
        name="privacy",
    ),
    path("api/v1/", include("api.urls")),
    # Before the pages, so that "feed" is never read as an entry's slug.
    path("", include("api.download_urls")),
    path("", include("evidence.urls")),
    path("", include("catalogue.urls")),
]

if settings.BENCHMARK_BASELINE:
    urlpatterns.insert(0, path("__baseline__", benchmark_baseline))

handler400 = "web.errors.bad_request"
handler403 = "web.errors.permission_denied"
handler404 = "web.errors.page_not_found"
handler500 = "web.errors.server_error"
