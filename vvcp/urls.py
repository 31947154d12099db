from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from interventions.sitemaps import SITEMAPS
from interventions.views import robots_txt

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("api/v1/", include("api.urls")),
    path("", include("interventions.urls")),
]

handler404 = "interventions.views.page_not_found"
handler500 = "interventions.views.server_error"
