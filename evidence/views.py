from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from evaluations.models import EvaluationReport
from evidence.citations import RIS_CONTENT_TYPE, entry_ris, report_ris
from evidence.compare import MAX_ITEMS, MIN_ITEMS, Comparison
from evidence.gapmap import GapMap
from evidence.gapmap import csv_lines as gap_map_csv_lines
from evidence.outcomes import OutcomeExplorer, csv_lines
from interventions.models import Intervention
from interventions.pagination import Paginator, page_links, requested_page

OUTCOMES_PER_PAGE = 50


@require_safe
def compare(request):
    comparison = Comparison(request.GET)
    given = request.GET.getlist("items")
    if comparison.is_ready and not comparison.notices and given != [",".join(comparison.slugs)]:
        # Ticked boxes arrive as ?items=a&items=b; the shareable address is ?items=a,b.
        return redirect(comparison.url)
    context = {
        "comparison": comparison,
        "entries": comparison.entries,
        "notices": comparison.notices,
        "min_items": MIN_ITEMS,
        "max_items": MAX_ITEMS,
        "canonical_url": request.build_absolute_uri(comparison.url),
        "share_url": request.build_absolute_uri(comparison.url),
        # Any two entries make a comparison; a search engine need not index them all.
        "noindex": True,
    }
    return TemplateResponse(request, "evidence/compare.html", context)


class OutcomesView(TemplateView):
    template_name = "evidence/outcomes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        explorer = OutcomeExplorer(self.request.GET)
        paginator = Paginator(explorer.metrics(), OUTCOMES_PER_PAGE)
        paginator.count = explorer.count()
        page, page_notice = requested_page(paginator, self.request.GET.getlist("page"))
        if page.number <= paginator.DIRECT_PAGES:
            # The rows the paginator's slice would read, by a query compiled once; a deeper
            # page is read by its keys first, as the paginator reads it.
            offset = (page.number - 1) * paginator.per_page
            limit = min(offset + paginator.per_page, paginator.count) - offset
            page.object_list = explorer.page_of_metrics(offset, limit) if limit > 0 else []
        notices = [*explorer.notices, *([page_notice] if page_notice else [])]
        pagination = page_links(page, reverse("evidence:outcomes"), explorer.query().urlencode())
        context.update(
            explorer=explorer,
            query=explorer.query(),
            paginator=paginator,
            pagination=pagination,
            page_obj=page,
            metrics=page.object_list,
            notices=notices,
            description=explorer.description(),
            filter_groups=[
                ("kind", "Kind of measure", explorer.options("kind")),
                ("direction", "Direction", explorer.options("direction")),
                ("scope", "Whom the figure counts", explorer.options("scope")),
                (
                    "evidence_stage",
                    "Entry's evidence stage",
                    explorer.options("evidence_stage"),
                ),
                ("verdict", "Entry's verdict", explorer.options("verdict")),
                ("theme", "Theme", explorer.options("theme")),
                ("force", "Police force", explorer.options("force")),
                ("source", "Source document", explorer.options("source")),
            ],
            canonical_url=self.request.build_absolute_uri(pagination["current"]),
            noindex=bool(notices),
        )
        return context


@require_safe
def outcomes_csv(request):
    explorer = OutcomeExplorer(request.GET)
    lines = csv_lines(explorer.metrics(), request.build_absolute_uri)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="outcomes-{stamp}.csv"'
    return response


@require_safe
def gap_map(request):
    gaps = GapMap(request.GET)
    url = reverse("evidence:gap_map")
    query = gaps.query().urlencode()
    context = {
        "gap_map": gaps,
        "chart": gaps.chart(),
        "notices": gaps.notices,
        "description": gaps.description(),
        "query": gaps.query(),
        "filter_groups": [
            ("region", "Region", gaps.options("region")),
            ("force", "Police force", gaps.options("force")),
            ("evidence_stage", "Evidence stage", gaps.options("evidence_stage")),
        ],
        "canonical_url": request.build_absolute_uri(f"{url}?{query}" if query else url),
        "noindex": bool(gaps.notices),
    }
    return TemplateResponse(request, "evidence/gap_map.html", context)


@require_safe
def gap_map_csv(request):
    lines = gap_map_csv_lines(GapMap(request.GET), request.build_absolute_uri)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="evidence-gap-map-{stamp}.csv"'
    return response


def ris_response(body, filename):
    response = HttpResponse(body, content_type=RIS_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.ris"'
    return response


@require_safe
def entry_citation(request, slug):
    entry = get_object_or_404(Intervention.objects.published(), slug=slug)
    sources = [citation.source for citation in entry.citations.select_related("source")]
    url = request.build_absolute_uri(entry.get_absolute_url())
    figures = entry.outcomes.only("measure", "scope")
    return ris_response(entry_ris(entry, sources, url, figures=figures), entry.slug)


@require_safe
def report_citation(request, slug):
    report = get_object_or_404(
        EvaluationReport.objects.published().select_related("evaluator", "publisher", "source"),
        slug=slug,
    )
    catalogue_url = request.build_absolute_uri(report.get_absolute_url())
    return ris_response(report_ris(report, report.url, catalogue_url), report.slug)
