"""pg_trgm, for the trigram indexes of the lists' searches (core.migration_ops.TrigramIndex). A trusted
extension on PostgreSQL 13+: the database owner may create it. Nothing happens on SQLite."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0004_audit_append_only_trigger")]

    operations = [TrigramExtension()]
