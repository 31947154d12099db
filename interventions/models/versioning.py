"""The catalogue's version in the database, bumped with every change
(interventions.catalogue_cache)."""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import (
    F,
    Q,
)


class CatalogueVersion(models.Model):
    """One row, counted up in the same transaction as every change to the public catalogue.

    Cached pages and aggregates are keyed by it, and every app server reads it again
    every few seconds (interventions.catalogue_cache), so a change reaches them all even when the
    shared cache could not be told about it.
    """

    number = models.PositiveBigIntegerField(default=1)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(name="catalogue_version_single_row", condition=Q(pk=1)),
        ]

    def __str__(self):
        return f"Catalogue version {self.number}"

    @classmethod
    def current(cls):
        # Read where anonymous readers read (a read replica, if any), even during a
        # curator's request on the primary: this process keeps the number for a few
        # seconds, and one read ahead of a lagging replica would label its pages newer
        # than they are, in the page cache and in the ETags shared caches revalidate with.
        reading = settings.READ_REPLICA or DEFAULT_DB_ALIAS
        return cls.objects.using(reading).filter(pk=1).values_list("number", flat=True).first() or 0

    @classmethod
    def bump(cls):
        if not cls.objects.filter(pk=1).update(number=F("number") + 1):
            # Only where the row went missing, e.g. a test database flushed between tests.
            cls.objects.get_or_create(pk=1)
