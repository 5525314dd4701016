"""The people outside the mainland (a partial index of ~4 % of them), which the scorecard counts per
society (reports.scorecard._membership_counts) without joining every membership to every person. Built
CONCURRENTLY on PostgreSQL."""

from django.db import migrations, models

from core.migration_ops import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("members", "0011_person_search_indexes")]

    operations = [
        AddIndexConcurrently(
            model_name="person",
            index=models.Index(
                condition=models.Q(("region", "mainland"), _negated=True),
                fields=["region"],
                name="person_outside_mainland",
            ),
        ),
    ]
