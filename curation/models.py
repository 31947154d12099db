from django.conf import settings
from django.db import models
from django.urls import reverse


class DigestItemKind(models.TextChoices):
    SUBMISSION = "submission", "New submission"
    IN_REVIEW = "in-review", "Draft sent for review"
    REVISION = "revision", "Change to a published item waiting for review"


class SentDigestItem(models.Model):
    """One piece of work a curator's digest email told them about (curation.digest).

    A digest names only work with no row here for its recipient, so nothing is announced
    twice, and a run with nothing new sends nothing.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_digest_items"
    )
    kind = models.CharField(max_length=20, choices=DigestItemKind.choices)
    object_id = models.PositiveBigIntegerField(
        help_text="The submission's, entry's or revision's id."
    )
    occasion = models.PositiveBigIntegerField(
        default=0,
        help_text="For a draft, which time it was sent for review: a draft sent back and sent "
        "for review again is new work again.",
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "object_id", "occasion"],
                name="digest_item_sent_once",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.object_id} to {self.recipient}"


class StaffPreferences(models.Model):
    """One staff member's own choices about the admin, set by them on their home page."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_preferences"
    )
    receives_curator_digest = models.BooleanField(
        "email me the curators' digest",
        default=True,
        help_text="One email when there is new work for curators. The desk shows the same "
        "work whether or not you get it.",
    )

    class Meta:
        verbose_name_plural = "staff preferences"
        ordering = ["user"]

    def __str__(self):
        return f"Preferences of {self.user}"

    def get_absolute_url(self):
        return reverse("admin:index") + "#digest-preference"

    @classmethod
    def of(cls, user):
        """The user's preferences; the defaults, unsaved, when they have never set any."""
        return cls.objects.filter(user=user).first() or cls(user=user)
