"""Trigram indexes for the `icontains` searches of the branches lists (core.migration_ops.TrigramIndex: GIN
gin_trgm_ops over UPPER(column), the expression Django's icontains compares; built CONCURRENTLY, nothing on
SQLite). Measured in docs/scaling.md."""

from django.db import migrations

from core.migration_ops import TrigramIndex


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("core", "0005_pg_trgm_extension"), ("branches", "0004_constraint_messages")]

    operations = [
        TrigramIndex("branches_branch", "name", "branch_name_trgm"),
    ]
