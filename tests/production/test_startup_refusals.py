"""With DJANGO_DEBUG=false the portal refuses to start degraded: no embedded SQLite, no in-process tasks,
no missing broker — unless PORTAL_EMBEDDED asks for the embedded mode explicitly (core/startup.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BASE = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-long-production-secret-" + "k3y" * 20,
}
POSTGRES = "postgres://postgres:postgres@127.0.0.1:5432/postgres"
REDIS = "redis://127.0.0.1:6379/14"


def start(**env):
    """Set Django up the way gunicorn and the worker do; return (exit code, output)."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_URL", "CELERY_", "PORTAL_", "DJANGO_"))
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env={**clean, **BASE, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


@pytest.mark.parametrize(
    "env,complaint",
    [
        ({}, "DATABASE_URL is not set"),
        ({"CELERY_BROKER_URL": REDIS}, "DATABASE_URL is not set"),
        ({"DATABASE_URL": POSTGRES}, "CELERY_BROKER_URL is not set"),
        (
            {"DATABASE_URL": POSTGRES, "CELERY_BROKER_URL": REDIS, "CELERY_TASK_ALWAYS_EAGER": "true"},
            "CELERY_TASK_ALWAYS_EAGER is on",
        ),
    ],
)
def test_production_refuses_degraded_modes(env, complaint):
    code, output = start(**env)
    assert code != 0
    assert "ImproperlyConfigured" in output and complaint in output
    assert "started" not in output


def test_production_starts_with_postgres_and_a_broker():
    code, output = start(DATABASE_URL=POSTGRES, CELERY_BROKER_URL=REDIS)
    assert code == 0, output
    assert "started" in output


def test_embedded_mode_must_be_asked_for():
    code, output = start(PORTAL_EMBEDDED="true")
    assert code == 0, output
    code, output = start(DJANGO_DEBUG="true")
    assert code == 0, output
