"""Compliance tasks: a sweep (all societies or one), the nightly sweep, the secretaries' daily digest.

Primary keys in, the engine or the notifications module does the work. A sweep task is idempotent and
`acks_late` (settings): a worker killed mid-sweep leaves the message to be delivered again, and running
the same sweep twice carries on where it stopped (compliance.engine.run). Its time limit stays below the
broker's visibility timeout (1 h), so a live sweep is never handed to a second worker.
"""

from celery import shared_task

from core.mail import MAIL_TASK_OPTIONS, send

from . import engine, notifications
from .choices import SweepTrigger

SWEEP_LIMITS = {"time_limit": 50 * 60, "soft_time_limit": 48 * 60, "acks_late": True}


@shared_task(name="compliance.run_sweep", **SWEEP_LIMITS)
def run_sweep(sweep_pk: int) -> dict:
    sweep = engine.run(sweep_pk)
    return {
        "sweep": sweep.pk,
        "status": sweep.status,
        "opened": sweep.findings_opened,
        "resolved": sweep.findings_resolved,
    }


@shared_task(name="compliance.nightly_sweep", **SWEEP_LIMITS)
def nightly_sweep() -> dict:
    """The scheduled full sweep (celery beat; CAST changes the schedule in the admin), run in this task,
    then the secretaries' digests."""
    sweep = engine.new_sweep(actor=None, society=None, trigger=SweepTrigger.SCHEDULE)
    outcome = run_sweep(sweep.pk)
    send_digests.delay()
    return outcome


@shared_task(name="compliance.send_digests", time_limit=600, soft_time_limit=570)
def send_digests() -> int:
    """Queue one digest per society that has new or overdue findings and got none today."""
    societies = notifications.societies_due_a_digest()
    for society_pk in societies:
        send_digest.delay(society_pk)
    return len(societies)


@shared_task(name="compliance.send_digest", **MAIL_TASK_OPTIONS)
def send_digest(society_pk: int) -> int:
    """The digest of one society to its secretaries, each in their language; at most one a day (marked
    sent after the SMTP server took it, so a retry after a failure still sends it)."""
    messages, digest = notifications.digest(society_pk)
    sent = send(messages)
    if digest is not None:
        notifications.mark_sent(digest, recipients=sum(len(m.to) for m in messages))
    return sent
