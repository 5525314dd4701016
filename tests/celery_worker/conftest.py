"""A real `celery -A config worker` process on a private queue, pointed at the test database."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def start_worker():
    """`start_worker(**env)` starts a worker with extra environment and returns (queue, process).

    While it runs, this process sends tasks to the broker (eager mode off) and, by default, to the
    worker's private queue; afterwards both are restored and the worker is stopped."""
    started = []
    default_queue = celery_app.conf.task_default_queue

    def start(**extra_env: str):
        queue = f"test-{uuid.uuid4().hex[:8]}"
        db = connection.settings_dict
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.test_settings",
            "TEST_DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "TEST_CELERY_EAGER": "false",
            **extra_env,
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
        started.append(proc)
        celery_app.conf.task_always_eager = False
        celery_app.conf.task_default_queue = queue
        return queue, proc

    try:
        yield start
    finally:
        celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
        celery_app.conf.task_default_queue = default_queue
        for proc in started:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def worker_output(proc) -> str:
    """Everything the worker printed (stops it first): for the message of a failing test."""
    proc.terminate()
    try:
        out, _ = proc.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return out.decode(errors="replace")
