"""Report tasks: render one report (reports.engine). acks_late; the time limit stays below the broker's
visibility timeout; a retry after a failure or a killed worker renders the same row again."""

from celery import shared_task

from . import engine


@shared_task(name="reports.generate", acks_late=True, time_limit=20 * 60, soft_time_limit=19 * 60)
def generate(report_pk: int) -> dict:
    report = engine.run(report_pk)
    return {"report": report.pk, "status": report.status, "pages": report.pages}
