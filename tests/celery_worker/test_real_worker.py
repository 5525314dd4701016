"""A task enqueued through Redis runs in a separate Celery worker process against the test database."""

import os
import time

import pytest

from core.models import AuditEntry
from core.tasks import heartbeat

from .conftest import worker_output

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(start_worker):
    return start_worker()


def test_task_runs_in_real_worker_process(worker):
    queue, proc = worker
    started = time.monotonic()
    result = heartbeat.apply_async(kwargs={"note": "integration"}, queue=queue)
    try:
        outcome = result.get(timeout=60)
    except Exception:
        print(worker_output(proc))
        raise
    assert outcome["pid"] != os.getpid()
    assert outcome["pid"] == proc.pid
    entry = AuditEntry.objects.get(pk=outcome["entry"])
    assert entry.action == "core.system.heartbeat" and entry.data["note"] == "integration"
    print(f"round trip {time.monotonic() - started:.2f}s")
