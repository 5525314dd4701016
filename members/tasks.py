"""Membership tasks: the applicant's mails, queued on commit by members.services.joining.

Thin on purpose: primary keys in, `members.notifications` renders, `core.mail.send` sends (errors raised,
so MAIL_TASK_OPTIONS retries them). Imports go services → tasks → notifications, never back.
"""

from celery import shared_task

from core.mail import MAIL_TASK_OPTIONS, send

from . import notifications


@shared_task(name="members.notify_application_submitted", **MAIL_TASK_OPTIONS)
def notify_application_submitted(application_pk: int) -> int:
    """Tell the applicant the application was received. Returns the number of messages sent."""
    return send(notifications.application_submitted(application_pk))


@shared_task(name="members.notify_application_decided", **MAIL_TASK_OPTIONS)
def notify_application_decided(application_pk: int) -> int:
    """Tell the applicant the application was approved or not accepted."""
    return send(notifications.application_decided(application_pk))
