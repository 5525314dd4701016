"""Fill a dedicated PostgreSQL database with the CAST-scale benchmark dataset (bench/dataset.py).

    manage.py bench_dataset --scale 1.0 --database-url postgres://postgres:postgres@127.0.0.1:5432/portal_bench

With --database-url the database is created if missing, migrated, and the command reruns itself against it
(settings read the database URL once, at start-up); without it, it fills the configured database. A
finished dataset leaves a marker row (table bench_dataset): run again at the same scale, the command
reuses it and prints the load time it took; --force drops the database and builds it anew. It refuses to
fill a database that holds portal data but no marker (never the test or production database by mistake).

The command lives here, with the portal's other operational commands (demo, backup), so `manage.py` finds
it without a benchmark app in INSTALLED_APPS; the generator itself stays in bench/, outside the portal's
code, bandit and the type-checked files.
"""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

ROOT = Path(settings.BASE_DIR)


def _server_and_name(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql", "pgsql") or not name:
        raise CommandError(f"--database-url must be a postgres://…/<name> URL, not {url!r}")
    return urlunsplit(parts._replace(path="/postgres")), name


def ensure_database(url: str, *, drop: bool = False) -> bool:
    """Create the database of `url` if it does not exist (after dropping it with `drop`). True if created."""
    import psycopg2
    from psycopg2 import sql

    server, name = _server_and_name(url)
    conn = psycopg2.connect(server)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            if drop:
                cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cur.fetchone() is None:
                cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                return True
    finally:
        conn.close()
    return False


def _migrate() -> None:
    """Apply what is unapplied (a fresh database); skip the slow no-op migrate of a migrated one."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)


class Command(BaseCommand):
    help = "Fill a dedicated PostgreSQL database with the CAST-scale benchmark dataset (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 220 societies, 6M people")
        parser.add_argument("--database-url", default="", help="the dedicated database (created if missing)")
        parser.add_argument("--force", action="store_true", help="drop the database and build it anew")
        parser.add_argument("--no-sweep", action="store_true", help="skip the compliance sweep at the end")
        parser.add_argument("--seed", type=int, default=15)

    def handle(self, *args, scale, database_url, force, no_sweep, seed, **options):
        if not 0 < scale <= 4:
            raise CommandError("--scale lies between 0 (exclusive) and 4.")
        if database_url:
            return self._rerun_against(database_url, scale=scale, force=force, no_sweep=no_sweep, seed=seed)
        if connection.vendor != "postgresql":
            raise CommandError(
                "The benchmark dataset needs PostgreSQL (COPY-speed inserts, the real planner)."
            )
        from bench import dataset

        _migrate()
        found = dataset.existing(scale)
        if found:
            self.stdout.write(
                f"Reusing the scale-{scale} dataset built {found['created_at']} "
                f"(load took {found['timings']['total']:.0f} s): {found['counts']}"
            )
            return
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM societies_society")
            if cur.fetchone()[0]:
                raise CommandError(
                    f"{settings.DATABASES['default']['NAME']} holds societies but no scale-{scale} bench "
                    "dataset: use a dedicated database (--database-url), or --force with it."
                )
        started = time.perf_counter()
        info = dataset.generate(scale, seed=seed, sweep=not no_sweep, log=self.stdout.write)
        dataset.mark(scale, info)
        self.stdout.write(
            self.style.SUCCESS(f"Scale-{scale} dataset loaded in {time.perf_counter() - started:.1f} s: ")
            + str(info["counts"])
        )

    def _rerun_against(self, url: str, *, scale: float, force: bool, no_sweep: bool, seed: int) -> None:
        created = ensure_database(url, drop=force)
        if created:
            self.stdout.write(f"Created database {_server_and_name(url)[1]}.")
        env = {**os.environ, "DATABASE_URL": url, "TEST_DATABASE_URL": url}
        cmd = [
            sys.executable,
            str(ROOT / "manage.py"),
            "bench_dataset",
            "--scale",
            str(scale),
            "--seed",
            str(seed),
        ]
        if no_sweep:
            cmd.append("--no-sweep")
        done = subprocess.run(cmd, env=env, cwd=ROOT, check=False)  # noqa: S603 - our own manage.py
        if done.returncode:
            raise CommandError(f"bench_dataset against {url} failed (exit {done.returncode}).")
