"""The history of people keeps no index on name or employer (it had four, with the pattern-ops copies):
nothing looks history up by them, and every imported person writes a history row (core.bulk)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0016_person_name_employer_plain_indexes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalperson',
            name='employer',
            field=models.CharField(blank=True, max_length=200, verbose_name='employer'),
        ),
        migrations.AlterField(
            model_name='historicalperson',
            name='name',
            field=models.CharField(max_length=100, verbose_name='name'),
        ),
    ]
