"""portal_bounded_count(query, cap): a list's row count in one statement — exact up to `cap`, above it the
planner's estimate (core.tables.EstimatingPaginator). One query whatever the list's size, so a page of
the largest society costs as many queries as one of the smallest. PostgreSQL only; nothing on SQLite."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION portal_bounded_count(query text, cap integer)
RETURNS TABLE (n bigint, approximate boolean)
LANGUAGE plpgsql AS $$
DECLARE
  counted bigint;
  plan json;
BEGIN
  EXECUTE format('SELECT count(*) FROM (%s LIMIT %s) AS bounded', query, cap + 1) INTO counted;
  IF counted <= cap THEN
    RETURN QUERY SELECT counted, false;
    RETURN;
  END IF;
  EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan;
  RETURN QUERY SELECT greatest((plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint, counted), true;
END
$$
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION, params=None)  # the body holds %s for format(), not parameters


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS portal_bounded_count(text, integer)")


class Migration(migrations.Migration):
    dependencies = [("core", "0005_pg_trgm_extension")]

    operations = [migrations.RunPython(create, drop)]
