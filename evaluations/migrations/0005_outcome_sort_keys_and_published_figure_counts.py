from django.db import migrations, models

# The figures' copies of their entry's name and publication and of their source's title
# (OutcomeMetric.entry_name, entry_published, source_title). A figure takes them from
# its entry and source whenever it is written, whatever its own save sends; an entry or
# a source passes a change on to its figures in the same statement's transaction. An
# entry inserted after its figures (the foreign key is deferred, as when loading a
# fixture) passes them on when it arrives.
#
# A figure written or deleted locks its entry's row first (FOR NO KEY UPDATE, which
# two writers of one entry's figures take in turn, unlike a shared lock they would both
# hold and then wait on): an entry unpublished in another transaction at the same
# moment then either finishes first, and the figure copies its new state, or waits, and
# passes its new state on to the figure once it is committed. Without the lock each
# would miss the other, and a draft's figure would stay public.
COPY_TO_FIGURE = """
CREATE FUNCTION evaluations_outcome_copy_sort_keys() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM 1 FROM interventions_intervention AS entry
            WHERE entry.id = OLD.intervention_id FOR NO KEY UPDATE;
        RETURN OLD;
    END IF;
    SELECT entry.name, entry.publication_state = 'published'
        INTO NEW.entry_name, NEW.entry_published
        FROM interventions_intervention AS entry WHERE entry.id = NEW.intervention_id
        FOR NO KEY UPDATE;
    SELECT source.title INTO NEW.source_title
        FROM interventions_sourcedocument AS source WHERE source.id = NEW.source_id;
    NEW.entry_name := COALESCE(NEW.entry_name, '');
    NEW.entry_published := COALESCE(NEW.entry_published, false);
    NEW.source_title := COALESCE(NEW.source_title, '');
    RETURN NEW;
END
$$;
CREATE TRIGGER outcome_sort_keys BEFORE INSERT OR UPDATE OR DELETE ON evaluations_outcomemetric
    FOR EACH ROW EXECUTE FUNCTION evaluations_outcome_copy_sort_keys();

CREATE FUNCTION evaluations_outcome_entry_sort_keys() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE evaluations_outcomemetric AS figure
            SET entry_name = entry.name, entry_published = entry.publication_state = 'published'
            FROM changed_new AS entry
            WHERE figure.intervention_id = entry.id;
    ELSE
        -- Only the entries whose name or publication changed: a bulk refresh of every
        -- entry's derived columns touches no figure.
        UPDATE evaluations_outcomemetric AS figure
            SET entry_name = entry.name, entry_published = entry.publication_state = 'published'
            FROM changed_new AS entry
            WHERE figure.intervention_id = entry.id
                AND NOT EXISTS (
                    SELECT FROM changed_old AS earlier
                    WHERE earlier.id = entry.id AND earlier.name = entry.name
                        AND earlier.publication_state = entry.publication_state
                );
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER outcome_entry_sort_keys_insert AFTER INSERT ON interventions_intervention
    REFERENCING NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION evaluations_outcome_entry_sort_keys();
CREATE TRIGGER outcome_entry_sort_keys_update AFTER UPDATE ON interventions_intervention
    REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION evaluations_outcome_entry_sort_keys();

CREATE FUNCTION evaluations_outcome_source_sort_keys() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE evaluations_outcomemetric AS figure
        SET source_title = source.title
        FROM changed_new AS source
        WHERE figure.source_id = source.id AND figure.source_title IS DISTINCT FROM source.title;
    RETURN NULL;
END
$$;
CREATE TRIGGER outcome_source_sort_keys_update AFTER UPDATE ON interventions_sourcedocument
    REFERENCING NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION evaluations_outcome_source_sort_keys();
"""

# The figures as they stand, once; from then on the triggers keep the copies.
FIRST_COPY = """
UPDATE evaluations_outcomemetric AS figure
    SET entry_name = entry.name,
        entry_published = entry.publication_state = 'published',
        source_title = source.title
    FROM interventions_intervention AS entry, interventions_sourcedocument AS source
    WHERE figure.intervention_id = entry.id AND figure.source_id = source.id;
-- The deferred foreign-key checks the update queued, run now: PostgreSQL builds no
-- index on a table with checks pending.
SET CONSTRAINTS ALL IMMEDIATE;
"""

DROP_COPIES = """
DROP TRIGGER IF EXISTS outcome_sort_keys ON evaluations_outcomemetric;
DROP TRIGGER IF EXISTS outcome_entry_sort_keys_insert ON interventions_intervention;
DROP TRIGGER IF EXISTS outcome_entry_sort_keys_update ON interventions_intervention;
DROP TRIGGER IF EXISTS outcome_source_sort_keys_update ON interventions_sourcedocument;
DROP FUNCTION IF EXISTS evaluations_outcome_copy_sort_keys();
DROP FUNCTION IF EXISTS evaluations_outcome_entry_sort_keys();
DROP FUNCTION IF EXISTS evaluations_outcome_source_sort_keys();
"""

# The keys a published figure is counted under (evaluations.PublishedFigureCount): every
# figure (''), its own kind, scope, direction and source, and those of its entry's
# facet keys the outcomes explorer filters by.
FIGURE_KEYS = """
CREATE FUNCTION evaluations_figure_keys(
    measure_kind text, scope text, direction text, source_id bigint, facet_keys text[]
) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY[
        '',
        'kind:' || measure_kind,
        'scope:' || scope,
        'direction:' || COALESCE(NULLIF(direction, ''), 'none'),
        'figure_source:' || source_id
    ] || ARRAY(
        SELECT entry_key FROM unnest(facet_keys) AS entry_key
        WHERE split_part(entry_key, ':', 1) IN ('theme', 'force', 'evidence_stage', 'verdict')
    )
$$;
"""


def counted(figures, entries, change):
    keys = (
        "evaluations_figure_keys(figure.measure_kind, figure.scope, figure.direction, "
        "figure.source_id, entry.facet_keys)"
    )
    return f"""
        SELECT unnest({keys}) AS key, {change} AS change
        FROM {figures} AS figure
        JOIN {entries} AS entry ON entry.id = figure.intervention_id
        WHERE entry.publication_state = 'published'
    """


def changed_entries(these, others):
    """The rows of ``these`` with no row of ``others`` alike in what the counts read: an
    entry updated with its publication and facet keys unchanged would add and subtract
    the same counts, so a bulk refresh of every entry reads none of their figures."""
    return f"""(
        SELECT * FROM {these} AS entry WHERE NOT EXISTS (
            SELECT FROM {others} AS other
            WHERE other.id = entry.id AND other.publication_state = entry.publication_state
                AND other.facet_keys IS NOT DISTINCT FROM entry.facet_keys
        )
    )"""


def upsert(changes):
    return f"""
        INSERT INTO evaluations_publishedfigurecount AS counted (key, figures)
        SELECT key, SUM(change) FROM ({changes}) AS changes
        GROUP BY key HAVING SUM(change) <> 0 ORDER BY key
        ON CONFLICT (key) DO UPDATE SET figures = counted.figures + EXCLUDED.figures;
    """


FIGURES = "evaluations_outcomemetric"
ENTRIES = "interventions_intervention"
# Counted afresh, as when first counted: after a TRUNCATE of either table.
RECOUNT = "DELETE FROM evaluations_publishedfigurecount;" + upsert(counted(FIGURES, ENTRIES, 1))


# Each statement that writes figures, or entries, adds the keys of the published figures
# it leaves and subtracts those it replaced, reading the other table as it stands, as one
# grouped upsert in key order (two concurrent saves lock the counters in the same order).
# Statement-level triggers with transition tables, as interventions 0014: a bulk write is
# one aggregate. A figure's entry deleted with it is deleted after it (Django deletes the
# figures first), so each figure is subtracted once.
#
# Every writer of kept counts (these, and the evidence gap map's, evidence 0003) first
# takes one transaction-wide advisory lock, so that writers take turns: a figure's save
# locks these counters and then, refreshing its entry's facet keys, the gap map's, while
# an entry published at the same moment locks them the other way round, and the two
# would deadlock. Curators' saves are few; each waits a moment at most.
def count_function(name, added, removed, updated=None):
    return f"""
CREATE FUNCTION {name}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('kept counts'));
    IF TG_OP = 'INSERT' THEN
        {upsert(added)}
    ELSIF TG_OP = 'UPDATE' THEN
        {upsert(updated or added + " UNION ALL " + removed)}
    ELSIF TG_OP = 'DELETE' THEN
        {upsert(removed)}
    ELSE
        {RECOUNT}
    END IF;
    RETURN NULL;
END
$$;
"""


def count_triggers(table, function):
    return f"""
CREATE TRIGGER published_figure_counts_insert AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER published_figure_counts_update AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER published_figure_counts_delete AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS changed_old
    FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER published_figure_counts_truncate AFTER TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION {function}();
"""


COUNTS = (
    FIGURE_KEYS
    + count_function(
        "evaluations_count_figures_of_figures",
        counted("changed_new", ENTRIES, 1),
        counted("changed_old", ENTRIES, -1),
    )
    + count_function(
        "evaluations_count_figures_of_entries",
        counted(FIGURES, "changed_new", 1),
        counted(FIGURES, "changed_old", -1),
        counted(FIGURES, changed_entries("changed_new", "changed_old"), 1)
        + " UNION ALL "
        + counted(FIGURES, changed_entries("changed_old", "changed_new"), -1),
    )
    + count_triggers(FIGURES, "evaluations_count_figures_of_figures")
    + count_triggers(ENTRIES, "evaluations_count_figures_of_entries")
    + RECOUNT
)

DROP_COUNTS = (
    "".join(
        f"""
DROP TRIGGER IF EXISTS published_figure_counts_{event} ON {table};"""
        for table in (FIGURES, ENTRIES)
        for event in ("insert", "update", "delete", "truncate")
    )
    + """
DROP FUNCTION IF EXISTS evaluations_count_figures_of_figures();
DROP FUNCTION IF EXISTS evaluations_count_figures_of_entries();
DROP FUNCTION IF EXISTS evaluations_figure_keys(text, text, text, bigint, text[]);
"""
)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0004_publicchange"),
        ("interventions", "0018_name_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublishedFigureCount",
            fields=[
                ("key", models.TextField(primary_key=True, serialize=False)),
                ("figures", models.IntegerField(default=0)),
            ],
            options={
                "ordering": ["key"],
            },
        ),
        migrations.AddField(
            model_name="outcomemetric",
            name="entry_name",
            field=models.CharField(default="", editable=False, max_length=200),
        ),
        migrations.AddField(
            model_name="outcomemetric",
            name="entry_published",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="outcomemetric",
            name="kind_rank",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Case(
                    models.When(measure_kind="violent-crime", then=models.Value(0)),
                    models.When(measure_kind="knife-crime", then=models.Value(1)),
                    models.When(measure_kind="homicide", then=models.Value(2)),
                    models.When(measure_kind="robbery", then=models.Value(3)),
                    models.When(measure_kind="hospital", then=models.Value(4)),
                    models.When(measure_kind="ambulance", then=models.Value(5)),
                    models.When(measure_kind="reoffending", then=models.Value(6)),
                    models.When(measure_kind="victimisation", then=models.Value(7)),
                    models.When(measure_kind="arrests-and-charges", then=models.Value(8)),
                    models.When(measure_kind="referrals", then=models.Value(9)),
                    models.When(measure_kind="engagement", then=models.Value(10)),
                    models.When(measure_kind="wellbeing", then=models.Value(11)),
                    models.When(measure_kind="training", then=models.Value(12)),
                    models.When(measure_kind="cost", then=models.Value(13)),
                    models.When(measure_kind="funding", then=models.Value(14)),
                    models.When(measure_kind="other", then=models.Value(15)),
                    output_field=models.IntegerField(),
                ),
                output_field=models.IntegerField(),
            ),
        ),
        migrations.AddField(
            model_name="outcomemetric",
            name="source_title",
            field=models.CharField(default="", editable=False, max_length=300),
        ),
        migrations.RunSQL(sql=COPY_TO_FIGURE + FIRST_COPY, reverse_sql=DROP_COPIES),
        migrations.RunSQL(sql=COUNTS, reverse_sql=DROP_COUNTS),
        migrations.AddIndex(
            model_name="outcomemetric",
            index=models.Index(
                condition=models.Q(("entry_published", True)),
                fields=["entry_name", "position", "key"],
                name="outcome_sorted_by_entry",
            ),
        ),
        migrations.AddIndex(
            model_name="outcomemetric",
            index=models.Index(
                condition=models.Q(("entry_published", True)),
                fields=["measure", "entry_name", "key"],
                name="outcome_sorted_by_measure",
            ),
        ),
        migrations.AddIndex(
            model_name="outcomemetric",
            index=models.Index(
                condition=models.Q(("entry_published", True)),
                fields=["kind_rank", "entry_name", "position", "key"],
                name="outcome_sorted_by_kind",
            ),
        ),
        migrations.AddIndex(
            model_name="outcomemetric",
            index=models.Index(
                condition=models.Q(("entry_published", True)),
                fields=["unit", "-value", "entry_name", "key"],
                name="outcome_sorted_by_largest",
            ),
        ),
        migrations.AddIndex(
            model_name="outcomemetric",
            index=models.Index(
                condition=models.Q(("entry_published", True)),
                fields=["source_title", "entry_name", "position", "key"],
                name="outcome_sorted_by_source",
            ),
        ),
    ]
