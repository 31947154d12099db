"""What every model of the catalogue shares: rows named by slug in fixtures."""

from django.db import models


class SlugQuerySet(models.QuerySet):
    """Lets fixtures refer to rows by slug, so they load the same on any database."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SlugNaturalKeyMixin:
    def natural_key(self):
        return (self.slug,)
