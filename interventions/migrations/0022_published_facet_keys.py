"""The published entries' facet keys in a narrow table of their own, kept by triggers.

A filtered list counts every facet's options over the entries its filters leave
(interventions.facets). Read from the entries' own rows, about 3 kB each, that meant
reading a page or more per matching entry; interventions_publishedfacetkeys holds only
each published entry's id and keys (dozens of entries to a page), and every facet's
keys in a column of their own, so that a set counted for one facet unnests only its keys.

Each statement that writes entries writes the rows of the entries it changed, as the
counts of migration 0014 are kept: statement-level triggers with transition tables, so a
bulk refresh of 100,000 entries is one statement here, not 100,000. Every writer of kept
counts first takes the same transaction-wide advisory lock (evaluations 0005), so
writers take turns. Raw SQL because the ORM has no triggers or SQL functions.
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models

TABLE = "interventions_publishedfacetkeys"

# A facet's keys among an entry's keys, in their order: the generated columns' expression.
KEYS_OF_FUNCTION = """
CREATE FUNCTION interventions_keys_of(keys text[], prefix text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY(SELECT k FROM unnest(keys) WITH ORDINALITY AS each(k, n)
                 WHERE starts_with(k, prefix) ORDER BY n)
$$;
"""


# The rows an entry leaves: its id and keys when published, none otherwise. Only rows
# whose keys, state or id moved are written again (most updates, a summary edited or the
# search vector refreshed, leave them alone); in id order, so that two writers never
# lock the same rows in opposite orders.
def write_new(moved=""):
    return f"""
    INSERT INTO {TABLE} (id, facet_keys)
    SELECT latest.id, COALESCE(latest.facet_keys, '{{}}') FROM changed_new AS latest
    WHERE latest.publication_state = 'published' {moved}
    ORDER BY latest.id
    ON CONFLICT (id) DO UPDATE SET facet_keys = EXCLUDED.facet_keys
    WHERE {TABLE}.facet_keys IS DISTINCT FROM EXCLUDED.facet_keys;
"""


MOVED = """
    AND NOT EXISTS (
        SELECT FROM changed_old AS prior WHERE prior.id = latest.id
            AND prior.publication_state = latest.publication_state
            AND prior.facet_keys IS NOT DISTINCT FROM latest.facet_keys
    )
"""
# Rows of entries no longer published (or deleted, or given another id).
REMOVE_OLD = f"""
    DELETE FROM {TABLE} WHERE id IN (
        SELECT prior.id FROM changed_old AS prior
        WHERE NOT EXISTS (
            SELECT FROM changed_new AS latest
            WHERE latest.id = prior.id AND latest.publication_state = 'published'
        )
    );
"""
REMOVE_DELETED = f"DELETE FROM {TABLE} WHERE id IN (SELECT id FROM changed_old);"

# A transition table exists only for the events that have it, and PL/pgSQL plans each
# statement when first run: each branch reads only the tables its event has.
KEEP_FUNCTION = f"""
CREATE FUNCTION interventions_keep_published_facet_keys() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('kept counts'));
    IF TG_OP = 'INSERT' THEN
        {write_new()}
    ELSIF TG_OP = 'UPDATE' THEN
        {REMOVE_OLD}
        {write_new(MOVED)}
    ELSIF TG_OP = 'DELETE' THEN
        {REMOVE_DELETED}
    ELSE
        DELETE FROM {TABLE};
    END IF;
    RETURN NULL;
END
$$;
"""

TRIGGERS = """
CREATE TRIGGER published_facet_keys_insert AFTER INSERT ON interventions_intervention
    REFERENCING NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION interventions_keep_published_facet_keys();
CREATE TRIGGER published_facet_keys_update AFTER UPDATE ON interventions_intervention
    REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION interventions_keep_published_facet_keys();
CREATE TRIGGER published_facet_keys_delete AFTER DELETE ON interventions_intervention
    REFERENCING OLD TABLE AS changed_old
    FOR EACH STATEMENT EXECUTE FUNCTION interventions_keep_published_facet_keys();
CREATE TRIGGER published_facet_keys_truncate AFTER TRUNCATE ON interventions_intervention
    FOR EACH STATEMENT EXECUTE FUNCTION interventions_keep_published_facet_keys();
"""

DROP = """
DROP TRIGGER IF EXISTS published_facet_keys_insert ON interventions_intervention;
DROP TRIGGER IF EXISTS published_facet_keys_update ON interventions_intervention;
DROP TRIGGER IF EXISTS published_facet_keys_delete ON interventions_intervention;
DROP TRIGGER IF EXISTS published_facet_keys_truncate ON interventions_intervention;
DROP FUNCTION IF EXISTS interventions_keep_published_facet_keys();
"""

# The catalogue's published entries as they stand, once; from then on the triggers keep
# them. In id order, as the entries are.
FIRST_FILL = f"""
INSERT INTO {TABLE} (id, facet_keys)
SELECT id, COALESCE(facet_keys, '{{}}') FROM interventions_intervention
WHERE publication_state = 'published' ORDER BY id;
ANALYZE {TABLE};
"""


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0021_published_words"),
    ]

    operations = [
        # The generated columns call it: it exists before the table.
        migrations.RunSQL(
            sql=KEYS_OF_FUNCTION,
            reverse_sql="DROP FUNCTION IF EXISTS interventions_keys_of(text[], text);",
        ),
        migrations.CreateModel(
            name="PublishedFacetKeys",
            fields=[
                ("id", models.IntegerField(primary_key=True, serialize=False)),
                (
                    "facet_keys",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.TextField(), size=None
                    ),
                ),
                (
                    "theme_keys",
                    models.GeneratedField(
                        db_persist=True,
                        expression=models.Func(
                            models.F("facet_keys"),
                            models.Value("theme:"),
                            function="interventions_keys_of",
                            output_field=django.contrib.postgres.fields.ArrayField(
                                base_field=models.TextField(), size=None
                            ),
                        ),
                        output_field=django.contrib.postgres.fields.ArrayField(
                            base_field=models.TextField(), size=None
                        ),
                    ),
                ),
                (
                    "force_keys",
                    models.GeneratedField(
                        db_persist=True,
                        expression=models.Func(
                            models.F("facet_keys"),
                            models.Value("force:"),
                            function="interventions_keys_of",
                            output_field=django.contrib.postgres.fields.ArrayField(
                                base_field=models.TextField(), size=None
                            ),
                        ),
                        output_field=django.contrib.postgres.fields.ArrayField(
                            base_field=models.TextField(), size=None
                        ),
                    ),
                ),
                (
                    "region_keys",
                    models.GeneratedField(
                        db_persist=True,
                        expression=models.Func(
                            models.F("facet_keys"),
                            models.Value("region:"),
                            function="interventions_keys_of",
                            output_field=django.contrib.postgres.fields.ArrayField(
                                base_field=models.TextField(), size=None
                            ),
                        ),
                        output_field=django.contrib.postgres.fields.ArrayField(
                            base_field=models.TextField(), size=None
                        ),
                    ),
                ),
                (
                    "purpose_keys",
                    models.GeneratedField(
                        db_persist=True,
                        expression=models.Func(
                            models.F("facet_keys"),
                            models.Value("purpose:"),
                            function="interventions_keys_of",
                            output_field=django.contrib.postgres.fields.ArrayField(
                                base_field=models.TextField(), size=None
                            ),
                        ),
                        output_field=django.contrib.postgres.fields.ArrayField(
                            base_field=models.TextField(), size=None
                        ),
                    ),
                ),
                (
                    "evidence_stage_keys",
                    models.GeneratedField(
                        db_persist=True,
                        expression=models.Func(
                            models.F("facet_keys"),
                            models.Value("evidence_stage:"),
                            function="interventions_keys_of",
                            output_field=django.contrib.postgres.fields.ArrayField(
                                base_field=models.TextField(), size=None
                            ),
                        ),
                        output_field=django.contrib.postgres.fields.ArrayField(
                            base_field=models.TextField(), size=None
                        ),
                    ),
                ),
                (
                    "verdict_keys",
                    models.GeneratedField(
                        db_persist=True,
                        expression=models.Func(
                            models.F("facet_keys"),
                            models.Value("verdict:"),
                            function="interventions_keys_of",
                            output_field=django.contrib.postgres.fields.ArrayField(
                                base_field=models.TextField(), size=None
                            ),
                        ),
                        output_field=django.contrib.postgres.fields.ArrayField(
                            base_field=models.TextField(), size=None
                        ),
                    ),
                ),
                (
                    "status_keys",
                    models.GeneratedField(
                        db_persist=True,
                        expression=models.Func(
                            models.F("facet_keys"),
                            models.Value("status:"),
                            function="interventions_keys_of",
                            output_field=django.contrib.postgres.fields.ArrayField(
                                base_field=models.TextField(), size=None
                            ),
                        ),
                        output_field=django.contrib.postgres.fields.ArrayField(
                            base_field=models.TextField(), size=None
                        ),
                    ),
                ),
                (
                    "setting_keys",
                    models.GeneratedField(
                        db_persist=True,
                        expression=models.Func(
                            models.F("facet_keys"),
                            models.Value("setting:"),
                            function="interventions_keys_of",
                            output_field=django.contrib.postgres.fields.ArrayField(
                                base_field=models.TextField(), size=None
                            ),
                        ),
                        output_field=django.contrib.postgres.fields.ArrayField(
                            base_field=models.TextField(), size=None
                        ),
                    ),
                ),
                (
                    "has_report_keys",
                    models.GeneratedField(
                        db_persist=True,
                        expression=models.Func(
                            models.F("facet_keys"),
                            models.Value("has_report:"),
                            function="interventions_keys_of",
                            output_field=django.contrib.postgres.fields.ArrayField(
                                base_field=models.TextField(), size=None
                            ),
                        ),
                        output_field=django.contrib.postgres.fields.ArrayField(
                            base_field=models.TextField(), size=None
                        ),
                    ),
                ),
                (
                    "source_keys",
                    models.GeneratedField(
                        db_persist=True,
                        expression=models.Func(
                            models.F("facet_keys"),
                            models.Value("source:"),
                            function="interventions_keys_of",
                            output_field=django.contrib.postgres.fields.ArrayField(
                                base_field=models.TextField(), size=None
                            ),
                        ),
                        output_field=django.contrib.postgres.fields.ArrayField(
                            base_field=models.TextField(), size=None
                        ),
                    ),
                ),
            ],
            options={
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["facet_keys"], name="published_facet_keys"
                    )
                ],
            },
        ),
        migrations.RunSQL(sql=KEEP_FUNCTION + TRIGGERS + FIRST_FILL, reverse_sql=DROP),
    ]
