"""Stable addresses: a renamed row keeps answering at its old slug, and no slug is reused.

When a slug changes, the old one is recorded as a RetiredSlug. A request for an old
address that would be a 404 is redirected (301) to the row's current address, on the
public pages and in the API alike. Nothing else may take a retired slug.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models.signals import post_delete, post_save, pre_save
from django.urls import Resolver404, resolve, reverse

from api.models import RetiredSlug, SlugKind
from evaluations.models import EvaluationReport
from interventions.models import Force, Intervention, Organisation, SourceDocument, Theme

REUSE_MESSAGE = (
    "Another entry had this slug before, and its old addresses still lead there, "
    "so it cannot be used again. Choose another slug."
)

# Slugs that would clash with the site's own addresses, e.g. /interventions/feed/.
RESERVED = {SlugKind.INTERVENTION: {"feed"}}
RESERVED_MESSAGE = "This slug is part of one of the site's own addresses. Choose another slug."


@dataclass(frozen=True)
class SlugRule:
    kind: str
    model: type
    public: str = "all"  # the queryset method naming rows the public may be sent to

    def public_rows(self):
        return getattr(self.model.objects, self.public)()


RULES = [
    SlugRule(SlugKind.INTERVENTION, Intervention, "published"),
    SlugRule(SlugKind.THEME, Theme),
    SlugRule(SlugKind.FORCE, Force),
    SlugRule(SlugKind.ORGANISATION, Organisation, "public"),
    SlugRule(SlugKind.SOURCE, SourceDocument, "public"),
    SlugRule(SlugKind.REPORT, EvaluationReport, "published"),
]
RULE_FOR_MODEL = {rule.model: rule for rule in RULES}
RULE_FOR_KIND = {rule.kind: rule for rule in RULES}

# Named routes whose address holds a slug: which kind, and in which URL parameter.
ROUTES = {
    "catalogue:detail": (SlugKind.INTERVENTION, "slug"),
    "catalogue:theme": (SlugKind.THEME, "slug"),
    "catalogue:force": (SlugKind.FORCE, "slug"),
    "catalogue:organisation": (SlugKind.ORGANISATION, "slug"),
    "api:intervention-detail": (SlugKind.INTERVENTION, "slug"),
    "api:theme-detail": (SlugKind.THEME, "slug"),
    "api:force-detail": (SlugKind.FORCE, "slug"),
    "api:organisation-detail": (SlugKind.ORGANISATION, "slug"),
    "api:source-detail": (SlugKind.SOURCE, "slug"),
    "api:report-detail": (SlugKind.REPORT, "slug"),
    "api:outcome-by-key": (SlugKind.INTERVENTION, "intervention"),
}


def current_address(path):
    """The address ``path`` now has if it names a row by a retired slug, else None.

    Rows the public may not see (drafts, reports of drafts) are never revealed.
    """
    try:
        match = resolve(path)
    except Resolver404:
        return None
    route = ROUTES.get(match.view_name)
    if route is None:
        return None
    kind, parameter = route
    retired = RetiredSlug.objects.of(kind, match.kwargs.get(parameter, "")).first()
    if retired is None:
        return None
    row = RULE_FOR_KIND[kind].public_rows().filter(pk=retired.object_id).only("slug").first()
    if row is None:
        return None
    return reverse(match.view_name, kwargs={**match.kwargs, parameter: row.slug})


def slug_is_retired(kind, slug, excluding_id=None):
    retired = RetiredSlug.objects.of(kind, slug)
    if excluding_id is not None:
        retired = retired.exclude(object_id=excluding_id)
    return retired.exists()


class NotARetiredSlug:
    """Form validation: a slug once used by a row of this kind cannot be given out again.

    It cannot tell which row is being edited, so giving a row back its own old slug is
    refused too; a curator can delete that old address in the admin first.
    """

    def __init__(self, kind):
        self.kind = kind

    def __call__(self, value):
        if value in RESERVED.get(self.kind, ()):
            raise ValidationError(RESERVED_MESSAGE, code="reserved_slug")
        if slug_is_retired(self.kind, value):
            raise ValidationError(REUSE_MESSAGE, code="retired_slug")

    def __eq__(self, other):
        return isinstance(other, NotARetiredSlug) and other.kind == self.kind


def note_slug_change(sender, instance, **kwargs):
    """Before a save: refuse a retired slug; remember the slug being replaced, if any."""
    rule = RULE_FOR_MODEL[sender]
    previous = None
    if instance.pk is not None:
        previous = sender._default_manager.filter(pk=instance.pk).values_list("slug", flat=True)
        previous = previous.first()
    instance._replaced_slug = previous if previous != instance.slug else None
    if previous != instance.slug and instance.slug in RESERVED.get(rule.kind, ()):
        raise ValidationError({"slug": [RESERVED_MESSAGE]})
    if previous != instance.slug and slug_is_retired(rule.kind, instance.slug, instance.pk):
        raise ValidationError({"slug": [REUSE_MESSAGE]})


def retire_replaced_slug(sender, instance, **kwargs):
    rule = RULE_FOR_MODEL[sender]
    replaced = instance.__dict__.pop("_replaced_slug", None)
    if not replaced:
        return
    RetiredSlug.objects.update_or_create(
        kind=rule.kind, slug=replaced, defaults={"object_id": instance.pk}
    )
    # A row given back one of its own old slugs answers at it directly again.
    RetiredSlug.objects.of(rule.kind, instance.slug).filter(object_id=instance.pk).delete()


def reserve_deleted_entry_slug(sender, instance, **kwargs):
    """A deleted entry that was ever published keeps its slug from being reused."""
    if instance.published_at is not None:
        RetiredSlug.objects.get_or_create(
            kind=SlugKind.INTERVENTION, slug=instance.slug, defaults={"object_id": instance.pk}
        )


def connect():
    for rule in RULES:
        uid = f"api.slugs.{rule.kind}"
        pre_save.connect(note_slug_change, sender=rule.model, dispatch_uid=uid)
        post_save.connect(retire_replaced_slug, sender=rule.model, dispatch_uid=uid)
        validators = rule.model._meta.get_field("slug").validators
        validator = NotARetiredSlug(rule.kind)
        if validator not in validators:
            # Appended to the field's runtime list, so forms check it; migrations never see it.
            validators.append(validator)
    post_delete.connect(
        reserve_deleted_entry_slug, sender=Intervention, dispatch_uid="api.slugs.deleted"
    )
