"""A society's membership numbers by prefix (members.selectors.search_memberships: a search term of one
or two characters asks `number LIKE 'q%'`): a plain btree serves LIKE only under the C collation, so at
full scale a two-character directory search read all 700,000 memberships of the largest society (50 ms
of its 130). Built CONCURRENTLY on PostgreSQL; nothing on SQLite."""

from django.db import migrations

from core.migration_ops import PrefixIndex


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("members", "0012_person_outside_mainland")]

    operations = [
        PrefixIndex("members_membership", "number", "membership_number_prefix", leading=("society_id",)),
    ]
