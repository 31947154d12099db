"""Facet keys: every filterable value of an entry in one GIN-indexed array.

On a large catalogue, filtering and counting through six link tables means joining
tens of thousands of link rows per facet. Each entry therefore also carries
``facet_keys``, an array such as
``{theme:3, force:12, region:london, evidence_stage:locally-evaluated, has_report:true,
verdict:not-yet-known, kind:robbery}``,
with a GIN index. A filter becomes an array overlap the index answers directly
(``facet_keys__overlap=["theme:3", "theme:4"]``), and the counts of every option of
every facet come from unnesting the arrays of the matching entries, once per distinct
set of filters (interventions.facets). The link tables stay the truth; this field is
derived from them, like the search vector, and kept current by the signals below and
by ``refresh_facet_keys`` after bulk writes.
"""

import functools
import itertools
import operator
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db.models import (
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from interventions.derived import recompute

SEPARATOR = ":"
# While set, the signals below leave the keys alone (see paused()).
_paused = ContextVar("facet_keys_paused", default=False)
KEYS = ArrayField(TextField())


def key(facet, value):
    return f"{facet}{SEPARATOR}{value}"


def _prefixed(facet, value):
    return Concat(Value(key(facet, "")), Cast(value, TextField()), output_field=TextField())


def _linked_keys(facet, links, value, distinct=False):
    """The keys of the rows of ``links`` that belong to the entry being refreshed."""
    rows = (
        links.objects.filter(intervention_id=OuterRef("pk"))
        .order_by()
        .values_list(_prefixed(facet, F(value)), flat=True)
    )
    return ArraySubquery(rows.distinct() if distinct else rows)


def _array_cat(*arrays):
    combined = arrays[0]
    for array in arrays[1:]:
        combined = Func(combined, array, function="array_cat", output_field=KEYS)
    return combined


def _keys_of_entry():
    """The facet keys of an entry, as an expression; the same names as facets.FACETS."""
    EvaluationReport = apps.get_model("evaluations", "EvaluationReport")
    EvidenceRating = apps.get_model("evaluations", "EvidenceRating")
    OutcomeMetric = apps.get_model("evaluations", "OutcomeMetric")
    from interventions.models import Intervention, SourceCitation, Verdict

    forces = Intervention.forces.through
    # Only reports that evaluate the entry: not its annual or performance reports.
    has_report = Exists(
        EvaluationReport.interventions.through.objects.filter(
            intervention_id=OuterRef("pk"), evaluationreport__is_evaluation=True
        )
    )
    verdict = Coalesce(
        Subquery(EvidenceRating.objects.filter(intervention_id=OuterRef("pk")).values("verdict")),
        Value(Verdict.NOT_YET_KNOWN.value),
        output_field=TextField(),
    )
    own = Func(
        _prefixed("evidence_stage", F("evidence_stage")),
        _prefixed("status", F("status")),
        _prefixed("verdict", verdict),
        Case(
            When(has_report, then=Value(key("has_report", "true"))),
            default=Value(key("has_report", "false")),
        ),
        function="ARRAY",
        template="%(function)s[%(expressions)s]",
        output_field=KEYS,
    )
    return _array_cat(
        _linked_keys("theme", Intervention.themes.through, "theme_id"),
        _linked_keys("force", forces, "force_id"),
        # Two lead forces in one region give the region once.
        _linked_keys("region", forces, "force__region", distinct=True),
        _linked_keys("purpose", Intervention.purposes.through, "purpose_id"),
        _linked_keys("setting", Intervention.delivery_settings.through, "setting_id"),
        _linked_keys("source", SourceCitation, "source_id"),
        # The kinds of outcome its figures measure, each once (the evidence gap map's columns).
        _linked_keys("kind", OutcomeMetric, "measure_kind", distinct=True),
        own,
    )


@contextmanager
def paused():
    """Leave facet keys alone while removing many entries, whose keys go with them.

    Without it, deleting a catalogue's reports and citations would recompute the keys
    of their entries one row at a time.
    """
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def refresh_facet_keys(intervention_ids=None):
    """Recompute the facet keys of the given entries (all when None)."""
    if not _paused.get():
        recompute("facet_keys", _keys_of_entry, intervention_ids)


def having_any(facet, values):
    """A condition: the entry has at least one of ``values`` of ``facet``."""
    return Q(facet_keys__overlap=[key(facet, value) for value in values])


def having_any_of(facet, model, **lookups):
    """Like having_any, for the ids of ``model`` rows matching ``lookups`` (e.g. slugs)."""
    if any(value == [] for value in lookups.values()):
        # No values at all: nothing can match (an empty IN would abandon the whole query).
        return Q(Value(False))
    keys = (
        model.objects.filter(**lookups).order_by().values_list(_prefixed(facet, F("pk")), flat=True)
    )
    return Q(facet_keys__overlap=ArraySubquery(keys))


def having_all_of(facet, model, **lookups):
    """The entry has the keys of every ``model`` row matching ``lookups``, and at least one:
    a lookup that matches no row matches no entry rather than all of them."""
    keys = ArraySubquery(
        model.objects.filter(**lookups).order_by().values_list(_prefixed(facet, F("pk")), flat=True)
    )
    return having_any_of(facet, model, **lookups) & Q(facet_keys__contains=keys)


def overlapping_each(groups):
    """A condition: the entry has at least one key of every group of keys."""
    return Q(*(Q(facet_keys__overlap=list(group)) for group in groups))


def overlapping_some_but_not_each(groups):
    """A condition: the entry has a key of some group of keys, but not of every group."""
    every_key = [key for group in groups for key in group]
    return Q(facet_keys__overlap=every_key) & ~overlapping_each(groups)


def overlapping_each_and_twice_one(groups):
    """A condition: the entry has at least one key of every group of keys, and two or more
    of some group: it shares more keys than one of each group. None when no group has two
    keys.

    One search of the facet keys' index for each pair of keys of a group: the entry has
    both, the key of each other group of one key, and one of each other group of several.
    Searched with the whole groups as overlaps instead, the index read the posting lists
    of every key again for each pair."""
    searches = []
    for number, group in enumerate(groups):
        others = groups[:number] + groups[number + 1 :]
        single = [other[0] for other in others if len(other) == 1]
        for first, second in itertools.combinations(group, 2):
            search = Q(facet_keys__contains=[first, second, *single])
            for other in others:
                if len(other) > 1:
                    search &= Q(facet_keys__overlap=list(other))
            searches.append(search)
    return functools.reduce(operator.or_, searches) if searches else None


def searches_for_twice_one(groups):
    """How many searches of the index overlapping_each_and_twice_one(groups) makes."""
    return sum(len(group) * (len(group) - 1) // 2 for group in groups)


def shared_keys(keys):
    """How many of ``keys`` (all different) the entry has, as an integer expression."""
    counted = [
        Case(
            When(facet_keys__contains=[key], then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        for key in keys
    ]
    total = counted[0]
    for one in counted[1:]:
        total = total + one
    return total


# --- keeping the keys current ------------------------------------------------------------


def _remember_previous_entry(sender, instance, raw, **kwargs):
    """A figure moved to another entry leaves its kind behind: both entries are refreshed."""
    if instance.pk is not None and not instance._state.adding and not _paused.get():
        instance._facet_previous_entry = (
            sender.objects.filter(pk=instance.pk).values_list("intervention_id", flat=True).first()
        )


def _for_figure(sender, instance, **kwargs):
    previous = getattr(instance, "_facet_previous_entry", None)
    refresh_facet_keys({instance.intervention_id, previous} - {None})


def _for_entry(sender, instance, **kwargs):
    refresh_facet_keys([instance.pk])


def _for_link_row(sender, instance, **kwargs):
    refresh_facet_keys([instance.intervention_id])


def _for_links(sender, instance, action, pk_set, reverse, model, **kwargs):
    from interventions.models import Intervention

    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Intervention):
        refresh_facet_keys([instance.pk])
    elif model is Intervention and pk_set:
        refresh_facet_keys(pk_set)
    elif action == "post_clear":
        # A report's or theme's links cleared from its side: pk_set is not given.
        refresh_facet_keys(getattr(instance, "_facet_entries", None))


def _before_clear(sender, instance, action, reverse, model, **kwargs):
    from interventions.models import Intervention

    if action == "pre_clear" and model is Intervention:
        instance._facet_entries = list(
            sender.objects.filter(**{f"{sender_field(sender, instance)}": instance.pk}).values_list(
                "intervention_id", flat=True
            )
        )


def sender_field(through, instance):
    for field in through._meta.get_fields():
        if getattr(field, "related_model", None) is type(instance):
            return field.attname
    raise LookupError(f"{through} has no link to {type(instance)}")


def _remember_linked_entries(sender, instance, **kwargs):
    """Deleting a report or lookup row drops its link rows without any m2m signal."""
    if not _paused.get():
        instance._facet_entries = list(instance.interventions.values_list("pk", flat=True))


def _refresh_remembered(sender, instance, **kwargs):
    refresh_facet_keys(getattr(instance, "_facet_entries", None) or [])


def _for_report(sender, instance, created, **kwargs):
    if not created:
        # Its type may have changed, and with it whether it counts as an evaluation.
        refresh_facet_keys(instance.interventions.values_list("pk", flat=True))


def _for_force(sender, instance, created, **kwargs):
    if not created:
        # Its region may have changed.
        refresh_facet_keys(instance.interventions.values_list("pk", flat=True))


def connect_signals():
    EvaluationReport = apps.get_model("evaluations", "EvaluationReport")
    from interventions.models import Force, Intervention, Purpose, Setting, SourceCitation, Theme

    post_save.connect(_for_entry, sender=Intervention, dispatch_uid="facets-entry")
    for through in (
        Intervention.themes.through,
        Intervention.forces.through,
        Intervention.purposes.through,
        Intervention.delivery_settings.through,
        EvaluationReport.interventions.through,
        # sources.set() (the spreadsheet import) bulk-creates citations: no post_save.
        Intervention.sources.through,
    ):
        m2m_changed.connect(_before_clear, sender=through, dispatch_uid=f"facets-pre-{through}")
        m2m_changed.connect(_for_links, sender=through, dispatch_uid=f"facets-{through}")
    for signal, uid in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(_for_link_row, sender=SourceCitation, dispatch_uid=f"facets-source-{uid}")
    for model in (EvaluationReport, Theme, Force, Purpose, Setting):
        pre_delete.connect(_remember_linked_entries, sender=model, dispatch_uid=f"facets-{model}")
        post_delete.connect(_refresh_remembered, sender=model, dispatch_uid=f"facets-x-{model}")
    post_save.connect(_for_force, sender=Force, dispatch_uid="facets-force")
    post_save.connect(_for_report, sender=EvaluationReport, dispatch_uid="facets-report")
    EvidenceRating = apps.get_model("evaluations", "EvidenceRating")
    for signal, uid in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(_for_link_row, sender=EvidenceRating, dispatch_uid=f"facets-rating-{uid}")
    OutcomeMetric = apps.get_model("evaluations", "OutcomeMetric")
    pre_save.connect(_remember_previous_entry, sender=OutcomeMetric, dispatch_uid="facets-figure")
    for signal, uid in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(_for_figure, sender=OutcomeMetric, dispatch_uid=f"facets-figure-{uid}")
