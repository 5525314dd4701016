"""The member directory's XLSX export built by a real worker (issue 15): the job row moves to done with
its progress at 100, the stored file holds the filtered rows with ID numbers masked, and the built export
is audited with its row count."""

import io
import time

import pytest
from openpyxl import load_workbook

from core.models import AuditEntry
from members import services
from members.models import MemberExport
from tests.factories import MembershipFactory

from .conftest import worker_output

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_builds_the_export_and_the_page_offers_it(start_worker, login, secretary_a, society_a):
    fellows = MembershipFactory.create_batch(3, society=society_a, tier="fellow")
    MembershipFactory.create_batch(2, society=society_a, tier="student")
    _, proc = start_worker()
    job = services.start_export(actor=secretary_a, society=society_a, params={"tier": "fellow"})
    assert job.status == "queued"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.2)
    else:
        pytest.fail(f"export stuck at {job.status} {job.progress}%\n" + worker_output(proc))
    assert (job.status, job.progress, job.rows) == ("done", 100, 3), job.error
    try:
        rows = list(load_workbook(io.BytesIO(job.file.read())).active.values)
        assert rows[0][0] == "会员编号" and len(rows) == 4
        numbers = {r[0] for r in rows[1:]}
        assert numbers == {m.number for m in fellows}
        full = fellows[0].person.id_number
        assert full not in {r[3] for r in rows[1:]}  # masked unless asked for
        entry = AuditEntry.objects.get(action="members.membership.exported")
        assert entry.actor == secretary_a and entry.data["rows"] == 3 and entry.data["job"] == job.pk
        assert entry.data["full_ids"] is False

        client = login(secretary_a)
        page = client.get(f"/societies/{society_a.pk}/members/exports/{job.pk}/").content.decode()
        assert "download-xlsx" in page and 'id="export-percent">100%' in page
        download = client.get(f"/societies/{society_a.pk}/members/exports/{job.pk}/download/")
        assert download.status_code == 200 and download.getvalue().startswith(b"PK")
        assert AuditEntry.objects.filter(action="members.export.downloaded", actor=secretary_a).count() == 1
    finally:
        for export in MemberExport.objects.all():
            export.file.delete(save=False)
