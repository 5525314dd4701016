"""Membership tasks: the applicant's mails, queued on commit by members.services.joining.

Thin on purpose: primary keys in, `members.notifications` renders, `core.mail.send` sends (errors raised,
so MAIL_TASK_OPTIONS retries them). Imports go services → tasks → notifications, never back.
"""

from celery import shared_task

from core.mail import MAIL_TASK_OPTIONS, send

from . import exports, notifications


@shared_task(name="members.notify_application_submitted", **MAIL_TASK_OPTIONS)
def notify_application_submitted(application_pk: int) -> int:
    """Tell the applicant the application was received. Returns the number of messages sent."""
    return send(notifications.application_submitted(application_pk))


@shared_task(name="members.notify_application_decided", **MAIL_TASK_OPTIONS)
def notify_application_decided(application_pk: int) -> int:
    """Tell the applicant the application was approved or not accepted."""
    return send(notifications.application_decided(application_pk))


@shared_task(name="members.export_members", acks_late=True, time_limit=30 * 60, soft_time_limit=29 * 60)
def export_members(job_pk: int) -> dict:
    """Build one member export job's file (members.exports.run_export)."""
    job = exports.run_export(job_pk)
    return {"export": job.pk, "status": job.status, "rows": job.rows}


@shared_task(name="members.import_members", acks_late=True, time_limit=30 * 60, soft_time_limit=29 * 60)
def import_members(job_pk: int) -> dict:
    """Run one member import job (members.import_jobs.run_import)."""
    from .import_jobs import run_import  # the job module imports the services, which queue this task

    job = run_import(job_pk)
    return {"import": job.pk, "status": job.status, "rows": job.rows, "refused": job.refused}
