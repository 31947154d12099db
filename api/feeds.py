"""An Atom feed of the list's results: entries newly published or updated, and new reports
of those entries, for exactly the filter in the address.

A commissioner following "county lines in the North West" subscribes to
/interventions/feed/?theme=county-lines&region=north-west and is told of each new or
changed entry there. The parameters are the list's, read strictly: a value that cannot
be used is a 400 naming it, never a silently wider feed. The sort order is accepted
but a feed is always newest first.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from rest_framework.exceptions import ValidationError

from api.filters import strict_filterset
from api.licence import data_licence
from evaluations.models import EvaluationReport
from interventions.citations import CATALOGUE_NAME
from interventions.models import Intervention

FEED_LENGTH = 30
# Items are identified by tag URIs (RFC 4151): tag:<host>,<date>:<kind>/<number>.
TAG_DATE = "2025"
# An entry changed within this long of its publication is announced as new, not updated.
STILL_NEW = timedelta(days=1)


@dataclass(frozen=True)
class FeedItem:
    guid: str
    title: str
    link: str
    description: str
    updated: datetime
    published: datetime | None = None
    categories: tuple = field(default=())


def verdict_sentence(entry):
    """The entry's verdict (annotated by with_verdict()) and where the scale is defined."""
    sentence = f"Did it work? {entry.verdict_label}"
    if entry.verdict_self_reported:
        sentence += ", resting on self-reported before-and-after figures"
    return f"{sentence} (how we rate evidence: {reverse('catalogue:evidence-ratings')})."


def entry_item(entry, tag):
    is_new = entry.updated_at - entry.published_at < STILL_NEW
    return FeedItem(
        guid=f"{tag}:intervention/{entry.pk}",
        title=f"{'New' if is_new else 'Updated'} entry: {entry.display_name}",
        link=entry.get_absolute_url(),
        description=f"{entry.summary} {verdict_sentence(entry)}",
        updated=entry.updated_at,
        published=entry.published_at,
        categories=tuple(theme.name for theme in entry.themes.all()),
    )


def report_item(report, tag):
    covered = report.entries_followed
    names = " and ".join(entry.display_name for entry in covered)
    description = f"{report.get_report_type_display()} of {names}"
    description += f" ({report.date_display})." if report.date_display else "."
    if report.summary:
        description += f" {report.summary}"
    return FeedItem(
        guid=f"{tag}:report/{report.pk}",
        title=f"New report: {report.title}",
        link=f"{covered[0].get_absolute_url()}#report-{report.slug}",
        description=description,
        updated=report.updated_at,
    )


def feed_items(filterset, limit=FEED_LENGTH):
    """The newest entries and reports of the filtered entries, newest first."""
    tag = f"tag:{filterset.request.get_host().rsplit(':', 1)[0]},{TAG_DATE}"
    followed = filterset.apply_filters(filterset.queryset)
    entries = (
        followed.with_verdict().prefetch_related("themes").order_by("-updated_at", "pk")[:limit]
    )
    reports = (
        EvaluationReport.objects.filter(
            pk__in=EvaluationReport.interventions.through.objects.filter(
                intervention__in=followed.values("pk")
            ).values("evaluationreport_id")
        )
        .prefetch_related(
            Prefetch(
                "interventions",
                queryset=Intervention.objects.filter(pk__in=followed.values("pk")).order_by("name"),
                to_attr="entries_followed",
            )
        )
        .order_by("-updated_at", "pk")[:limit]
    )
    items = [entry_item(entry, tag) for entry in entries]
    items += [report_item(report, tag) for report in reports]
    return sorted(items, key=lambda item: item.updated, reverse=True)[:limit]


class InterventionFeed(Feed):
    feed_type = Atom1Feed
    author_name = CATALOGUE_NAME

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except ValidationError as error:
            lines = [f"{name}: {' '.join(messages)}" for name, messages in error.detail.items()]
            text = "The feed could not be made: the address has values that cannot be used.\n\n"
            return HttpResponse(
                text + "\n".join(lines) + "\n",
                status=400,
                content_type="text/plain; charset=utf-8",
            )

    def get_object(self, request, *args, **kwargs):
        return strict_filterset(request.GET, request=request)

    def title(self, filterset):
        description = filterset.description()
        return f"{CATALOGUE_NAME}: " + (description or "all interventions")

    def subtitle(self, filterset):
        return "Interventions newly published or updated, and new evaluation reports of them."

    def link(self, filterset):
        query = filterset.without("ordering")
        path = reverse("catalogue:list")
        return f"{path}?{query}" if query else path

    def feed_url(self, filterset):
        query = filterset.without("ordering")
        path = reverse("downloads:feed")
        return f"{path}?{query}" if query else path

    def feed_copyright(self):
        licence = data_licence()
        return f"Data available under the {licence['name']}: {licence['url']}"

    def items(self, filterset):
        return feed_items(filterset)

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.link

    def item_description(self, item):
        return item.description

    def item_guid(self, item):
        return item.guid

    item_guid_is_permalink = False

    def item_updateddate(self, item):
        return item.updated

    def item_pubdate(self, item):
        return item.published

    def item_categories(self, item):
        return item.categories
