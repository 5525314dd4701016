"""Tasks of the core app. Tasks take primary keys, call services, and declare limits."""

import os
import socket

from celery import shared_task

from core.audit import log_action


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
