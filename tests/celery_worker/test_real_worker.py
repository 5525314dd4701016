"""A task enqueued through Redis runs in a separate Celery worker process against the test database."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from core.models import AuditEntry
from core.tasks import heartbeat

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker():
    """Start `celery -A config worker` on a private queue, pointed at the test database."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "TEST_DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "TEST_CELERY_EAGER": "false",
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            queue,
            "--pool=solo",
            "--loglevel=warning",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    celery_app.conf.task_always_eager = False
    try:
        yield queue, proc
    finally:
        celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_task_runs_in_real_worker_process(worker):
    queue, proc = worker
    started = time.monotonic()
    result = heartbeat.apply_async(kwargs={"note": "integration"}, queue=queue)
    try:
        outcome = result.get(timeout=60)
    except Exception:
        proc.terminate()
        print(proc.stdout.read().decode(errors="replace"))
        raise
    assert outcome["pid"] != os.getpid()
    assert outcome["pid"] == proc.pid
    entry = AuditEntry.objects.get(pk=outcome["entry"])
    assert entry.action == "core.system.heartbeat" and entry.data["note"] == "integration"
    print(f"round trip {time.monotonic() - started:.2f}s")
