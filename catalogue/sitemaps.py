"""sitemap.xml: the published entries and every theme, force, region and organisation page."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse

from interventions.models import (
    Force,
    Intervention,
    Organisation,
    PublicationState,
    Region,
    Theme,
)

PUBLISHED = Q(interventions__publication_state=PublicationState.PUBLISHED)


class InterventionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Intervention.objects.published().only("slug", "updated_at").order_by("name")

    def lastmod(self, entry):
        return entry.updated_at


class BrowsePageSitemap(Sitemap):
    """Theme, force or organisation pages, dated by their latest published entry."""

    changefreq = "weekly"
    priority = 0.6
    model = None

    def rows(self):
        return self.model.objects.all()

    def items(self):
        return (
            self.rows()
            .annotate(latest=Max("interventions__updated_at", filter=PUBLISHED))
            .order_by("slug")
        )

    def lastmod(self, item):
        return item.latest


class ThemeSitemap(BrowsePageSitemap):
    model = Theme


class ForceSitemap(BrowsePageSitemap):
    model = Force


class OrganisationSitemap(BrowsePageSitemap):
    """Only organisations the public may see: the others' pages do not exist."""

    model = Organisation

    def rows(self):
        return Organisation.objects.public()


class CataloguePageSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return [
            "catalogue:home",
            "catalogue:list",
            "catalogue:themes",
            "catalogue:forces",
            "catalogue:evidence-ratings",
            "evidence:outcomes",
            "evidence:gap_map",
        ]

    def location(self, name):
        return reverse(name)


class RegionSitemap(Sitemap):
    """A page per region, dated by the latest published entry led by one of its forces."""

    changefreq = "weekly"
    priority = 0.6

    def items(self):
        latest = dict(
            Force.objects.order_by()
            .values("region")
            .annotate(latest=Max("interventions__updated_at", filter=PUBLISHED))
            .values_list("region", "latest")
        )
        return [(region, latest.get(region)) for region in Region.values if region in latest]

    def location(self, item):
        return reverse("catalogue:region", args=[item[0]])

    def lastmod(self, item):
        return item[1]


SITEMAPS = {
    "catalogue": CataloguePageSitemap,
    "interventions": InterventionSitemap,
    "themes": ThemeSitemap,
    "forces": ForceSitemap,
    "regions": RegionSitemap,
    "organisations": OrganisationSitemap,
}
