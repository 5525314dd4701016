"""Compliance check of the annual work report (compliance.registry): R-GOV-05 — the report for the
previous year is submitted by the due day (rule setting `annual_report_due`, month-day, default 05-31)."""

from datetime import date

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from compliance.registry import Check, Hit, Scope
from core.rule_settings import rule_setting
from societies.choices import SocietyStatus
from societies.models import Society

from .choices import AnnualReportStatus
from .models import AnnualReport


def due_day(year: int) -> date:
    """The day the report for `year` is due: `annual_report_due` of the following year."""
    month, day = (int(part) for part in str(rule_setting("annual_report_due")).split("-"))
    return date(year + 1, month, day)


def not_submitted(scope: Scope):
    year = scope.today.year - 1
    due = due_day(year)
    if scope.today <= due:
        return
    submitted = AnnualReport.objects.filter(
        society=OuterRef("pk"),
        year=year,
        status__in=[AnnualReportStatus.SUBMITTED, AnnualReportStatus.ACCEPTED],
    )
    rows = (
        scope.societies(Society.objects.filter(status=SocietyStatus.ACTIVE), "pk")
        .exclude(Exists(submitted))
        .values_list("pk", "name")
    )
    for pk, name in rows:
        yield Hit(pk, facts={"society": name, "year": year, "due_on": due.isoformat()})


CHECKS = [
    Check(
        rule="R-GOV-05",
        severity="warning",
        area="reports",
        message=_("%(society)s has not submitted its %(year)s annual work report, due on %(due_on)s."),
        find=not_submitted,
    )
]
