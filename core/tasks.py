"""Tasks of the core app. Tasks take primary keys, call services, and declare limits."""

import os
import socket
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from core.audit import log_action
from core.models import AuditEntry

PURGE_BATCH = 5000


@shared_task(
    name="core.heartbeat", time_limit=30, soft_time_limit=25, autoretry_for=(ConnectionError,), max_retries=3
)
def heartbeat(note: str = "") -> dict:
    """Proves the worker reaches the database: writes one audit entry naming the process that ran it.
    Used by the health page and by the Celery integration test."""
    info = {"host": socket.gethostname(), "pid": os.getpid(), "note": note}
    entry = log_action("core.system.heartbeat", actor=None, data=info)
    return {"entry": entry.pk, **info}


@shared_task(name="core.backup_database", time_limit=3000, soft_time_limit=2900, acks_late=True)
def backup_database() -> str:
    """The nightly pg_dump (celery beat); the dump is written under a temporary name and renamed when
    complete, so a killed worker leaves no half-written backup."""
    from core.backup import dump  # only the worker that takes backups needs pg_dump on its PATH

    path = dump()
    log_action("core.system.backup", actor=None, data={"file": path.name, "bytes": path.stat().st_size})
    return str(path)


def audit_retention_days() -> int:
    """AUDIT_RETENTION_DAYS, never less than the 180 days 等保2.0 L3 asks (whatever an override says)."""
    return max(int(settings.AUDIT_RETENTION_DAYS), settings.AUDIT_RETENTION_MIN_DAYS)


@shared_task(name="core.purge_audit", time_limit=3600, soft_time_limit=3500)
def purge_audit(batch: int = PURGE_BATCH) -> dict:
    """Remove the audit entries older than the retention period, `batch` rows per transaction, and log
    one entry saying how many went. Each transaction sets `portal.audit_purge`, the one flag under which
    the database's append-only trigger (core migration 0004) lets a DELETE through."""
    cutoff = timezone.now() - timedelta(days=audit_retention_days())
    removed = 0
    while True:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL portal.audit_purge = 'on'")
            ids = list(
                AuditEntry.objects.filter(at__lt=cutoff).order_by("id").values_list("id", flat=True)[:batch]
            )
            if ids:
                AuditEntry.objects.filter(pk__in=ids).delete()
        removed += len(ids)
        if len(ids) < batch:
            break
    log_action(
        "core.auditentry.purged",
        actor=None,
        data={"removed": removed, "before": cutoff.isoformat(), "retention_days": audit_retention_days()},
    )
    return {"removed": removed, "before": cutoff.isoformat()}


@shared_task(name="core.purge_held_uploads", time_limit=600, soft_time_limit=550)
def purge_held_uploads() -> dict:
    """Hourly (celery beat): remove the uploads held across a validation error (core.uploads) once their
    tokens have expired, whether they were used or abandoned."""
    from core.uploads import purge_held_uploads as purge

    return {"removed": purge()}
