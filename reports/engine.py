"""Rendering one report in a worker: build the kind's context from the data as of now, render its
template to HTML (in Chinese), then to PDF, and write the PDF and the XLSX of its tables.

The files are written only once the PDF exists in full, and the row says `done` in the same transaction
that names them: a worker killed mid-render leaves the row `running` with no file, and running the report
again (services.retry_report) completes it. A failure marks the row `failed` with the reason."""

import io
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.db_router import replica_reads
from core.tabular import safe_cell

from .choices import ReportStatus
from .kinds import KINDS
from .models import Report
from .pdf import FONT_FAMILY, render

log = logging.getLogger(__name__)


def _progress(report: Report, value: int) -> None:
    Report.objects.filter(pk=report.pk).update(progress=value)


def xlsx_of(tables) -> bytes:
    """Every table of the report as one sheet of a workbook (sheet names are unique and ≤ 31 chars)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    used: set[str] = set()
    for n, table in enumerate(tables, start=1):
        name = "".join(ch for ch in str(table.title) if ch not in "[]:*?/\\")[:28] or f"Sheet{n}"
        while name in used:
            name = f"{name[:25]}-{n}"
        used.add(name)
        sheet = book.create_sheet(name)
        sheet.append([safe_cell(str(h)) for h in table.header])
        for row in table.rows:
            sheet.append([c if isinstance(c, int | float) else safe_cell(str(c)) for c in row])
    if not used:
        book.create_sheet("—")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(report_pk: int) -> Report:
    report = Report.objects.select_related("society", "annual_report").get(pk=report_pk)
    if report.status == ReportStatus.DONE:
        return report
    now = timezone.now()
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, started_at=now, progress=5, error="", attempts=report.attempts + 1
    )
    try:
        kind = KINDS[report.kind]
        with translation.override("zh-hans"):
            with replica_reads():  # the report's data from the read replica, when there is one
                context = kind.build(report)
            _progress(report, 35)
            # "Data as of": when the numbers were counted — now, or for a kind that reads stored counts
            # (the scorecard: reports.ScorecardData, the numbers its pages show) when those were counted.
            inputs_at = context.get("inputs_at") or now
            common = {**context, "report": report, "inputs_at": inputs_at, "font": FONT_FAMILY}
            parts = [render_to_string(kind.template, {**common, "part": part}) for part in ("cover", "body")]
        _progress(report, 50)
        pdf, pages = render(parts)
        _progress(report, 90)
        workbook = xlsx_of(context.get("tables", []))
        with transaction.atomic():
            locked = Report.objects.select_for_update().get(pk=report.pk)
            locked.file.save(report.filename("pdf"), ContentFile(pdf), save=False)
            locked.xlsx.save(report.filename("xlsx"), ContentFile(workbook), save=False)
            locked.pages = pages
            locked.inputs_at = inputs_at
            locked.status = ReportStatus.DONE
            locked.progress = 100
            locked.finished_at = timezone.now()
            locked.save()
        return locked
    except Exception as exc:
        log.exception("report %s failed", report.pk)
        report.record_failure(exc)
        raise
