"""Database backups: `pg_dump` of the portal's PostgreSQL database in custom format, kept in BACKUP_DIR
(the newest BACKUP_KEEP files), and `restore` of such a dump into a database — what a recovery runs, and
what the suite runs against a fresh database (tests/production/test_backup_restore.py).

Scheduled daily by celery beat (core.tasks.backup_database); `manage.py backup` and `manage.py
restore_backup <file> <database url>` do the same by hand. SQLite (the embedded demo) is not backed up here:
copy its file."""

import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connections
from django.utils import timezone


class BackupError(RuntimeError):
    pass


def _pg_env(params: dict) -> dict:
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    return env


def _conn_args(params: dict) -> list[str]:
    args = []
    if params.get("HOST"):
        args += ["-h", str(params["HOST"])]
    if params.get("PORT"):
        args += ["-p", str(params["PORT"])]
    if params.get("USER"):
        args += ["-U", str(params["USER"])]
    return args


def dump(directory: Path | None = None, alias: str = "default") -> Path:
    """Write a dump of the database; returns its path. Older dumps beyond BACKUP_KEEP are removed."""
    params = connections[alias].settings_dict
    if connections[alias].vendor != "postgresql":
        raise BackupError("Backups are taken of PostgreSQL databases only.")
    directory = Path(directory or settings.BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"portal-{timezone.localtime():%Y%m%d-%H%M%S-%f}.dump"
    partial = target.with_suffix(".partial")
    command = [
        "pg_dump",
        "--format=custom",
        "--no-owner",
        "--file",
        str(partial),
        *_conn_args(params),
        params["NAME"],
    ]
    result = subprocess.run(command, env=_pg_env(params), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupError(result.stderr.strip() or "pg_dump failed")
    partial.rename(target)  # a dump is complete or absent, never half-written under its final name
    keep = int(getattr(settings, "BACKUP_KEEP", 7))
    for old in sorted(directory.glob("portal-*.dump"))[:-keep]:
        old.unlink()
    return target


def restore(path: Path, database_url: str) -> None:
    """Restore the dump at `path` into the (empty) database named by `database_url`."""
    url = urlsplit(database_url)
    params = {
        "HOST": url.hostname,
        "PORT": url.port,
        "USER": url.username,
        "PASSWORD": url.password,
        "NAME": url.path.lstrip("/"),
    }
    command = [
        "pg_restore",
        "--no-owner",
        "--exit-on-error",
        "-d",
        params["NAME"],
        *_conn_args(params),
        str(path),
    ]
    result = subprocess.run(command, env=_pg_env(params), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or "pg_restore failed")
