from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from api import views
from api.docs import ApiDocsView

app_name = "api"


class CatalogueRouter(DefaultRouter):
    """The API root lists every endpoint; no ".json" suffixes: JSON is the only format."""

    include_format_suffixes = False


router = CatalogueRouter()
router.register("interventions", views.InterventionViewSet, basename="intervention")
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("forces", views.ForceViewSet, basename="force")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("reports", views.ReportViewSet, basename="report")
router.register("outcomes", views.OutcomeViewSet, basename="outcome")
router.register("sources", views.SourceViewSet, basename="source")

urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(), name="docs"),
    *router.urls,
    path(
        "outcomes/<slug:intervention>/<slug:key>/",
        views.OutcomeViewSet.as_view({"get": "by_key"}),
        name="outcome-by-key",
    ),
    # Only addresses ending in a slash, so one without is still sent to its slashed form.
    re_path(r"^[\s\S]*/$", views.not_found, name="not-found"),
]
