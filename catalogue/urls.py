from django.urls import path

from catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("interventions/", views.InterventionListView.as_view(), name="list"),
    path("interventions/list.txt", views.briefing_list, name="briefing"),
    path("interventions/<slug:slug>/", views.InterventionDetailView.as_view(), name="detail"),
    path("themes/", views.ThemeIndexView.as_view(), name="themes"),
    path("themes/<slug:slug>/", views.ThemeDetailView.as_view(), name="theme"),
    path("forces/", views.ForceIndexView.as_view(), name="forces"),
    path(
        "about/evidence-ratings/",
        views.EvidenceRatingsView.as_view(),
        name="evidence-ratings",
    ),
    path("forces/<slug:slug>/", views.ForceDetailView.as_view(), name="force"),
    path("regions/<slug:slug>/", views.RegionDetailView.as_view(), name="region"),
    path(
        "organisations/<slug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation",
    ),
]
