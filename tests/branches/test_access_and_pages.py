"""Who sees and acts on which branch (UI and API), and the pages of each role."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from branches import services
from branches.models import Branch
from core.models import AuditEntry
from tests.factories import BranchFactory, BranchResolutionFactory, add_active_members


@pytest.mark.django_db
def test_branch_officer_sees_only_own_branch_ui(login, branch_officer_x, branch_x, branch_y):
    client = login(branch_officer_x)
    assert client.get(f"/branches/{branch_x.pk}/").status_code == 200
    assert client.get(f"/branches/{branch_y.pk}/").status_code == 404
    assert client.get(f"/branches/{branch_y.pk}/edit/").status_code == 404
    listing = client.get("/branches/").content.decode()
    assert f'data-branch="{branch_x.pk}"' in listing and f'data-branch="{branch_y.pk}"' not in listing
    roster = client.get(f"/branches/roster/{branch_x.society_id}/").content.decode()
    assert f'data-branch="{branch_y.pk}"' not in roster
    assert AuditEntry.objects.filter(action="core.access.denied_view", actor=branch_officer_x).exists()


@pytest.mark.django_db
def test_branch_officer_sees_only_own_branch_api(api, branch_officer_x, branch_x, branch_y):
    client = api.as_user(branch_officer_x)
    assert [b["id"] for b in client.get("/api/v1/branches/").json()["results"]] == [branch_x.pk]
    assert client.get(f"/api/v1/branches/{branch_y.pk}/").status_code == 404
    assert (
        client.patch(f"/api/v1/branches/{branch_y.pk}/", {"purpose": "x"}, format="json").status_code == 404
    )
    assert client.get(f"/api/v1/branches/{branch_y.pk}/history/").status_code == 404


@pytest.mark.django_db
def test_branch_officer_manages_own_branch(login, api, branch_officer_x, branch_x):
    res = api.as_user(branch_officer_x).patch(
        f"/api/v1/branches/{branch_x.pk}/", {"purpose": "有机化学学术交流"}, format="json"
    )
    assert res.status_code == 200 and res.json()["purpose"] == "有机化学学术交流"
    client = login(branch_officer_x)
    client.post(f"/branches/{branch_x.pk}/officers/", {"name": "陈主任", "position": "director"})
    assert list(branch_x.officers.values_list("name", flat=True)) == ["陈主任"]
    # but takes no CAST decision
    assert (
        api.as_user(branch_officer_x)
        .post(f"/api/v1/branches/{branch_x.pk}/revoke/", {"comment": "x"}, format="json")
        .status_code
        == 403
    )


@pytest.mark.django_db
def test_secretary_of_another_society_cannot_act(api, login, secretary_b, branch_x, cast_admin):
    client = api.as_user(secretary_b)
    assert client.get(f"/api/v1/branches/{branch_x.pk}/").status_code == 404
    for step in ("submit", "approve", "revoke", "flag"):
        assert (
            client.post(
                f"/api/v1/branches/{branch_x.pk}/{step}/", {"comment": "x"}, format="json"
            ).status_code
            == 404
        )
    assert (
        client.patch(
            f"/api/v1/branches/{branch_x.pk}/", {"name": "改名专业委员会"}, format="json"
        ).status_code
        == 404
    )
    web = login(secretary_b)
    assert web.get(f"/branches/{branch_x.pk}/").status_code == 404
    assert web.post(f"/branches/{branch_x.pk}/revoke/", {"comment": "x"}).status_code == 404
    assert (
        web.post(f"/branches/{branch_x.pk}/officers/", {"name": "某人", "position": "member"}).status_code
        == 404
    )
    branch_x.refresh_from_db()
    assert branch_x.status == "active" and not branch_x.officers.exists()


@pytest.mark.django_db
def test_secretary_cannot_propose_for_another_society(api, secretary_b, society_a):
    res = api.as_user(secretary_b).post(
        "/api/v1/branches/",
        {"society": society_a.pk, "name": "物理化学专业委员会", "business_scope": ["150"]},
        format="json",
    )
    # the society field only accepts societies the user may act on: a field error, not a 403
    assert res.status_code == 400 and "society" in res.json()
    assert not Branch.objects.exists()


@pytest.mark.django_db
def test_cast_pages_are_closed_to_secretaries(login, secretary_a):
    client = login(secretary_a)
    for url in ("/branches/review/", "/branches/cleanup/", "/branches/cleanup/scan/"):
        assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_pages_render_for_each_role(
    login, cast_admin, regulator, secretary_a, branch_officer_x, branch_x, society_a
):
    for user, urls in [
        (
            secretary_a,
            [
                "/branches/",
                "/branches/new/",
                "/branches/import/",
                f"/branches/{branch_x.pk}/",
                f"/branches/{branch_x.pk}/assess/",
                f"/branches/roster/{society_a.pk}/",
                "/compliance/findings/",
                "/",
            ],
        ),
        (
            cast_admin,
            [
                "/branches/review/",
                "/branches/cleanup/",
                "/branches/cleanup/scan/",
                f"/branches/{branch_x.pk}/revoke/",
                f"/branches/{branch_x.pk}/flag/",
                "/compliance/findings/",
                "/",
            ],
        ),
        (regulator, ["/branches/review/", "/branches/cleanup/", f"/branches/roster/{society_a.pk}/"]),
        (
            branch_officer_x,
            ["/branches/", f"/branches/{branch_x.pk}/", f"/branches/{branch_x.pk}/edit/", "/"],
        ),
    ]:
        client = login(user)
        for url in urls:
            assert client.get(url).status_code == 200, (user.username, url)
        client.logout()


@pytest.mark.django_db
def test_propose_and_submit_through_the_form(login, secretary_a, society_a, cast_admin):
    add_active_members(society_a, 300)
    client = login(secretary_a)
    data = {
        "name": "物理化学专业委员会",
        "kind": "branch",
        "business_scope": "15020",
        "purpose": "物理化学学术交流",
        "res-body": "council",
        "res-held_on": "2026-01-10",
        "res-seats": "90",
        "res-present": "50",
        "res-votes_for": "45",
        "res-votes_against": "0",
        "res-abstain": "0",
        "res-document": SimpleUploadedFile("决议.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
        "intent": "submit",
    }
    res = client.post("/branches/new/", data)
    assert res.status_code == 200 and "R-BR-03" in res.content.decode()
    assert not Branch.objects.exists()  # refused on submit: not even the proposal is written
    data["res-present"] = "70"
    data["res-document"] = SimpleUploadedFile(
        "决议.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"
    )
    res = client.post("/branches/new/", data)
    branch = Branch.objects.get()
    assert res.status_code == 302 and branch.status == "submitted"
    assert branch.resolution.document_name == "决议.pdf"
    doc = client.get(f"/branches/{branch.pk}/resolution/document/")
    assert doc.status_code == 200 and b"".join(doc.streaming_content).startswith(b"%PDF")
    admin = login(cast_admin)
    assert admin.get(f"/branches/{branch.pk}/approve/").status_code == 200
    assert admin.post(f"/branches/{branch.pk}/approve/", {"comment": "同意"}).status_code == 302
    branch.refresh_from_db()
    assert branch.status == "active"


@pytest.mark.django_db
def test_check_endpoint_lists_problems(login, secretary_a, society_a):
    res = login(secretary_a).post(
        "/branches/check/",
        {
            "name": "有机化学分会合成分会",
            "kind": "branch",
            "business_scope": "140",
            "res-seats": "90",
            "res-present": "10",
        },
    )
    body = res.content.decode()
    assert 'data-rule="R-BR-01"' in body and 'data-rule="R-BR-02"' in body and 'data-rule="R-BR-03"' in body


@pytest.mark.django_db
def test_web_steps_for_cast(login, cast_admin, secretary_a, society_a):
    branch = BranchFactory(society=society_a, name="无机化学专业委员会", status="proposed")
    BranchResolutionFactory(branch=branch)
    add_active_members(society_a, 300)
    client = login(secretary_a)
    assert client.post(f"/branches/{branch.pk}/submit/", {}).status_code == 302
    client = login(cast_admin)
    res = client.post(f"/branches/{branch.pk}/reject/", {"comment": ""})
    # the refusal stands next to the comment it is about (issue 16: field errors beside their field)
    page = res.content.decode()
    assert res.status_code == 200 and 'id="id_comment"' in page
    assert page.index("invalid-feedback", page.index('id="id_comment"')) > 0
    assert client.post(f"/branches/{branch.pk}/approve/", {}).status_code == 302
    assert client.post(f"/branches/{branch.pk}/flag/", {"comment": "整改"}).status_code == 302
    assert client.post(f"/branches/{branch.pk}/revoke/", {"comment": "撤销"}).status_code == 302
    branch.refresh_from_db()
    assert branch.status == "revoked"
    assert client.get(f"/branches/{branch.pk}/").status_code == 200


@pytest.mark.django_db
def test_assessment_through_the_form(login, secretary_a, branch_x):
    res = login(secretary_a).post(
        f"/branches/{branch_x.pk}/assess/",
        {"year": "2025", "members_served": "100", "grade": "pass", "reason": "良好"},
    )
    assert res.status_code == 302
    assert branch_x.assessments.get().grade == "pass"


@pytest.mark.django_db
def test_cleanup_scan_through_the_page(login, cast_admin, society_a, django_capture_on_commit_callbacks):
    """The scan is a compliance sweep now: its page follows the job; R-BR-05 flags the branch."""
    from datetime import date

    from compliance.models import Finding

    BranchFactory(society=society_a, name="无机化学专业委员会", established_on=date(2010, 1, 1))
    client = login(cast_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/branches/cleanup/scan/")
    assert response.status_code == 302 and response["Location"].startswith("/compliance/sweeps/")
    branch = Branch.objects.get()
    assert branch.status == "rectifying"
    finding = Finding.objects.get(rule="R-BR-05")
    assert branch.rectification_deadline == finding.deadline
    assert services  # imported for the service under test
