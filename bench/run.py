"""Run every benchmark against a dedicated, migrated PostgreSQL database (`make bench`)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_URL = os.environ.setdefault(
    "TEST_DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/portal_bench"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")


def ensure_database():
    import psycopg2

    name = DB_URL.rsplit("/", 1)[1]
    conn = psycopg2.connect(DB_URL.rsplit("/", 1)[0] + "/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True)


if __name__ == "__main__":
    ensure_database()
    for script in ("members_directory.py", "review_queue.py", "reports.py"):
        print(f"\n== {script}")
        subprocess.run([sys.executable, str(ROOT / "bench" / script)], cwd=ROOT, check=True)
