from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a dump made by `manage.py backup` into an empty database (given as a URL)."

    def add_arguments(self, parser):
        parser.add_argument("dump")
        parser.add_argument("database_url")

    def handle(self, *args, **options):
        try:
            restore(Path(options["dump"]), options["database_url"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("restored")
