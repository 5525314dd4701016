"""Branch tasks. They only call services; the compliance engine schedules them."""

from celery import shared_task

from . import services


@shared_task(name="branches.open_inactivity_findings", time_limit=600, soft_time_limit=570)
def open_inactivity_findings() -> dict:
    """R-BR-05: open a finding for every long-inactive active branch and put it under rectification."""
    findings = services.open_inactivity_findings(actor=None)
    return {"opened": [f.pk for f in findings]}
