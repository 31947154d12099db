import re

from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect, QueryDict
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, TemplateView

from catalogue.entry_rows import (
    ENTRY_RELATIONS,
    PLACEHOLDERS,
    as_prefetched,
    related_entries,
    with_themes_and_forces,
)
from catalogue.search_help import search_help
from evaluations.models import (
    CATALOGUE_TEAM,
    CATALOGUE_TEAM_TEXT,
    LEVEL_FOR_REDUCED_HARM,
    SELF_REPORTED_TEXT,
    EvaluationReport,
    MarylandLevel,
    PublishedFigureCount,
    rating_summary,
)
from evidence.entry import entry_evidence
from evidence.forcemap import forces_by_region, tile_map
from evidence.overview import evidence_overview
from interventions import facet_index
from interventions.batched import prepared, run_together
from interventions.catalogue_cache import remember
from interventions.citations import citation_text
from interventions.evidence import evidence_steps, explanation_of, verdict_explanations
from interventions.facets import FACETS
from interventions.filters import FilterOptions, InterventionFilterSet
from interventions.models import (
    Force,
    Intervention,
    Organisation,
    PublicationState,
    PublishedKeyCount,
    Region,
    SourceDocument,
    Theme,
    partners_lead_first,
    purpose_and_setting_names,
    purposes_and_settings_of,
)
from interventions.pagination import Paginator, page_links, requested_page

PUBLISHED = Q(interventions__publication_state=PublicationState.PUBLISHED)
RESULTS_PER_PAGE = 20


def published_count():
    return Count("interventions", filter=PUBLISHED, distinct=True)


def with_entry_counts(rows, counts):
    """``rows`` with ``entry_count`` set from facet option counts keyed by id (as text)."""
    for row in rows:
        row.entry_count = counts.get(str(row.pk), 0)
    return rows


def catalogue_counts():
    """The whole published catalogue counted by every facet: the unfiltered list's facet
    counts, one query kept per catalogue version (InterventionFilterSet.facets())."""
    return InterventionFilterSet.forgiving(QueryDict()).facets().counts


def forces_with_counts(counts):
    return with_entry_counts(list(Force.objects.all()), counts.for_facet("force"))


def catalogue_at_a_glance():
    """The home page's view of the whole catalogue: themes, forces by region, sources,
    the force map and the evidence overview. Kept per catalogue version."""
    return remember("catalogue:at-a-glance", _count_catalogue)


def _count_catalogue():
    # The counts the database keeps and the filter options, read as they are: no filter
    # set to build for an address that has no filters.
    counts = PublishedKeyCount.counts(FACETS)
    forces = forces_with_counts(counts)
    themes = with_entry_counts(list(Theme.objects.all()), counts.for_facet("theme"))
    # The filter options find which sources are public: read those by id.
    public_sources = [option.pk for option in FilterOptions().by_name["source"]]
    return {
        "themes": themes,
        "regions": forces_by_region(forces, counts.for_facet("region")),
        "sources": with_entry_counts(
            list(
                SourceDocument.objects.filter(pk__in=public_sources)
                .prefetch_related("uncatalogued_mentions")
                .order_by("-published_on", "title")
            ),
            counts.for_facet("source"),
        ),
        "force_map": tile_map(forces),
        **evidence_overview(themes, counts.for_facet("evidence_stage")),
    }


class HomeView(TemplateView):
    template_name = "interventions/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(catalogue_at_a_glance())
        context["recent"] = with_themes_and_forces(
            Intervention.objects.published().with_card_facts().order_by("-updated_at", "name")[:6]
        )
        return context


class ForceIndexView(TemplateView):
    template_name = "interventions/force_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = catalogue_counts()
        forces = forces_with_counts(counts)
        context.update(
            force_map=tile_map(forces),
            regions=forces_by_region(forces, counts.for_facet("region")),
            force_count=len(forces),
            forces_with_entries=sum(1 for force in forces if force.entry_count),
            entry_count=counts.total(),
        )
        return context


class EvidenceRatingsView(TemplateView):
    """How we rate evidence: the scale every verdict and confidence on the site uses."""

    template_name = "interventions/evidence_ratings.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = catalogue_counts().for_facet("verdict")
        verdicts = [
            {
                "value": value,
                "label": label,
                "explanation": explanation,
                "count": counts.get(value, 0),
                "list_url": f"{reverse('catalogue:list')}?verdict={value}",
            }
            for value, label, explanation in verdict_explanations()
        ]
        context.update(
            verdicts=verdicts,
            levels=[(value, label) for value, label in MarylandLevel.choices if value],
            level_for_reduced_harm=LEVEL_FOR_REDUCED_HARM,
            self_reported_text=SELF_REPORTED_TEXT,
            catalogue_team=CATALOGUE_TEAM,
            catalogue_team_text=CATALOGUE_TEAM_TEXT,
            canonical_url=self.request.build_absolute_uri(reverse("catalogue:evidence-ratings")),
        )
        return context


class InterventionListView(TemplateView):
    """The catalogue, filtered, counted and paginated from the address alone."""

    template_name = "interventions/intervention_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = InterventionFilterSet.forgiving(self.request.GET, request=self.request)
        facets = filterset.facets()
        entries = filterset.qs.with_card_facts()
        paginator = Paginator(entries, RESULTS_PER_PAGE, keys=filterset.ranked_page_keys)
        # The facet query has already counted the results.
        paginator.count = facets.total
        page, page_notice = requested_page(paginator, self.request.GET.getlist("page"))
        page.object_list = with_themes_and_forces(page.object_list)
        notices = [*filterset.notices, *([page_notice] if page_notice else [])]
        pagination = page_links(page, reverse("catalogue:list"), filterset.query_string())
        context.update(
            search_help=search_help(filterset, facets.total, catalogue_counts),
            filterset=filterset,
            facets=facets,
            description=filterset.description(),
            active_filters=filterset.active_filters(),
            notices=notices,
            paginator=paginator,
            page_obj=page,
            pagination=pagination,
            interventions=page.object_list,
            canonical_url=self.request.build_absolute_uri(pagination["current"]),
            # Searches and addresses we had to correct are not worth a search engine's time.
            noindex=bool(filterset.search_terms or notices),
        )
        return context


class InterventionDetailView(DetailView):
    """An entry's page. The entry and every relation it shows are read in one round trip,
    by queries compiled once and planned once on each connection (interventions.batched);
    a subclass's get_queryset() must give the same query on every request, as this one
    does."""

    template_name = "interventions/intervention_detail.html"
    context_object_name = "intervention"

    def get_queryset(self):
        return (
            Intervention.objects.published()
            .select_related("evidence_rating__source")
            .with_lessons()
            .with_age_groups()
        )

    def lookup(self):
        """How the address names the entry: ``("pk", id)`` or ``("slug", slug)``."""
        if self.pk_url_kwarg in self.kwargs:
            return "pk", self.kwargs[self.pk_url_kwarg]
        return "slug", self.kwargs[self.slug_url_kwarg]

    def entry_queries(self, lookup):
        """The entry, each of ENTRY_RELATIONS and its purposes and settings, as queries of
        the entry whose ``lookup`` field is its placeholder, compiled once for each kind
        of view and lookup."""
        view, placeholder = type(self), PLACEHOLDERS[lookup]
        entry = prepared(
            (view, lookup, "entry"),
            lambda value: self.get_queryset().filter(**{lookup: value})[:1],
            placeholder,
            planned_once=True,
        )
        relations = [
            prepared(
                (InterventionDetailView, lookup, name),
                lambda value, rows=rows, link=link: rows().filter(**{f"{link}__{lookup}": value}),
                placeholder,
                planned_once=True,
            )
            for name, (rows, link) in ENTRY_RELATIONS.items()
        ]
        names = prepared(
            (InterventionDetailView, lookup, "purposes_and_settings"),
            lambda value: purposes_and_settings_of(**{f"interventions__{lookup}": value}),
            placeholder,
            planned_once=True,
        )
        return [entry, *relations, names]

    def get_object(self, queryset=None):
        lookup, value = self.lookup()
        entries, *relations, names = run_together(self.entry_queries(lookup), value)
        if not entries:
            raise Http404(f"No {Intervention._meta.verbose_name} found matching the query")
        entry = entries[0]
        for name, rows in zip(ENTRY_RELATIONS, relations, strict=True):
            as_prefetched(entry, name, rows)
        self.purposes_and_settings = purpose_and_setting_names(names)
        return entry

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry = self.object
        themes = list(entry.themes.all())
        forces = list(entry.forces.all())
        sources = [citation.source for citation in entry.citations.all()]
        url = self.request.build_absolute_uri(entry.get_absolute_url())
        purposes, delivery_settings = self.purposes_and_settings
        context.update(
            purposes=purposes,
            delivery_settings=delivery_settings,
            themes=themes,
            forces=forces,
            sources=sources,
            rating=rating_summary(entry),
            evidence_explanation=explanation_of(entry.evidence_stage),
            evidence_steps=evidence_steps(entry.evidence_stage),
            related=related_entries(
                entry, [theme.pk for theme in themes], [force.pk for force in forces]
            ),
            citation=citation_text(entry, sources, url),
            canonical_url=url,
            **entry_evidence(entry, self.request),
        )
        return context


class PublishedEntriesView(DetailView):
    """A theme, force or organisation page: what it is, then its published entries."""

    entries_per_page = RESULTS_PER_PAGE
    list_filter = ""
    # The facet whose kept counts say how many published entries the page lists ("" when
    # none does, and the page's entries are counted).
    counted_facet = ""

    def counted_values(self):
        """The values of ``counted_facet`` whose kept counts the page reads: its own."""
        return [self.object.pk]

    @cached_property
    def kept_counts(self):
        if not self.counted_facet:
            return {}
        return PublishedKeyCount.entries_with(self.counted_facet, self.counted_values())

    def entries(self):
        return self.object.interventions.published().with_card_facts()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = self.entries().order_by("name", "pk")
        paginator = Paginator(entries, self.entries_per_page)
        if self.counted_facet:
            paginator.count = self.kept_counts[self.object.pk]
        page, notice = requested_page(paginator, self.request.GET.getlist("page"))
        page.object_list = with_themes_and_forces(page.object_list)
        pagination = page_links(page, self.object.get_absolute_url())
        context.update(
            page_obj=page,
            paginator=paginator,
            pagination=pagination,
            interventions=page.object_list,
            notices=[notice] if notice else [],
            canonical_url=self.request.build_absolute_uri(pagination["current"]),
            list_url=f"{reverse('catalogue:list')}?{self.list_filter}={self.object.slug}"
            if self.list_filter
            else "",
        )
        return context


class ThemeDetailView(PublishedEntriesView):
    model = Theme
    template_name = "interventions/theme_detail.html"
    context_object_name = "theme"
    list_filter = "theme"
    counted_facet = "theme"


class ForceDetailView(PublishedEntriesView):
    model = Force
    template_name = "interventions/force_detail.html"
    context_object_name = "force"
    list_filter = "force"
    counted_facet = "force"

    @cached_property
    def neighbours(self):
        return list(self.object.neighbours.order_by("name"))

    def counted_values(self):
        # The bordering forces' counts come in the same read.
        return [self.object.pk, *(neighbour.pk for neighbour in self.neighbours)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        force = self.object
        context["organisations"] = (
            Organisation.objects.filter(force_area=force)
            .annotate(entry_count=published_count())
            .filter(entry_count__gt=0)
        )
        context["nearby"] = nearby_forces(self.neighbours, self.kept_counts)
        return context


NEARBY_ENTRIES_PER_FORCE = 3


def nearby_forces(neighbours, counts):
    """The bordering forces ``neighbours``, each with its count of published entries
    (from ``counts``, by force id) and its most recently updated few (``latest``). One
    query, however many neighbours."""
    latest = {}
    for entry in Intervention.objects.latest_by_force(
        [neighbour.pk for neighbour in neighbours if counts[neighbour.pk]],
        NEARBY_ENTRIES_PER_FORCE,
    ):
        latest.setdefault(entry.by_force, []).append(entry)
    for neighbour in neighbours:
        neighbour.entry_count = counts[neighbour.pk]
        neighbour.latest = latest.get(neighbour.pk, [])
    return neighbours


class ThemeIndexView(TemplateView):
    """Every theme with its count of published entries and what it covers."""

    template_name = "interventions/theme_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = catalogue_counts()
        context.update(
            themes=with_entry_counts(
                list(Theme.objects.select_related("definition_source")), counts.for_facet("theme")
            ),
            entry_count=counts.total(),
        )
        return context


class RegionDetailView(TemplateView):
    """A region: its forces, its figures and its published entries, paginated."""

    template_name = "interventions/region_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = self.kwargs["slug"]
        if region not in Region.values:
            raise Http404("No such region.")
        filterset = InterventionFilterSet.forgiving(QueryDict(mutable=True) | {"region": region})
        facets = filterset.facets()
        # Within the region, a force's count is all of its entries: each of them is led
        # by a force of the region.
        forces = with_entry_counts(
            list(Force.objects.filter(region=region)), facets.counts.for_facet("force")
        )
        entries = filterset.qs.with_report_count().order_by("name", "pk")
        paginator = Paginator(entries, RESULTS_PER_PAGE)
        paginator.count = facets.total
        page, notice = requested_page(paginator, self.request.GET.getlist("page"))
        page.object_list = with_themes_and_forces(page.object_list)
        url = reverse("catalogue:region", args=[region])
        pagination = page_links(page, url)
        context.update(
            region=region,
            region_label=Region(region).label,
            forces=forces,
            forces_with_entries=sum(1 for force in forces if force.entry_count),
            facets=facets,
            themes=[option for option in facets.options("theme") if option.count],
            evidence_stages=facets.options("evidence_stage"),
            with_report=next(o.count for o in facets.has_report if o.value == "true"),
            outcome_count=PublishedFigureCount.figures_with(facet_index.key("region", region)),
            list_url=f"{reverse('catalogue:list')}?region={region}",
            page_obj=page,
            paginator=paginator,
            pagination=pagination,
            interventions=page.object_list,
            notices=[notice] if notice else [],
            canonical_url=self.request.build_absolute_uri(pagination["current"]),
        )
        return context


# The briefing list holds at most this many entries; the rest are counted and linked.
BRIEFING_LIMIT = 200
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def markdown_text(value):
    """``value`` on one line, with the characters Markdown would act on escaped."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def one_line_summary(entry, limit=240):
    """The summary's first sentence, cut at a word if it is longer than ``limit``."""
    sentence = SENTENCE_END.split(" ".join(entry.summary.split()), maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence
    return sentence[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


@require_GET
def briefing_list(request):
    """The current filtered list as plain text in Markdown, to paste into a briefing: each
    entry's name, lead forces, evidence stage, a one-line summary and its address."""
    filterset = InterventionFilterSet.forgiving(request.GET, request=request)
    total = filterset.facets().total
    entries = list(filterset.qs.prefetch_related("forces")[:BRIEFING_LIMIT])
    query = filterset.query_string()
    list_url = request.build_absolute_uri(
        reverse("catalogue:list") + (f"?{query}" if query else "")
    )
    lines = []
    for entry in entries:
        names = [force.name for force in entry.forces.all()]
        lines.append(
            {
                "name": markdown_text(entry.display_name),
                "forces": markdown_text(", ".join(names) or "none recorded"),
                "forces_count": len(names),
                "evidence_stage": entry.get_evidence_stage_display(),
                "summary": markdown_text(one_line_summary(entry)),
                "url": request.build_absolute_uri(entry.get_absolute_url()),
            }
        )
    text = render_to_string(
        "interventions/briefing.txt",
        {
            "description": markdown_text(filterset.description()),
            "total": total,
            "entries": lines,
            "more": total - len(lines),
            "list_url": list_url,
            "today": timezone.localdate(),
            "notices": [markdown_text(notice) for notice in filterset.notices],
        },
    )
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="interventions.md"'
    response["X-Robots-Tag"] = "noindex"
    return response


class OrganisationDetailView(PublishedEntriesView):
    model = Organisation
    template_name = "interventions/organisation_detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return Organisation.objects.public().select_related("force_area")

    def entries(self):
        # Through the partner roles, so an entry in two roles is listed once.
        return (
            Intervention.objects.published()
            .filter(pk__in=self.object.partner_roles.values("intervention_id"))
            .with_card_facts()
            .prefetch_related(
                Prefetch(
                    "partner_roles",
                    queryset=partners_lead_first().filter(organisation=self.object),
                    to_attr="roles_here",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reports"] = (
            EvaluationReport.objects.published()
            .filter(Q(publisher=self.object) | Q(evaluator=self.object))
            .prefetch_related(
                Prefetch(
                    "interventions",
                    queryset=Intervention.objects.published().order_by("name"),
                    to_attr="published_interventions",
                )
            )
            .order_by("-published_on", "title")
        )
        return context


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page links: the
    icon among the static files, whose address changes with its content."""
    response = HttpResponseRedirect(static("icons/favicon.ico"))
    response["Cache-Control"] = "public, max-age=86400"
    return response
