"""Pages and API of filings: scoping, queue query budget, attachments by content, exports, API shapes."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from activities import services
from activities.attachments import add_attachment
from activities.models import Activity
from core.errors import DomainError

from ..factories import SocietyFactory, filing_data

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.django_db
def test_secretary_b_cannot_see_society_a_filing(login, make_filing, secretary_b, api):
    a = make_filing()
    assert login(secretary_b).get(f"/activities/{a.pk}/").status_code == 404
    client = api.as_user(secretary_b)
    assert client.get(f"/api/v1/activities/{a.pk}/").status_code == 404
    assert client.get("/api/v1/activities/").json()["count"] == 0
    assert client.post(f"/api/v1/activities/{a.pk}/submit/").status_code == 404
    a.refresh_from_db()
    assert a.status == "draft"


@pytest.mark.django_db
def test_branch_officer_sees_only_own_branch_filings(
    api, branch_officer_x, secretary_a, society_a, branch_x, branch_y
):
    mine = services.create_filing(actor=secretary_a, society=society_a, data=filing_data(branch=branch_x))
    services.create_filing(actor=secretary_a, society=society_a, data=filing_data(branch=branch_y))
    services.create_filing(actor=secretary_a, society=society_a, data=filing_data())
    ids = [r["id"] for r in api.as_user(branch_officer_x).get("/api/v1/activities/").json()["results"]]
    assert ids == [mine.pk]


@pytest.mark.django_db
def test_api_lifecycle_and_error_shapes(api, secretary_a, cast_admin, society_a):
    sec = api.as_user(secretary_a)
    body = {**filing_data(), "society": society_a.pk}
    body["starts_on"], body["ends_on"] = str(body["starts_on"]), str(body["ends_on"])
    created = sec.post("/api/v1/activities/", {**body, "scope_codes": ["14010"]}, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    refused = sec.post(f"/api/v1/activities/{pk}/submit/")
    assert (
        refused.status_code == 400
        and refused.json()["rule"] == "R-ACT-01"
        and "scope_codes" in refused.json()
    )
    assert (
        sec.patch(f"/api/v1/activities/{pk}/", {"scope_codes": ["15020"]}, format="json").status_code == 200
    )
    assert sec.post(f"/api/v1/activities/{pk}/submit/").json()["status"] == "submitted"
    assert sec.post(f"/api/v1/activities/{pk}/approve/", {}, format="json").status_code == 403
    admin = api.as_user(cast_admin)
    assert admin.post(f"/api/v1/activities/{pk}/approve/", {}, format="json").json()["status"] == "approved"
    again = admin.post(f"/api/v1/activities/{pk}/return/", {"comment": "x"}, format="json")
    assert again.status_code == 409 and again.json() == {
        "detail": again.json()["detail"],
        "status": "approved",
    }
    history = admin.get(f"/api/v1/activities/{pk}/history/").json()
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        ("draft", "submitted"),
        ("submitted", "approved"),
    ]
    assert len(admin.get(f"/api/v1/activities/{pk}/versions/").json()) == 1


@pytest.mark.django_db
def test_review_queue_query_count_is_constant(
    login, cast_admin, secretary_a, society_a, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def fill(n):
        for i in range(n):
            a = services.create_filing(
                actor=secretary_a, society=society_a, data=filing_data(title=f"研讨会{i}")
            )
            services.submit_filing(actor=secretary_a, activity=a)

    client = login(cast_admin)
    fill(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/activities/review/").status_code == 200
    fill(40)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/activities/review/")
    assert response.content.decode().count('name="ids"') == 43
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


@pytest.mark.django_db
def test_attachment_type_is_checked_by_content(make_filing, secretary_a, login, secretary_b):
    a = make_filing()
    with pytest.raises(DomainError) as err:
        add_attachment(
            actor=secretary_a, activity=a, upload=SimpleUploadedFile("议程.pdf", b"MZ\x90\x00 not a pdf")
        )
    assert err.value.field == "file"
    assert not a.attachments.exists()
    good = add_attachment(actor=secretary_a, activity=a, upload=SimpleUploadedFile("议程.txt", PDF))
    assert good.content_type == "application/pdf"
    assert not str(good.file.path).startswith(str(__import__("django.conf").conf.settings.STATIC_ROOT))
    response = login(secretary_a).get(f"/activities/attachments/{good.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert login(secretary_b).get(f"/activities/attachments/{good.pk}/").status_code == 404


@pytest.mark.django_db
def test_attachment_size_limit_from_settings(make_filing, secretary_a, cast_admin):
    from core.rule_settings import change_rule_setting

    change_rule_setting(actor=cast_admin, key="attachment_max_mb", value=0)
    with pytest.raises(DomainError):
        add_attachment(actor=secretary_a, activity=make_filing(), upload=SimpleUploadedFile("a.pdf", PDF))


@pytest.mark.django_db
def test_csv_export_of_filtered_queue(login, cast_admin, secretary_a, make_filing):
    services.submit_filing(actor=secretary_a, activity=make_filing(title="在线研讨"))
    soon = timezone.localdate() + timedelta(days=3)
    services.submit_filing(
        actor=secretary_a, activity=make_filing(title="迟报研讨", starts_on=soon, ends_on=soon)
    )
    response = login(cast_admin).get("/activities/review/?late=1&export=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][3] == "迟报研讨"
    xlsx = login(cast_admin).get("/activities/review/?export=xlsx")
    assert xlsx.content[:2] == b"PK"


@pytest.mark.django_db
def test_inline_rule_check_lists_problems(login, secretary_a, society_a):
    data = {
        k: (", ".join(v) if isinstance(v, list) else v)
        for k, v in filing_data(requires_member_sponsorship=True).items()
    }
    html = login(secretary_a).post("/activities/check/", data, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-rule="R-ACT-04"' in html


@pytest.mark.django_db
def test_web_return_and_resubmit_flow(login, secretary_a, cast_admin, make_filing):
    a = services.submit_filing(actor=secretary_a, activity=make_filing())
    admin = login(cast_admin)
    assert admin.get(f"/activities/{a.pk}/return/").status_code == 200
    assert Activity.objects.get(pk=a.pk).status == "submitted"  # GET changes nothing
    admin.post(f"/activities/{a.pk}/return/", {"comment": "请补充预算明细"})
    assert Activity.objects.get(pk=a.pk).status == "returned"


@pytest.mark.django_db
def test_duplicate_as_new_and_summary(login, secretary_a, cast_admin, make_filing):
    a = services.submit_filing(actor=secretary_a, activity=make_filing())
    client = login(secretary_a)
    response = client.post(f"/activities/{a.pk}/duplicate/")
    copy = Activity.objects.exclude(pk=a.pk).get()
    assert copy.status == "draft" and copy.scope_codes == a.scope_codes and response.status_code == 302
    services.approve_filing(actor=cast_admin, activity=a)
    with pytest.raises(DomainError):  # not ended yet
        services.record_summary(actor=secretary_a, activity=a, actual_participants=100, summary="顺利")
    Activity.objects.filter(pk=a.pk).update(
        starts_on=timezone.localdate() - timedelta(days=3), ends_on=timezone.localdate() - timedelta(days=2)
    )
    done = services.record_summary(actor=secretary_a, activity=a, actual_participants=98, summary="顺利召开")
    assert done.actual_participants == 98


@pytest.mark.django_db
def test_other_society_data_never_leaks_in_queue_for_secretary(login, secretary_a):
    other = SocietyFactory()
    assert other.pk
    assert login(secretary_a).get("/activities/review/").status_code == 403


@pytest.mark.django_db
def test_filing_cannot_cross_into_another_society(
    api, branch_officer_x, branch_x, secretary_a, society_a, society_b
):
    from ..factories import BranchFactory

    body = {**filing_data(), "society": society_b.pk, "branch": branch_x.pk}
    body["starts_on"], body["ends_on"] = str(body["starts_on"]), str(body["ends_on"])
    response = api.as_user(branch_officer_x).post("/api/v1/activities/", body, format="json")
    assert response.status_code == 400 and "branch" in response.json()
    physics_branch = BranchFactory(society=society_b)
    body = {**body, "society": society_a.pk, "branch": physics_branch.pk}
    response = api.as_user(secretary_a).post("/api/v1/activities/", body, format="json")
    assert response.status_code == 400 and "branch" in response.json()
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_attachments_frozen_after_submit_and_kept_in_versions(make_filing, secretary_a, cast_admin):
    from activities.versions import version_diffs
    from core.errors import TransitionNotAllowed

    a = make_filing()
    add_attachment(actor=secretary_a, activity=a, upload=SimpleUploadedFile("议程.pdf", PDF))
    a = services.submit_filing(actor=secretary_a, activity=a)
    with pytest.raises(TransitionNotAllowed):
        add_attachment(actor=secretary_a, activity=a, upload=SimpleUploadedFile("附件2.pdf", PDF))
    assert a.attachments.count() == 1
    a = services.return_filing(actor=cast_admin, activity=a, comment="补充预算表")
    add_attachment(actor=secretary_a, activity=a, upload=SimpleUploadedFile("预算.pdf", PDF))
    a = services.submit_filing(actor=secretary_a, activity=a)
    versions = version_diffs(a)
    assert versions[0]["version"].data["attachments"] == ["议程.pdf"]
    assert [c["field"] for c in versions[1]["changes"]] == ["attachments"]


@pytest.mark.django_db
def test_bulk_approve_does_not_redirect_off_site(login, cast_admin):
    response = login(cast_admin).post("/activities/review/bulk-approve/", {"next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == "/activities/review/"
