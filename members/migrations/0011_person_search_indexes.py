"""Indexes the person searches need at 6M people (issue 15): the ID number alone (the partial unique index
on (id_type, id_number) cannot answer `id_number = …`), a membership number across every society, and the name's two-character pairs for a search of
two characters, which the trigram index cannot serve (core.migration_ops.BigramIndex). Both built
CONCURRENTLY on PostgreSQL; plain (or nothing) on SQLite."""

from django.db import migrations, models

from core.migration_ops import AddIndexConcurrently, BigramIndex


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("members", "0010_member_import")]

    operations = [
        AddIndexConcurrently(
            model_name="person", index=models.Index(fields=["id_number"], name="person_id_number")
        ),
        BigramIndex("members_person", "name", "person_name_bigrams"),
        AddIndexConcurrently(
            model_name="membership", index=models.Index(fields=["number"], name="membership_number")
        ),
    ]
