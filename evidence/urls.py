from django.urls import path

from evidence import views

app_name = "evidence"

urlpatterns = [
    path("compare/", views.compare, name="compare"),
    path("outcomes/", views.OutcomesView.as_view(), name="outcomes"),
    path("outcomes/download.csv", views.outcomes_csv, name="outcomes_csv"),
    path("evidence/gap-map/", views.gap_map, name="gap_map"),
    path("evidence/gap-map/download.csv", views.gap_map_csv, name="gap_map_csv"),
    path("interventions/<slug:slug>/cite.ris", views.entry_citation, name="entry_ris"),
    path("reports/<slug:slug>/cite.ris", views.report_citation, name="report_ris"),
]
