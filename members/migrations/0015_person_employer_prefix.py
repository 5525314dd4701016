"""People by the beginning of their employer, then by name, read in order (members.selectors.search_people
lists the people whose employer begins with the term after the names that do): `employer COLLATE "C",
name COLLATE "C", id`. An employer such as a large university has 300,000 people; without this the
picker sorted them all (3 s at full scale). Built CONCURRENTLY on PostgreSQL; nothing on SQLite."""

from django.db import migrations

from core.migration_ops import CollatedIndex


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("members", "0014_person_name_prefix")]

    operations = [
        CollatedIndex(
            "members_person",
            "employer",
            "person_employer_prefix",
            trailing=("name", "id"),
            collated=("name",),
        )
    ]
