from django.db import migrations, models

# Each statement that writes entries adds the facet keys of the published rows it leaves
# and subtracts those of the published rows it replaced, as one grouped upsert in key
# order (so two concurrent saves lock the counters in the same order and never
# deadlock). Statement-level triggers with transition tables: a bulk refresh of 100,000
# entries is one aggregate, not 100,000 trigger calls. The key '' counts the entries.
# Raw SQL because the ORM has no triggers.
ADDED = """
    SELECT unnest(array_append(COALESCE(facet_keys, '{}'), '')) AS key, 1 AS change
    FROM changed_new WHERE publication_state = 'published'
"""
REMOVED = """
    SELECT unnest(array_append(COALESCE(facet_keys, '{}'), '')) AS key, -1 AS change
    FROM changed_old WHERE publication_state = 'published'
"""


def upsert(changes):
    return f"""
        INSERT INTO interventions_publishedkeycount AS counted (key, entries)
        SELECT key, SUM(change) FROM ({changes}) AS changes
        GROUP BY key HAVING SUM(change) <> 0 ORDER BY key
        ON CONFLICT (key) DO UPDATE SET entries = counted.entries + EXCLUDED.entries;
    """


# A transition table exists only for the events that have it, and PL/pgSQL plans each
# statement when first run: each branch reads only the tables its event has.
COUNT_FUNCTION = f"""
CREATE FUNCTION interventions_count_published_keys() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {upsert(ADDED)}
    ELSIF TG_OP = 'UPDATE' THEN
        {upsert(ADDED + " UNION ALL " + REMOVED)}
    ELSIF TG_OP = 'DELETE' THEN
        {upsert(REMOVED)}
    ELSE
        DELETE FROM interventions_publishedkeycount;
    END IF;
    RETURN NULL;
END
$$;
"""

TRIGGERS = """
CREATE TRIGGER published_key_counts_insert AFTER INSERT ON interventions_intervention
    REFERENCING NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION interventions_count_published_keys();
CREATE TRIGGER published_key_counts_update AFTER UPDATE ON interventions_intervention
    REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION interventions_count_published_keys();
CREATE TRIGGER published_key_counts_delete AFTER DELETE ON interventions_intervention
    REFERENCING OLD TABLE AS changed_old
    FOR EACH STATEMENT EXECUTE FUNCTION interventions_count_published_keys();
CREATE TRIGGER published_key_counts_truncate AFTER TRUNCATE ON interventions_intervention
    FOR EACH STATEMENT EXECUTE FUNCTION interventions_count_published_keys();
"""

DROP = """
DROP TRIGGER IF EXISTS published_key_counts_insert ON interventions_intervention;
DROP TRIGGER IF EXISTS published_key_counts_update ON interventions_intervention;
DROP TRIGGER IF EXISTS published_key_counts_delete ON interventions_intervention;
DROP TRIGGER IF EXISTS published_key_counts_truncate ON interventions_intervention;
DROP FUNCTION IF EXISTS interventions_count_published_keys();
"""

# The counts of the catalogue as it stands, once; from then on the triggers keep them.
FIRST_COUNT = upsert(ADDED.replace("changed_new", "interventions_intervention"))


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0013_age_groups"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublishedKeyCount",
            fields=[
                ("key", models.TextField(primary_key=True, serialize=False)),
                ("entries", models.IntegerField(default=0)),
            ],
            options={
                "ordering": ["key"],
            },
        ),
        migrations.RunSQL(
            sql=COUNT_FUNCTION + TRIGGERS + FIRST_COUNT,
            reverse_sql=DROP,
        ),
    ]
