from django.urls import path

from interventions import views

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
