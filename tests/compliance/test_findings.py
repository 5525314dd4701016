"""The findings store: idempotent opening, follow-up steps, scoping on the API and pages."""

import pytest
from django.core.exceptions import PermissionDenied

from compliance import services
from compliance.models import Finding
from core.errors import DomainError, TransitionNotAllowed
from core.models import AuditEntry
from tests.factories import BranchFactory


def _open(society, subject=None, rule="R-BR-05"):
    return services.open_finding(
        rule=rule,
        severity="violation",
        society=society,
        subject=subject,
        message="长期不开展活动",
        facts={"months": 12},
    )


@pytest.mark.django_db
def test_open_finding_is_idempotent_and_audited(branch_x, society_a):
    first = _open(society_a, branch_x)
    again = _open(society_a, branch_x)
    assert first.pk == again.pk and Finding.objects.count() == 1
    assert (
        first.subject == branch_x
        and first.object_id == str(branch_x.pk)
        and first.subject_type == "branches.branch"
    )
    assert AuditEntry.objects.filter(action="compliance.finding.opened").count() == 1
    # another rule, another subject or a society-wide finding are separate
    assert _open(society_a, branch_x, rule="R-BR-04").pk != first.pk
    society_wide = _open(society_a)
    assert society_wide.content_type is None and _open(society_a).pk == society_wide.pk
    # once resolved, the rule may open a new one
    services.resolve(actor=None, finding=first, comment="已整改")
    assert _open(society_a, branch_x).pk != first.pk


@pytest.mark.django_db
def test_follow_up_steps(branch_x, society_a, secretary_a, secretary_b, cast_admin):
    finding = _open(society_a, branch_x)
    with pytest.raises(PermissionDenied):
        services.acknowledge(actor=secretary_b, finding=finding)
    finding = services.acknowledge(actor=secretary_a, finding=finding, comment="已知悉")
    assert finding.status == "acknowledged"
    with pytest.raises(PermissionDenied):
        services.resolve(actor=secretary_a, finding=finding)
    with pytest.raises(DomainError) as err:
        services.dismiss(actor=cast_admin, finding=finding, reason="")
    assert err.value.field == "reason"
    finding = services.dismiss(actor=cast_admin, finding=finding, reason="活动已在学会层面备案")
    assert (
        finding.status == "dismissed"
        and finding.closing_comment == "活动已在学会层面备案"
        and finding.resolved_at
    )
    with pytest.raises(TransitionNotAllowed):
        services.resolve(actor=cast_admin, finding=finding)


@pytest.mark.django_db
def test_api_is_scoped(api, society_a, society_b, secretary_a, secretary_b, regulator, cast_admin):
    mine = _open(society_a, BranchFactory(society=society_a, name="无机化学专业委员会"))
    theirs = _open(
        society_b, BranchFactory(society=society_b, name="凝聚态物理专业委员会", business_scope=["140"])
    )
    ids = lambda user: {f["id"] for f in api.as_user(user).get("/api/v1/findings/").json()["results"]}  # noqa: E731
    assert ids(secretary_a) == {mine.pk}
    assert ids(secretary_b) == {theirs.pk}
    assert ids(regulator) == ids(cast_admin) == {mine.pk, theirs.pk}
    body = api.as_user(secretary_a).get(f"/api/v1/findings/{mine.pk}/").json()
    assert {
        "id",
        "rule",
        "severity",
        "society",
        "subject_type",
        "subject_id",
        "message",
        "status",
        "deadline",
    } <= set(body)
    assert api.as_user(secretary_a).get(f"/api/v1/findings/{theirs.pk}/").status_code == 404
    assert api.as_user(secretary_a).post(f"/api/v1/findings/{theirs.pk}/acknowledge/", {}).status_code == 404


@pytest.mark.django_db
def test_api_actions(api, society_a, secretary_a, cast_admin, regulator):
    finding = _open(society_a)
    res = api.as_user(secretary_a).post(
        f"/api/v1/findings/{finding.pk}/acknowledge/", {"comment": "收到"}, format="json"
    )
    assert res.status_code == 200 and res.json()["status"] == "acknowledged"
    assert (
        api.as_user(secretary_a)
        .post(f"/api/v1/findings/{finding.pk}/resolve/", {}, format="json")
        .status_code
        == 403
    )
    assert (
        api.as_user(regulator)
        .post(f"/api/v1/findings/{finding.pk}/dismiss/", {"reason": "x"}, format="json")
        .status_code
        == 403
    )
    res = api.as_user(cast_admin).post(f"/api/v1/findings/{finding.pk}/dismiss/", {}, format="json")
    assert res.status_code == 400 and "reason" in res.json()
    res = api.as_user(cast_admin).post(
        f"/api/v1/findings/{finding.pk}/resolve/", {"comment": "已整改"}, format="json"
    )
    assert res.status_code == 200 and res.json()["status"] == "resolved"
    history = api.as_user(cast_admin).get(f"/api/v1/findings/{finding.pk}/history/").json()
    assert [h["to_status"] for h in history] == ["open", "acknowledged", "resolved"]


@pytest.mark.django_db
def test_pages(login, society_a, society_b, secretary_a, cast_admin, member):
    mine = _open(society_a)
    theirs = _open(society_b)
    client = login(secretary_a)
    page = client.get("/compliance/findings/").content.decode()
    assert f'data-finding="{mine.pk}"' in page and f'data-finding="{theirs.pk}"' not in page
    assert client.get(f"/compliance/findings/{theirs.pk}/").status_code == 404
    assert client.post(f"/compliance/findings/{mine.pk}/acknowledge/", {}).status_code == 302
    mine.refresh_from_db()
    assert mine.status == "acknowledged"
    admin = login(cast_admin)
    res = admin.post(f"/compliance/findings/{mine.pk}/dismiss/", {"comment": ""})
    assert res.status_code == 200 and b"step-error" in res.content
    assert admin.post(f"/compliance/findings/{mine.pk}/resolve/", {"comment": "ok"}).status_code == 302
    assert admin.get("/compliance/findings/?status=all").status_code == 200
    member_client = login(member)
    assert member_client.get("/compliance/findings/").status_code == 403
