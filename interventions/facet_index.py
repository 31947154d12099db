"""Facet keys: every filterable value of an entry in one GIN-indexed array (PostgreSQL).

On a large catalogue, filtering and counting through six link tables means joining
tens of thousands of link rows per facet. On PostgreSQL each entry therefore also
carries ``facet_keys``, a ``text[]`` such as
``{theme:3, force:12, region:london, evidence_stage:locally-evaluated, has_report:true}``,
with a GIN index. A filter becomes an array overlap the index answers directly
(``facet_keys && '{theme:3,theme:4}'``), and the counts of every option of every
facet come from unnesting the arrays of the matching entries, once per distinct set
of filters. The link tables stay the truth; this column is derived from them, like
the search vector, and kept current by the signals below and by
``refresh_facet_keys`` after bulk writes.

The column exists only on PostgreSQL (migration 0005): it is not a model field, so
the ORM never loads it. On SQLite filters and counts run on the link tables, which
is quick at the size of a development catalogue.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, IntegerField
from django.db.models.expressions import RawSQL
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from interventions.search import is_postgresql

COLUMN = "facet_keys"
SEPARATOR = ":"
# While set, the signals below leave the keys alone (see paused()).
_paused = ContextVar("facet_keys_paused", default=False)


def key(facet, value):
    return f"{facet}{SEPARATOR}{value}"


def _keys_sql():
    """The facet keys of ``entry``, as a SQL expression; the same names as facets.FACETS."""
    from evaluations.models import EvaluationReport
    from interventions.models import Force, Intervention, SourceCitation

    themes = Intervention.themes.through._meta.db_table
    forces = Intervention.forces.through._meta.db_table
    purposes = Intervention.purposes.through._meta.db_table
    settings = Intervention.delivery_settings.through._meta.db_table
    reports = EvaluationReport.interventions.through._meta.db_table
    return f"""ARRAY(
        SELECT 'theme:' || theme_id FROM {themes} WHERE intervention_id = entry.id
        UNION ALL SELECT 'force:' || force_id FROM {forces} WHERE intervention_id = entry.id
        UNION SELECT 'region:' || force.region FROM {forces} AS link
            JOIN {Force._meta.db_table} AS force ON force.id = link.force_id
            WHERE link.intervention_id = entry.id
        UNION ALL SELECT 'purpose:' || purpose_id FROM {purposes} WHERE intervention_id = entry.id
        UNION ALL SELECT 'setting:' || setting_id FROM {settings} WHERE intervention_id = entry.id
        UNION SELECT 'source:' || source_id FROM {SourceCitation._meta.db_table}
            WHERE intervention_id = entry.id
        UNION ALL SELECT 'evidence_stage:' || entry.evidence_stage
        UNION ALL SELECT 'status:' || entry.status
        UNION ALL SELECT CASE WHEN EXISTS (
            SELECT 1 FROM {reports} WHERE intervention_id = entry.id
        ) THEN 'has_report:true' ELSE 'has_report:false' END
    )"""


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
    """Recompute the facet keys of the given entries (all when None). PostgreSQL only."""
    if not is_postgresql() or _paused.get():
        return
    from interventions.models import Intervention

    sql = f"UPDATE {Intervention._meta.db_table} AS entry SET {COLUMN} = {_keys_sql()}"
    with connection.cursor() as cursor:
        if intervention_ids is None:
            cursor.execute(sql)
        else:
            ids = list(intervention_ids)
            if ids:
                cursor.execute(sql + " WHERE entry.id = ANY(%s)", [ids])


def having_any(facet, values):
    """A condition: the entry has at least one of ``values`` of ``facet``."""
    return RawSQL(
        f"{COLUMN} && %s::text[]",
        [[key(facet, value) for value in values]],
        output_field=BooleanField(),
    )


def having_any_of(facet, model, **lookups):
    """Like having_any, for the ids of ``model`` rows matching ``lookups`` (e.g. slugs)."""
    try:
        subquery, params = model.objects.filter(**lookups).values("pk").query.sql_with_params()
    except EmptyResultSet:  # e.g. no slugs at all: nothing can match
        return RawSQL("FALSE", [], output_field=BooleanField())
    return RawSQL(
        f"{COLUMN} && ARRAY(SELECT %s || ids.id FROM ({subquery}) AS ids(id))",
        [key(facet, ""), *params],
        output_field=BooleanField(),
    )


def overlapping_each(groups):
    """A condition: the entry has at least one key of every group of keys."""
    return RawSQL(
        " AND ".join(f"{COLUMN} && %s::text[]" for _ in groups),
        [list(group) for group in groups],
        output_field=BooleanField(),
    )


def overlapping_some_but_not_each(groups):
    """A condition: the entry has a key of some group of keys, but not of every group."""
    return RawSQL(
        f"{COLUMN} && %s::text[] AND NOT ("
        + " AND ".join(f"{COLUMN} && %s::text[]" for _ in groups)
        + ")",
        [[key for group in groups for key in group], *(list(group) for group in groups)],
        output_field=BooleanField(),
    )


def shared_keys(keys):
    """How many of ``keys`` the entry has, as an integer expression."""
    return RawSQL(
        f"cardinality(ARRAY(SELECT unnest({COLUMN}) INTERSECT SELECT unnest(%s::text[])))",
        [list(keys)],
        output_field=IntegerField(),
    )


# --- keeping the keys current ------------------------------------------------------------


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

    if action == "pre_clear" and model is Intervention and is_postgresql():
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
    if is_postgresql() and not _paused.get():
        instance._facet_entries = list(instance.interventions.values_list("pk", flat=True))


def _refresh_remembered(sender, instance, **kwargs):
    refresh_facet_keys(getattr(instance, "_facet_entries", None) or [])


def _for_force(sender, instance, created, **kwargs):
    if not created and is_postgresql():
        # Its region may have changed.
        refresh_facet_keys(instance.interventions.values_list("pk", flat=True))


def connect_signals():
    from evaluations.models import EvaluationReport
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
