"""People by the beginning of their name, read in order (members.selectors.search_people lists the names
that begin with the term first): `name COLLATE "C", id`. Built CONCURRENTLY on PostgreSQL; nothing on
SQLite."""

from django.db import migrations

from core.migration_ops import CollatedIndex


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("members", "0013_membership_number_prefix")]

    operations = [CollatedIndex("members_person", "name", "person_name_prefix", trailing=("id",))]
