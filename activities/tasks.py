"""Filing tasks: the mails of a filing's state changes, queued on commit by activities.services.

Thin on purpose: primary keys in, `activities.notifications` renders, `core.mail.send` sends (errors
raised, so MAIL_TASK_OPTIONS retries them). Imports go services → tasks → notifications, never back.
"""

from celery import shared_task

from core.mail import MAIL_TASK_OPTIONS, send

from . import notifications


@shared_task(name="activities.notify_filing_submitted", **MAIL_TASK_OPTIONS)
def notify_filing_submitted(activity_pk: int) -> int:
    """Tell the CAST reviewers a filing awaits them. Returns the number of messages sent."""
    return send(notifications.filing_submitted(activity_pk))


@shared_task(name="activities.notify_filing_decided", **MAIL_TASK_OPTIONS)
def notify_filing_decided(activity_pk: int, outcome: str) -> int:
    """Tell the filer the filing was approved, returned or rejected."""
    return send(notifications.filing_decided(activity_pk, outcome))
