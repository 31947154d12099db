"""What changed in public that a reader following a search would want to hear of.

A ``PublicChange`` is written when a change reaches a published entry's public page: the
entry is first published, a report is linked to it, a figure is added to it, or its
verdict changes. Drafts, entries in review and pending revisions never write one: a
revision changes nothing live until a curator applies it, and applying it saves the live
rows, which writes the change then. Rows are written once the transaction commits, so a
change rolled back is never announced.

Email alerts (the ``alerts`` app) read these with a watermark per subscription, so each
change reaches a subscriber once.
"""

from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from interventions.models import Intervention, PublicationState, Verdict, first_published

WHAT_MAX_LENGTH = 300


class ChangeKind(models.TextChoices):
    PUBLISHED = "published", "Newly published"
    REPORT = "report", "New evaluation report"
    FIGURE = "figure", "New reported figure"
    VERDICT = "verdict", "Verdict changed"


class PublicChangeQuerySet(models.QuerySet):
    def after(self, moment):
        return self.filter(happened_at__gt=moment)

    def of_published_entries(self):
        return self.filter(intervention__publication_state=PublicationState.PUBLISHED)


class PublicChange(models.Model):
    """One change a reader can see on a published entry's page."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="public_changes"
    )
    kind = models.CharField(max_length=20, choices=ChangeKind.choices)
    what = models.CharField(
        max_length=WHAT_MAX_LENGTH,
        blank=True,
        help_text="The public words for the change: the report's title, the figure, the verdict.",
    )
    happened_at = models.DateTimeField(default=timezone.now)

    objects = PublicChangeQuerySet.as_manager()
    # A record for the alerts, not shown on any page: writing or forgetting one leaves the
    # catalogue's version and caches alone.
    public_data = False

    class Meta:
        ordering = ["happened_at", "pk"]
        indexes = [
            # The alerts' sender reads the changes after each subscription's watermark.
            models.Index(fields=["happened_at"], name="public_change_happened_at"),
        ]

    def __str__(self):
        return f"{self.intervention}: {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("catalogue:detail", args=[self.intervention.slug])

    @property
    def description(self):
        """The change in words, e.g. "New evaluation report: Final evaluation"."""
        label = self.get_kind_display()
        return f"{label}: {self.what}" if self.what else label


def record_change(entry_ids, kind, what=""):
    """Notes ``kind`` for each of the entries that is published, once the transaction
    commits."""
    entry_ids = list(entry_ids)
    what = Truncator(" ".join(str(what).split())).chars(WHAT_MAX_LENGTH)

    def write():
        published = Intervention.objects.published().filter(pk__in=entry_ids)
        PublicChange.objects.bulk_create(
            PublicChange(intervention_id=pk, kind=kind, what=what)
            for pk in published.values_list("pk", flat=True)
        )

    if entry_ids:
        transaction.on_commit(write)


# The signals that write the changes ---------------------------------------------------


def entries_first_published(sender, pks, **kwargs):
    record_change(pks, ChangeKind.PUBLISHED)


def report_linked(sender, instance, action, reverse, pk_set, raw=False, **kwargs):
    from evaluations.models import EvaluationReport

    if action != "post_add" or not pk_set:
        return
    if reverse:  # entry.reports.add(report, ...)
        for report in EvaluationReport.objects.filter(pk__in=pk_set):
            record_change([instance.pk], ChangeKind.REPORT, report.title)
    else:
        record_change(pk_set, ChangeKind.REPORT, instance.title)


def figure_added(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        record_change([instance.intervention_id], ChangeKind.FIGURE, str(instance))


def remember_previous_verdict(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._previous_verdict = None
        return
    instance._previous_verdict = (
        sender.objects.filter(pk=instance.pk).values_list("verdict", flat=True).first()
    )


def verdict_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    previous = getattr(instance, "_previous_verdict", None) or Verdict.NOT_YET_KNOWN
    if instance.verdict != previous:
        record_change(
            [instance.intervention_id], ChangeKind.VERDICT, Verdict(instance.verdict).label
        )


def connect_signals():
    from evaluations.models import EvaluationReport, EvidenceRating, OutcomeMetric

    first_published.connect(entries_first_published, dispatch_uid="public-change-published")
    m2m_changed.connect(
        report_linked,
        sender=EvaluationReport.interventions.through,
        dispatch_uid="public-change-report",
    )
    post_save.connect(figure_added, sender=OutcomeMetric, dispatch_uid="public-change-figure")
    pre_save.connect(
        remember_previous_verdict, sender=EvidenceRating, dispatch_uid="public-change-verdict-was"
    )
    post_save.connect(verdict_saved, sender=EvidenceRating, dispatch_uid="public-change-verdict")
