from django.db.models import Count, Prefetch, Q
from django.shortcuts import render
from django.views.generic import DetailView, ListView, TemplateView

from evaluations.models import EvaluationReport, OutcomeMetric
from interventions.models import (
    Force,
    Intervention,
    Organisation,
    PartnerRole,
    PublicationState,
    SourceCitation,
    Theme,
)

PUBLISHED = Q(interventions__publication_state=PublicationState.PUBLISHED)


def published_count():
    return Count("interventions", filter=PUBLISHED, distinct=True)


class HomeView(TemplateView):
    template_name = "interventions/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["themes"] = Theme.objects.annotate(entry_count=published_count())
        context["forces"] = Force.objects.annotate(entry_count=published_count())
        context["recent"] = Intervention.objects.published().order_by("-updated_at")[:6]
        context["entry_count"] = Intervention.objects.published().count()
        return context


class InterventionListView(ListView):
    template_name = "interventions/intervention_list.html"
    context_object_name = "interventions"
    paginate_by = 20

    def get_queryset(self):
        return Intervention.objects.published().prefetch_related("themes", "forces")


class InterventionDetailView(DetailView):
    template_name = "interventions/intervention_detail.html"
    context_object_name = "intervention"

    def get_queryset(self):
        return Intervention.objects.published().prefetch_related(
            "themes",
            "forces",
            "purposes",
            "delivery_settings",
            "funding__source",
            "seminar_sessions",
            Prefetch("partner_roles", queryset=PartnerRole.objects.select_related("organisation")),
            Prefetch("citations", queryset=SourceCitation.objects.select_related("source")),
            Prefetch(
                "reports",
                queryset=EvaluationReport.objects.select_related("evaluator", "publisher"),
            ),
            Prefetch("outcomes", queryset=OutcomeMetric.objects.select_related("source", "report")),
        )


class PublishedEntriesMixin:
    """Detail page of a theme, force or organisation with its published entries."""

    context_object_name = "object"
    template_name = "interventions/browse_detail.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["interventions"] = (
            self.object.interventions.published().prefetch_related("themes", "forces").distinct()
        )
        return context


class ThemeDetailView(PublishedEntriesMixin, DetailView):
    model = Theme
    extra_context = {"kind": "Theme"}


class ForceDetailView(PublishedEntriesMixin, DetailView):
    model = Force
    extra_context = {"kind": "Police force"}


class OrganisationDetailView(PublishedEntriesMixin, DetailView):
    model = Organisation
    extra_context = {"kind": "Organisation"}


def page_not_found(request, exception):
    return render(request, "404.html", status=404)
