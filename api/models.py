from django.db import models
from django.urls import reverse


class SlugKind(models.TextChoices):
    """The kinds of catalogue row whose slug is part of a public address."""

    INTERVENTION = "intervention", "Intervention"
    THEME = "theme", "Theme"
    FORCE = "force", "Police force"
    ORGANISATION = "organisation", "Organisation"
    SOURCE = "source", "Source document"
    REPORT = "report", "Evaluation report"


class RetiredSlugQuerySet(models.QuerySet):
    def of(self, kind, slug):
        return self.filter(kind=kind, slug=slug)


class RetiredSlug(models.Model):
    """A slug a row used to have. Its old addresses redirect to the row, and no other row
    may take it, so links and API clients that stored it keep working."""

    kind = models.CharField(max_length=20, choices=SlugKind.choices)
    slug = models.SlugField(max_length=200, help_text="The old slug, as it appeared in addresses.")
    object_id = models.PositiveBigIntegerField(help_text="The row the old addresses now lead to.")
    retired_at = models.DateTimeField(auto_now_add=True)

    objects = RetiredSlugQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "slug"]
        verbose_name = "old address"
        verbose_name_plural = "old addresses"
        constraints = [
            models.UniqueConstraint(fields=["kind", "slug"], name="retired_slug_unique"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.slug}"

    def get_absolute_url(self):
        """The old address itself, which redirects to the row's current one."""
        return reverse(OLD_ADDRESS_ROUTES[self.kind], args=[self.slug])


# Where each kind's old slug was seen: its public page, or its API entry if it has none.
OLD_ADDRESS_ROUTES = {
    SlugKind.INTERVENTION: "catalogue:detail",
    SlugKind.THEME: "catalogue:theme",
    SlugKind.FORCE: "catalogue:force",
    SlugKind.ORGANISATION: "catalogue:organisation",
    SlugKind.SOURCE: "api:source-detail",
    SlugKind.REPORT: "api:report-detail",
}
