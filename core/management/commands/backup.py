from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, dump


class Command(BaseCommand):
    help = "Dump the portal's PostgreSQL database into BACKUP_DIR (custom format; keeps BACKUP_KEEP)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=None, help="Directory for the dump (default: BACKUP_DIR).")

    def handle(self, *args, **options):
        try:
            path = dump(options["dir"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(path))
