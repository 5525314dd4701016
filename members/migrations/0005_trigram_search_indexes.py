"""Trigram indexes for the `icontains` searches of the members lists (core.migration_ops.TrigramIndex: GIN
gin_trgm_ops over UPPER(column), the expression Django's icontains compares; built CONCURRENTLY, nothing on
SQLite). Measured in docs/scaling.md."""

from django.db import migrations

from core.migration_ops import TrigramIndex


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("core", "0005_pg_trgm_extension"), ("members", "0004_money_not_negative")]

    operations = [
        TrigramIndex("members_person", "name", "person_name_trgm"),
        TrigramIndex("members_person", "employer", "person_employer_trgm"),
        TrigramIndex("members_membership", "number", "membership_number_trgm"),
    ]
