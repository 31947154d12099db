"""A reader's email alert for one search of the catalogue.

A subscription keeps the address, the saved search (the list's normalised query string),
how often to write, when it was asked for, when it was confirmed and up to when its
changes have been sent: nothing more. Unsubscribing deletes it; an unconfirmed one is
deleted once ALERTS_CONFIRMATION_DAYS have passed.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

SEARCH_MAX_LENGTH = 2000


class Frequency(models.TextChoices):
    INSTANT = "instant", "As soon as there is something new (checked every few minutes)"
    WEEKLY = "weekly", "A weekly summary"


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)

    def expired(self, now=None):
        """Unconfirmed subscriptions older than the confirmation period."""
        now = now or timezone.now()
        cutoff = now - timedelta(days=settings.ALERTS_CONFIRMATION_DAYS)
        return self.unconfirmed().filter(created_at__lt=cutoff)

    def for_address(self, email):
        return self.filter(email__iexact=email)

    def due(self, frequency):
        return self.confirmed().filter(frequency=frequency)


class Subscription(models.Model):
    email = models.EmailField(max_length=254, help_text="Where the alerts go.")
    search = models.CharField(
        max_length=SEARCH_MAX_LENGTH,
        blank=True,
        help_text="The list's filters as a query string; empty follows the whole catalogue.",
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the address confirmed; nothing is sent before."
    )
    last_sent_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Changes up to this moment have been sent (or had nothing for this search).",
    )

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["email", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                "email", "search", name="subscription_one_per_address_and_search"
            ),
            models.CheckConstraint(
                name="subscription_sent_only_when_confirmed",
                condition=Q(last_sent_at__isnull=True) | Q(confirmed_at__isnull=False),
            ),
        ]
        indexes = [
            # The sender reads the confirmed subscriptions of one frequency.
            models.Index(fields=["frequency", "confirmed_at"], name="subscription_due"),
        ]

    def __str__(self):
        return f"{self.email}: {self.search or 'every entry'}"

    def get_absolute_url(self):
        """The list this subscription follows."""
        url = reverse("catalogue:list")
        return f"{url}?{self.search}" if self.search else url

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def confirm(self, now=None):
        if self.confirmed_at is None:
            now = now or timezone.now()
            self.confirmed_at = now
            self.last_sent_at = now
            self.save(update_fields=["confirmed_at", "last_sent_at"])
