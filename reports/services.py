"""Starting reports and the annual work report's workflow (R-GOV-05). Every function checks its actor.

Who generates: CAST any report (of one society or all); a society's secretariat the reports of its own
society. The annual report is the society's: its secretariat opens, writes, generates and submits it;
CAST accepts it or returns it with a reason (separation of duties — CAST never writes it)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import reach_of
from core.access import ADMIN, CHANGE, DECIDE, require
from core.audit import log_action
from core.errors import DomainError
from core.mail import enqueue_on_commit

from . import tasks
from .choices import AnnualReportStatus, ReportKind, ReportStatus
from .kinds import KINDS
from .models import NARRATIVE_SECTIONS, AnnualReport, Report

# A report still running after this long lost its worker (the task's limit is 20 minutes).
STALE_AFTER = timedelta(minutes=30)


def _check_subject(kind: str, society, year) -> None:
    spec = KINDS.get(kind)
    if spec is None:
        raise DomainError(_("Unknown kind of report “%(kind)s”.") % {"kind": kind}, field="kind")
    if spec.society == "required" and society is None:
        raise DomainError(_("This report is about one society: choose it."), field="society")
    if spec.society == "none" and society is not None:
        raise DomainError(_("This report covers every society."), field="society")
    if spec.year and year is None:
        raise DomainError(_("Choose the year of the report."), field="year")
    if year is not None and not (2000 <= int(year) <= timezone.localdate().year):
        raise DomainError(_("Choose a year between 2000 and this year."), field="year")


def start_report(*, actor, kind: str, society=None, year=None, annual_report=None) -> Report:
    """Queue a new version of a report; the worker renders it once this commits."""
    _check_subject(kind, society, year)
    if kind == ReportKind.ANNUAL_REPORT:
        if annual_report is None:
            annual_report = open_annual_report(actor=actor, society=society, year=year)
        require(
            actor, annual_report, CHANGE, _("Only the society's secretariat generates its annual report.")
        )
    elif society is None:
        require(actor, None, ADMIN, _("Only CAST administrators generate reports of every society."))
    else:
        require(actor, society, CHANGE, _("Only the society's secretariat or CAST generates its reports."))
    year = int(year) if (year is not None and KINDS[kind].year) else None
    for _attempt in range(3):  # two requests at once compete for the next version number
        try:
            with transaction.atomic():
                last = Report.objects.filter(kind=kind, society=society, year=year).aggregate(
                    v=Max("version")
                )
                report = Report.objects.create(
                    kind=kind,
                    society=society,
                    year=year,
                    version=(last["v"] or 0) + 1,
                    annual_report=annual_report,
                    requested_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
                log_action(
                    "reports.report.requested",
                    actor=actor,
                    obj=report,
                    data={"kind": kind, "version": report.version},
                )
                enqueue_on_commit(tasks.generate, report.pk)
            return report
        except IntegrityError:
            continue
    raise DomainError(_("Another generation of this report started at the same moment; try again."))


def retry_report(*, actor, report: Report) -> Report:
    """Render a failed report (or one whose worker died) again: the same row, the same version."""
    if report.society_id is None:
        require(actor, None, ADMIN)
    elif report.annual_report_id:
        require(actor, report.annual_report, CHANGE)
    else:
        require(actor, report.society, CHANGE)
    stale = report.status == ReportStatus.RUNNING and (
        report.started_at is None or report.started_at < timezone.now() - STALE_AFTER
    )
    if report.status != ReportStatus.FAILED and not stale:
        raise DomainError(_("Only a failed report can be generated again."), field="status")
    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.QUEUED, progress=0, error="")
        log_action("reports.report.retried", actor=actor, obj=report, data={"attempts": report.attempts})
        enqueue_on_commit(tasks.generate, report.pk)
    report.refresh_from_db()
    return report


# --- the annual work report ------------------------------------------------------------------------


def open_annual_report(*, actor, society, year) -> AnnualReport:
    """The society's report for `year`, opened as a draft the first time (idempotent)."""
    _require_secretariat(actor, society)
    _check_subject(ReportKind.ANNUAL_REPORT, society, year)
    with transaction.atomic():
        existing = AnnualReport.objects.filter(society=society, year=year).first()
        if existing is not None:
            return existing
        annual = AnnualReport.objects.create(
            society=society, year=int(year), created_by=actor, narrative=dict.fromkeys(NARRATIVE_SECTIONS, "")
        )
        log_action("reports.annualreport.opened", actor=actor, obj=annual, to_status=annual.status)
    return annual


def _require_secretariat(actor, society) -> None:
    """The annual report is written by the society's own secretariat — not by CAST, who decides it."""
    require(actor, society, CHANGE, _("Only the society's secretariat opens its annual report."))
    if actor is not None and society.pk not in reach_of(actor).secretary_of:
        raise PermissionDenied(_("Only the society's secretariat opens its annual report."))


def update_narrative(*, actor, annual: AnnualReport, narrative: dict) -> AnnualReport:
    """The secretary's sections (NARRATIVE_SECTIONS), while the report is a draft or returned."""
    require(actor, annual, CHANGE, _("Only the society's secretariat writes its annual report."))
    AnnualReport.workflow.require_editable(annual, actor)
    unknown = set(narrative) - set(NARRATIVE_SECTIONS)
    if unknown:
        raise DomainError(_("Unknown section “%(s)s”.") % {"s": sorted(unknown)[0]}, field="narrative")
    cleaned = {}
    for key in NARRATIVE_SECTIONS:
        text = str(narrative.get(key, annual.narrative.get(key, "")) or "").replace("\x00", "").strip()
        if len(text) > 20000:
            raise DomainError(_("A section holds at most 20,000 characters."), field=key)
        cleaned[key] = text
    with transaction.atomic():
        changed = sorted(k for k in cleaned if cleaned[k] != annual.narrative.get(k, ""))
        AnnualReport.objects.filter(pk=annual.pk).update(narrative=cleaned)
        log_action(
            "reports.annualreport.narrative_saved", actor=actor, obj=annual, data={"sections": changed}
        )
    annual.refresh_from_db()
    return annual


def submit_annual_report(*, actor, annual: AnnualReport, comment: str = "") -> AnnualReport:
    """Submit the latest generated version (it must exist and be finished) to CAST."""
    require(actor, annual, CHANGE, _("Only the society's secretariat submits its annual report."))
    latest = annual.versions.order_by("-version").first()
    if latest is None or latest.status != ReportStatus.DONE:
        raise DomainError(
            _("Generate the report's PDF first; then submit it."), field="report", rule="R-GOV-05"
        )
    if not any((annual.narrative or {}).values()):
        raise DomainError(
            _("Write at least the overview before submitting."), field="overview", rule="R-GOV-05"
        )
    return AnnualReport.workflow.apply(
        annual,
        "submit",
        actor=actor,
        comment=comment,
        changes={"report": latest, "submitted_at": timezone.now()},
        data={"version": latest.version},
    )


def accept_annual_report(*, actor, annual: AnnualReport, comment: str = "") -> AnnualReport:
    require(actor, annual, DECIDE, _("Only CAST administrators accept annual reports."))
    return AnnualReport.workflow.apply(
        annual,
        "accept",
        actor=actor,
        comment=comment,
    )


def return_annual_report(*, actor, annual: AnnualReport, reason: str) -> AnnualReport:
    require(actor, annual, DECIDE, _("Only CAST administrators return annual reports."))
    reason = (reason or "").strip()
    return AnnualReport.workflow.apply(
        annual,
        "send_back",
        actor=actor,
        comment=reason,
    )


def is_late(annual_status: str | None) -> bool:
    return annual_status not in (AnnualReportStatus.SUBMITTED, AnnualReportStatus.ACCEPTED)


def refresh_scorecard(*, actor, year: int) -> None:
    """Queue a recount of the scorecard of `year` (and the year before, its trend) from the current data;
    the stored counts are replaced once the worker has gathered them (CAST only, audited)."""
    require(actor, None, ADMIN, _("Only CAST administrators recompute the scorecard."))
    years = [int(year), int(year) - 1]
    with transaction.atomic():
        log_action("reports.scorecarddata.requested", actor=actor, data={"years": years})
        enqueue_on_commit(tasks.refresh_scorecards, years)
