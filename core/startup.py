"""Refuse to start in a silently degraded production mode.

With DEBUG off the portal is production: it must run on PostgreSQL and hand side effects to a Celery
worker through a real broker. The embedded SQLite file and in-process ("eager") tasks are for `make run`
on one machine; they are allowed with DEBUG off only when the deployment says so explicitly with
`PORTAL_EMBEDDED=true`. Called from CoreConfig.ready(), so gunicorn, Celery and every management command
fail at start, not at the first request (STYLE.md §5: fail fast on bad configuration).
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

EMBEDDED_HINT = "set PORTAL_EMBEDDED=true only for a single-machine demo (make run does)"


def configuration_problems(conf=settings) -> list[str]:
    """What is wrong with `conf` for production; empty when DEBUG is on or embedded mode was asked for."""
    if conf.DEBUG or getattr(conf, "PORTAL_EMBEDDED", False):
        return []
    problems = []
    engine = conf.DATABASES["default"]["ENGINE"]
    if "sqlite" in engine:
        problems.append(
            "DATABASE_URL is not set: production runs on PostgreSQL, not the embedded SQLite file."
        )
    broker = getattr(conf, "CELERY_BROKER_URL", "") or ""
    if not broker or broker.startswith("memory://"):
        problems.append("CELERY_BROKER_URL is not set: production hands tasks to a Celery worker over Redis.")
    if getattr(conf, "CELERY_TASK_ALWAYS_EAGER", False):
        problems.append("CELERY_TASK_ALWAYS_EAGER is on: tasks would run inside web requests.")
    return problems


def check_production_configuration() -> None:
    problems = configuration_problems()
    if problems:
        raise ImproperlyConfigured(
            "The portal refuses to start with DJANGO_DEBUG=false: " + " ".join(problems)
        )
