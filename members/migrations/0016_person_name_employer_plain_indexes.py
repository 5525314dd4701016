"""Drops three person indexes that this session's prefix indexes made redundant, so adding those did not
slow the import of people (6,184 → 4,823 rows/s at full scale with all of them): `name` and `employer`
had `db_index=True`, for which Django builds a plain btree and, on PostgreSQL, a `varchar_pattern_ops`
one for LIKE. `name LIKE 'q%'` is now answered in order by person_name_prefix (0014) and the employer's
beginning by person_employer_prefix (0015); nothing sorts or filters by the employer alone. The plain
index on name stays (lists sorted by name), now declared in Meta under the name it already has, so no
index is rebuilt."""

from django.db import migrations, models

DROPPED = {
    "postgresql": [
        "members_person_name_8aa8fb39_like",
        "members_person_employer_7beb7938",
        "members_person_employer_7beb7938_like",
    ],
    "sqlite": ["members_person_employer_7beb7938"],
}


def drop(apps, schema_editor):
    for name in DROPPED.get(schema_editor.connection.vendor, []):
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [("members", "0015_person_employer_prefix")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="person",
                    name="name",
                    field=models.CharField(max_length=100, verbose_name="name"),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="employer",
                    field=models.CharField(blank=True, max_length=200, verbose_name="employer"),
                ),
                migrations.AddIndex(
                    model_name="person",
                    index=models.Index(fields=["name"], name="members_person_name_8aa8fb39"),
                ),
            ],
            database_operations=[migrations.RunPython(drop, migrations.RunPython.noop)],
        )
    ]
