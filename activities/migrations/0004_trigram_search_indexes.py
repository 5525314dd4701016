"""Trigram indexes for the `icontains` searches of the activities lists (core.migration_ops.TrigramIndex: GIN
gin_trgm_ops over UPPER(column), the expression Django's icontains compares; built CONCURRENTLY, nothing on
SQLite). Measured in docs/scaling.md."""

from django.db import migrations

from core.migration_ops import TrigramIndex


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("core", "0005_pg_trgm_extension"), ("activities", "0003_money_not_negative")]

    operations = [
        TrigramIndex("activities_activity", "title", "activity_title_trgm"),
        TrigramIndex("activities_activity", "location", "activity_location_trgm"),
    ]
