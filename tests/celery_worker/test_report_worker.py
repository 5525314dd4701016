"""Reports are rendered by a real worker: a failing render marks the report failed with the reason and a
retry completes it; a worker killed mid-render leaves no file and a retry completes; generating again makes
a new version and keeps the first."""

import os
import signal
import subprocess
import time
import uuid

import pytest
from django.utils import timezone

from reports import services
from reports.models import Report
from tests.factories import BranchFactory

from .conftest import worker_output

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def _wait(pk, until, proc, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report = Report.objects.get(pk=pk)
        if until(report):
            return report
        time.sleep(0.1)
    pytest.fail(f"report {pk} stuck at {report.status} {report.progress}%\n" + worker_output(proc))


def _text(report) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", report.file.path, "-"], capture_output=True, text=True, check=True
    ).stdout


def test_failed_render_is_recorded_and_a_retry_completes(start_worker, cast_admin, society_a):
    BranchFactory(society=society_a, name="有机化学专业委员会")
    _, proc = start_worker(
        REPORT_PDF_RENDERER="tests.support.failing_pdf.flaky_render",
        FLAKY_PDF_KEY=f"test-pdf-{uuid.uuid4().hex}",
        FLAKY_PDF_FAILURES="1",
    )
    report = services.start_report(actor=cast_admin, kind="branch_roster", society=society_a)
    failed = _wait(report.pk, lambda r: r.is_finished, proc)
    assert failed.status == "failed" and "renderer crashed" in failed.error
    assert not failed.file

    services.retry_report(actor=cast_admin, report=failed)
    done = _wait(report.pk, lambda r: r.status == "done", proc)
    assert (done.version, done.attempts, done.progress) == (1, 2, 100)
    text = _text(done)
    assert society_a.name in text and "有机化学专业委员会" in text
    assert "第1页/共1页" in "".join(text.split())  # pdftotext drops the spaces around CJK

    second = services.start_report(actor=cast_admin, kind="branch_roster", society=society_a)
    second = _wait(second.pk, lambda r: r.status == "done", proc)
    assert second.version == 2 and second.file.name != done.file.name
    assert os.path.exists(done.file.path) and os.path.exists(second.file.path)  # the first is kept


def test_worker_killed_mid_render_leaves_no_file_and_a_retry_completes(start_worker, cast_admin, society_a):
    _, slow = start_worker(
        REPORT_PDF_RENDERER="tests.support.failing_pdf.flaky_render",
        FLAKY_PDF_KEY=f"test-pdf-{uuid.uuid4().hex}",
        FLAKY_PDF_FAILURES="0",
        FLAKY_PDF_DELAY="30",
    )
    report = services.start_report(actor=cast_admin, kind="branch_roster", society=society_a)
    _wait(report.pk, lambda r: r.progress >= 50, slow)  # in the renderer
    os.kill(slow.pid, signal.SIGKILL)
    slow.wait(timeout=10)
    killed = Report.objects.get(pk=report.pk)
    assert killed.status == "running" and not killed.file and not killed.xlsx
    Report.objects.filter(pk=report.pk).update(started_at=timezone.now() - services.STALE_AFTER * 2)

    _, fresh = start_worker()
    services.retry_report(actor=cast_admin, report=Report.objects.get(pk=report.pk))
    done = _wait(report.pk, lambda r: r.status == "done", fresh)
    assert done.version == 1 and done.pages >= 1 and os.path.getsize(done.file.path) > 1000
