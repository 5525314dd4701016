"""Trigram indexes for the `icontains` searches of the societies lists (core.migration_ops.TrigramIndex: GIN
gin_trgm_ops over UPPER(column), the expression Django's icontains compares; built CONCURRENTLY, nothing on
SQLite). Measured in docs/scaling.md."""

from django.db import migrations

from core.migration_ops import TrigramIndex


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("core", "0005_pg_trgm_extension"), ("societies", "0004_society_review_awards_permission")]

    operations = [
        TrigramIndex("societies_society", "name", "society_name_trgm"),
        TrigramIndex("societies_society", "name_en", "society_name_en_trgm"),
        TrigramIndex("societies_society", "code", "society_code_trgm"),
    ]
