"""Mail is a side effect: queued after commit, sent by a Celery task, written in each recipient's language.

The layout, one direction only (no import cycle, no lazy import):

    app/services.py ──enqueue_on_commit(task, pk)──▶ app/tasks.py ──▶ app/notifications.py ──▶ app/models.py
                                                         │                   (who gets what, rendered)
                                                         └──▶ core.mail.send (SMTP, errors raised → retry)

A service queues the task with `enqueue_on_commit`; the task (primary keys only) asks the app's
`notifications` module for the messages and sends them with `send`, which never fails silently, so an
SMTP error reaches the task's `autoretry_for` (MAIL_TASK_OPTIONS). The user's saved change is committed
before any of this starts, so a broken mail server can never turn it into a 500.
"""

import smtplib
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import translation

# Every mail task: retried on SMTP and network errors with exponential backoff and jitter (waits of up to
# MAIL_RETRY_BACKOFF · 2ⁿ s, at most 10 min, so a countdown never outlives the broker's visibility
# timeout), given up after 8 retries; a send that hangs is cut off well below the global time limit.
MAIL_TASK_OPTIONS: dict[str, Any] = {
    "autoretry_for": (smtplib.SMTPException, ConnectionError, OSError),
    "retry_backoff": settings.MAIL_RETRY_BACKOFF,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
    "soft_time_limit": 60,
    "time_limit": 90,
}


def enqueue_on_commit(task, *args) -> None:
    """Queue `task.delay(*args)` once the current transaction commits (at once outside one).

    Robust: should the broker be down (or, in eager mode, the task fail) the error is logged and the
    request carries on — the change it made is already committed. Eager mode with
    CELERY_TASK_EAGER_PROPAGATES (development without a broker, the tests) stops at the first failure:
    the retries need a worker."""

    def enqueue() -> None:
        task.delay(*args)

    enqueue.__qualname__ = f"enqueue {task.name}{args!r}"  # what Django's log line names on failure
    transaction.on_commit(enqueue, robust=True)


def language_of(user) -> str:
    """The language `user` reads mail in: their preferred language, else the site's."""
    language = getattr(user, "preferred_language", "") if user is not None else ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def society_name(society) -> str:
    """The society as the active language names it: its English name, when it has one, for readers of
    anything but Chinese."""
    if getattr(society, "name_en", "") and not (translation.get_language() or "").startswith("zh"):
        return society.name_en
    return society.name


def localized(
    recipients: Iterable[tuple[str, str]], render: Callable[[], tuple[str, str]]
) -> list[EmailMessage]:
    """One message per language among `recipients` ((address, language) pairs; empty addresses are
    skipped), its subject and body from `render()` called with that language active."""
    groups: dict[str, list[str]] = {}
    for address, language in recipients:
        if address and address not in groups.setdefault(language, []):
            groups[language].append(address)
    messages = []
    for language, addresses in groups.items():
        if addresses:
            with translation.override(language):
                subject, body = render()
            messages.append(EmailMessage(str(subject), str(body), settings.DEFAULT_FROM_EMAIL, addresses))
    return messages


def send(messages: list[EmailMessage]) -> int:
    """Send `messages` over one connection; errors are raised (the calling task retries on them).

    Retrying resends every message of the batch: delivery is at least once, as with any acks_late task."""
    if not messages:
        return 0
    return get_connection(fail_silently=False).send_messages(messages)
