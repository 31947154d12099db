from django.urls import path

from interventions import exports, feeds, views

app_name = "interventions"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("interventions/", views.InterventionListView.as_view(), name="list"),
    path("interventions/<slug:slug>/", views.InterventionDetailView.as_view(), name="detail"),
    path("themes/<slug:slug>/", views.ThemeDetailView.as_view(), name="theme"),
    path("forces/<slug:slug>/", views.ForceDetailView.as_view(), name="force"),
    path(
        "organisations/<slug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation",
    ),
]

# Open data: the list's results as downloads and as a feed. Listed first, so that
# "feed" is never read as an entry's slug.
urlpatterns = [
    path("interventions/download.csv", exports.download_csv, name="download-csv"),
    path("interventions/download.json", exports.download_json, name="download-json"),
    path("interventions/feed/", feeds.InterventionFeed(), name="feed"),
    *urlpatterns,
]
