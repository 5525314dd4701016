"""Report tasks: render one report (reports.engine); refresh the stored scorecard counts
(reports.scorecard). acks_late; the time limit stays below the broker's visibility timeout; a retry after a
failure or a killed worker renders the same row again."""

from celery import shared_task

from . import engine


@shared_task(name="reports.generate", acks_late=True, time_limit=20 * 60, soft_time_limit=19 * 60)
def generate(report_pk: int) -> dict:
    report = engine.run(report_pk)
    return {"report": report.pk, "status": report.status, "pages": report.pages}


@shared_task(name="reports.refresh_scorecards", acks_late=True, time_limit=20 * 60, soft_time_limit=19 * 60)
def refresh_scorecards(years: list[int] | None = None) -> dict:
    """Recompute and store the scorecards' counts of `years` (default: scorecard.refresh_years())."""
    from . import scorecard

    years = years or scorecard.refresh_years()
    scorecard.store(years)
    return {"years": years}
