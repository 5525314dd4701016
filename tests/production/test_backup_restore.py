"""Backups are restorable: a dump of the test database (core.backup, as the nightly task takes it) is
restored into a fresh database, which then holds the same societies and audit trail."""

import uuid

import psycopg2
import pytest
from django.db import connection

from core.backup import dump, restore
from core.models import AuditEntry
from societies.models import Society
from tests.factories import SocietyFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_dump_restores_into_a_fresh_database(tmp_path):
    SocietyFactory.create_batch(3)
    societies = sorted(Society.objects.values_list("name", flat=True))
    audit = AuditEntry.objects.count()
    path = dump(tmp_path)
    assert path.exists() and path.stat().st_size > 1000 and not list(tmp_path.glob("*.partial"))

    params = connection.settings_dict
    name = f"portal_restore_{uuid.uuid4().hex[:8]}"
    base = f"postgres://{params['USER']}:{params['PASSWORD']}@{params['HOST']}:{params['PORT']}"
    admin = psycopg2.connect(f"{base}/postgres")
    admin.autocommit = True
    try:
        with admin.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}"')
        restore(path, f"{base}/{name}")
        restored = psycopg2.connect(f"{base}/{name}")
        try:
            with restored.cursor() as cur:
                cur.execute("SELECT name FROM societies_society ORDER BY name")
                assert sorted(r[0] for r in cur.fetchall()) == societies
                cur.execute("SELECT count(*) FROM core_auditentry")
                assert cur.fetchone()[0] == audit
                cur.execute("SELECT count(*) FROM django_migrations")
                assert cur.fetchone()[0] > 10
        finally:
            restored.close()
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_only_the_newest_dumps_are_kept(tmp_path, settings):
    settings.BACKUP_KEEP = 2
    paths = [dump(tmp_path) for _ in range(3)]
    assert sorted(tmp_path.glob("portal-*.dump")) == sorted(paths[1:])
