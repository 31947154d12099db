"""Open data outside /api/v1/: the list's results as downloads and as a feed."""

from django.urls import path

from api import exports, feeds

app_name = "downloads"

urlpatterns = [
    path("interventions/download.csv", exports.download_csv, name="csv"),
    path("interventions/download.json", exports.download_json, name="json"),
    path("interventions/feed/", feeds.InterventionFeed(), name="feed"),
]
