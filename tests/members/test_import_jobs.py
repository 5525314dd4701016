"""A long member list is imported by a worker (issue 15: no request over 2 s): the upload is held, the job
runs the secretariat's own import service as the user who asked, its page shows the counts or each row's
problem, the held file (ID numbers) is deleted afterwards, and another society's secretariat never sees it.
Tasks run in-process here; tests/celery_worker/test_import_worker.py runs one in a real worker."""

import pytest

from core.models import AuditEntry
from members import import_export
from members.models import MemberImport, Membership, Person

from ..societies.test_members_import_export import csv_upload, good_rows, post_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def short_limit(monkeypatch, django_capture_on_commit_callbacks):
    """Files of more than three rows go to a job (the real limit is 2,000). Returns `upload(client, rows)`,
    which posts the file and runs the task queued on commit (in-process) as the request's commit would."""
    monkeypatch.setattr(import_export, "IN_REQUEST_ROWS", 3)

    def upload(client, society, rows):
        with django_capture_on_commit_callbacks(execute=True):
            return post_import(client, society, csv_upload(rows))

    return upload


def test_a_long_file_becomes_a_job_that_imports_it(
    login, secretary_a, society_a, short_limit, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = login(secretary_a)
    response = short_limit(client, society_a, good_rows(6))
    job = MemberImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/societies/{society_a.pk}/members/imports/{job.pk}/"
    assert (job.status, job.progress, job.rows, job.people_created) == ("done", 100, 6, 6), job.error
    assert Membership.objects.filter(society=society_a).count() == 6
    assert not job.file and not list(tmp_path.rglob("*.csv"))  # the held file with ID numbers is gone
    person = Person.objects.get(name="导入0")
    record = person.history.get()
    assert record.history_user == secretary_a and record.history_change_reason == "import"
    requested = AuditEntry.objects.get(action="members.import.requested")
    imported = AuditEntry.objects.get(action="members.membership.imported")
    assert requested.actor == imported.actor == secretary_a
    assert imported.data["memberships_created"] == 6

    page = client.get(response["Location"]).content.decode()
    assert 'id="import-result"' in page and 'id="import-rows">6<' in page and 'data-status="done"' in page


def test_a_refused_long_file_lists_each_problem_and_writes_nothing(
    login, secretary_a, society_a, short_limit, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    rows = good_rows(5)
    rows[3][2] = "12345"  # not an ID number
    before = (Person.objects.count(), Membership.objects.count())
    client = login(secretary_a)
    response = short_limit(client, society_a, rows)
    job = MemberImport.objects.get()
    assert job.status == "done" and job.refused and job.people_created is None
    assert (Person.objects.count(), Membership.objects.count()) == before
    assert [e.row for e in job.errors()] == [5]
    page = client.get(response["Location"]).content.decode()
    assert 'id="import-errors"' in page and 'data-row="5"' in page
    assert "证件号码" in page  # the column named in the reader's language, not its key
    assert AuditEntry.objects.filter(action="members.membership.import_refused").count() == 1


def test_a_short_file_is_still_imported_in_the_request(login, secretary_a, society_a, short_limit):
    response = short_limit(login(secretary_a), society_a, good_rows(3))
    assert response.status_code == 302 and response["Location"] == f"/societies/{society_a.pk}/members/"
    assert not MemberImport.objects.exists()


def test_another_society_never_sees_the_job(
    login, secretary_a, secretary_b, society_a, short_limit, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    short_limit(login(secretary_a), society_a, good_rows(5))
    job = MemberImport.objects.get()
    other = login(secretary_b)
    for suffix in ("", "progress/"):
        assert other.get(f"/societies/{society_a.pk}/members/imports/{job.pk}/{suffix}").status_code in (
            403,
            404,
        )


def test_the_service_checks_its_actor(secretary_b, society_a):
    from django.core.exceptions import PermissionDenied

    from members.services import start_import

    with pytest.raises(PermissionDenied):
        start_import(actor=secretary_b, society=society_a, upload=csv_upload(good_rows(5)), filename="m.csv")
    assert not MemberImport.objects.exists()


def test_a_nul_character_is_a_row_problem_not_a_server_error(login, secretary_a, society_a):
    rows = good_rows(2)
    rows[1][4] = "北京\x00大学"
    response = post_import(login(secretary_a), society_a, csv_upload(rows))
    assert response.status_code == 400
    errors = response.context["result"].errors
    assert [(e.row, e.column) for e in errors] == [(3, "employer")]
    assert not Person.objects.filter(name__startswith="导入").exists()
