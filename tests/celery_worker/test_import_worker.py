"""A long member import run by a real worker (issue 15): the job moves from queued to done, the people and
memberships are written as the secretary who asked, and the held file is deleted."""

import os
import time

import pytest

from core.models import AuditEntry
from members import services
from members.models import MemberImport, Membership

from ..societies.test_members_import_export import csv_upload, good_rows
from .conftest import worker_output

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_imports_the_held_file(start_worker, login, secretary_a, society_a):
    _, proc = start_worker()
    job = services.start_import(
        actor=secretary_a, society=society_a, upload=csv_upload(good_rows(8)), filename="members.csv"
    )
    assert job.status == "queued" and job.file
    held = job.file.path
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.2)
    else:
        pytest.fail(f"import stuck at {job.status} {job.progress}%\n" + worker_output(proc))
    assert (job.status, job.rows, job.memberships_created, job.refused) == ("done", 8, 8, False), job.error
    assert Membership.objects.filter(society=society_a).count() == 8
    assert AuditEntry.objects.get(action="members.membership.imported").actor == secretary_a
    assert not job.file
    assert not os.path.exists(held)
    page = login(secretary_a).get(f"/societies/{society_a.pk}/members/imports/{job.pk}/").content.decode()
    assert 'id="import-result"' in page
    MemberImport.objects.all().delete()
