"""Branch.last_activity_on (branches/activity_dates.py), filled from the approved filings already there."""

from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Greatest


def fill(apps, schema_editor):
    Branch = apps.get_model("branches", "Branch")
    Activity = apps.get_model("activities", "Activity")
    latest = (
        Activity.objects.filter(branch=OuterRef("pk"), status="approved")
        .order_by()
        .values("branch")
        .annotate(day=Max(Greatest("ends_on", "starts_on")))
        .values("day")[:1]
    )
    Branch.objects.update(last_activity_on=Subquery(latest))


class Migration(migrations.Migration):
    dependencies = [
        ("branches", "0007_merge_0005_decided_fields_0006_list_ordering_indexes"),
        ("activities", "0006_merge_0004_decided_fields_0005_list_ordering_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="branch",
            name="last_activity_on",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="last approved activity"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
