"""Platform contracts: compose topology, deploy checks, API schema and docs, compiled translations."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_docker_compose_topology():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) >= {"postgres", "redis", "web", "worker", "beat", "proxy"}
    # gunicorn is reached only through the TLS proxy, and only there is X-Forwarded-Proto believed
    assert "ports" not in services["web"]
    assert services["web"]["environment"]["PORTAL_BEHIND_TLS_PROXY"] == "true"
    assert all(
        "PORTAL_BEHIND_TLS_PROXY" not in (s.get("environment") or {})
        for n, s in services.items()
        if n != "web"
    )
    assert (ROOT / "deploy" / "Caddyfile").exists()
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no health check"
        assert service["healthcheck"]["test"], name
    assert {"pgdata", "media"} <= set(compose["volumes"])
    assert "pgdata:" in " ".join(services["postgres"]["volumes"])
    commands = {
        name: " ".join(s["command"]) if isinstance(s.get("command"), list) else s.get("command", "")
        for name, s in services.items()
    }
    assert "gunicorn" in commands["web"] and "config.wsgi" in commands["web"]
    assert "worker" in commands["worker"] and "-A config" in commands["worker"]
    # one worker per kind of task (docs/scaling.md), together serving every queue tasks are routed to
    served = {
        q
        for n in services
        if n.startswith("worker")
        for q in commands[n].split("-Q ")[1].split()[0].split(",")
    }
    assert served >= {"celery", "mail", "sweeps", "reports", "exports"}
    assert {"minio", "redis"} <= set(services) and services["web"]["environment"]["S3_BUCKET"]
    assert "beat" in commands["beat"] and "-A config" in commands["beat"]
    # every Python module a command names must exist in the tree
    for module in ("config.wsgi", "config.celery", "config.settings"):
        assert (ROOT / (module.replace(".", "/") + ".py")).exists(), module
    import importlib

    assert importlib.import_module("config.celery").app.main == "portal"


def test_check_deploy_reports_no_issues():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "a-long-production-secret-" + "k3y" * 20,
        "DJANGO_ALLOWED_HOSTS": "portal.cast.org.cn",
        "DATABASE_URL": "postgres://portal:portal@127.0.0.1:5432/portal",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_openapi_schema_and_docs_are_served_offline(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "/api/v1/users/" in text and "/api/v1/users/{id}/deactivate/" in text
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs and "unpkg" not in docs and "jsdelivr" not in docs


def test_translations_are_compiled():
    assert (ROOT / "locale/zh_Hans/LC_MESSAGES/django.mo").exists()


@pytest.mark.django_db
def test_health_probe(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_beat_schedule_names_registered_tasks():
    from django.conf import settings

    from config.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]
