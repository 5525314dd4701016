"""R-BR-02 scope, R-BR-03 resolution quorum/majority, R-BR-04 ceiling; CAST approves or rejects."""

import pytest
from django.core.exceptions import PermissionDenied

from branches import services
from branches.models import Branch
from compliance.models import Finding
from core.audit import status_history
from core.errors import DomainError, TransitionNotAllowed
from core.models import AuditEntry
from core.rule_settings import change_rule_setting

from ..factories import add_active_members, good_resolution


@pytest.mark.django_db
def test_scope_outside_the_society_is_refused(secretary_a, society_a):
    with pytest.raises(DomainError) as err:
        services.propose_branch(
            actor=secretary_a,
            society=society_a,
            data={"name": "凝聚态物理专业委员会", "business_scope": ["140"]},
        )
    assert err.value.rule == "R-BR-02" and err.value.field == "business_scope"
    assert "140" in str(err.value.message)
    assert not Branch.objects.exists()


@pytest.mark.django_db
def test_rescoping_outside_is_refused(secretary_a, branch_x):
    with pytest.raises(DomainError) as err:
        services.update_branch(actor=secretary_a, branch=branch_x, data={"business_scope": ["150", "520"]})
    assert err.value.rule == "R-BR-02"
    branch_x.refresh_from_db()
    assert branch_x.business_scope == ["150"]


@pytest.mark.django_db
def test_name_is_unique_within_the_society(secretary_a, society_a, society_b, secretary_b, branch_x):
    with pytest.raises(DomainError) as err:
        services.propose_branch(
            actor=secretary_a, society=society_a, data={"name": branch_x.name, "business_scope": ["150"]}
        )
    assert err.value.field == "name"
    # another society may use the same name
    other = services.propose_branch(
        actor=secretary_b, society=society_b, data={"name": branch_x.name, "business_scope": ["140"]}
    )
    assert other.society == society_b


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("resolution", "field", "numbers"),
    [
        ({"seats": 90, "present": 60}, "present", ["60", "90"]),  # 60/90 is exactly 2/3, not more
        ({"seats": 90, "present": 50, "votes_for": 40}, "present", ["50", "90"]),
        ({"present": 70, "votes_for": 35, "votes_against": 30, "abstain": 5}, "votes_for", ["35", "70"]),
        ({"present": 70, "votes_for": 60, "votes_against": 10, "abstain": 5}, "votes_for", ["75", "70"]),
        ({"seats": 90, "present": 95}, "present", ["95", "90"]),
    ],
)
def test_submit_refuses_without_quorum_or_majority(
    secretary_a, society_a, proposal, resolution, field, numbers
):
    add_active_members(society_a, 300)
    branch = proposal(**resolution)
    audit_before = AuditEntry.objects.count()
    with pytest.raises(DomainError) as err:
        services.submit_branch(actor=secretary_a, branch=branch)
    assert err.value.rule == "R-BR-03" and err.value.field == field
    assert all(n in str(err.value.message) for n in numbers)  # the message names the counts at fault
    branch.refresh_from_db()
    assert branch.status == "proposed" and branch.submitted_at is None
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.django_db
def test_quorum_follows_the_setting(secretary_a, society_a, proposal, cast_admin):
    add_active_members(society_a, 300)
    change_rule_setting(actor=cast_admin, key="branch_quorum_ratio", value="0.5")
    branch = proposal(seats=90, present=50, votes_for=40)
    assert services.submit_branch(actor=secretary_a, branch=branch).status == "submitted"


@pytest.mark.django_db
def test_submit_without_resolution_is_refused(secretary_a, society_a):
    add_active_members(society_a, 300)
    branch = services.propose_branch(
        actor=secretary_a, society=society_a, data={"name": "物理化学专业委员会", "business_scope": ["150"]}
    )
    with pytest.raises(DomainError) as err:
        services.submit_branch(actor=secretary_a, branch=branch)
    assert err.value.rule == "R-BR-03" and err.value.field == "resolution"


@pytest.mark.django_db
def test_within_ceiling_submits_without_reason(secretary_a, society_a, proposal):
    add_active_members(society_a, 300)  # ceil(300/300) = 1 branch allowed, none yet
    branch = services.submit_branch(actor=secretary_a, branch=proposal())
    assert branch.status == "submitted" and not branch.needs_cast_attention
    assert [h.to_status for h in status_history(branch)] == ["proposed", "submitted"]


@pytest.mark.django_db
def test_over_ceiling_needs_a_reason_and_is_flagged(secretary_a, society_a, branch_x, proposal):
    add_active_members(society_a, 300)  # 1 allowed, branch_x already active
    branch = proposal()
    with pytest.raises(DomainError) as err:
        services.submit_branch(actor=secretary_a, branch=branch)
    assert err.value.rule == "R-BR-04" and err.value.field == "over_ceiling_reason"
    branch.refresh_from_db()
    assert branch.status == "proposed"
    done = services.submit_branch(
        actor=secretary_a, branch=branch, over_ceiling_reason="物理化学领域会员快速增长"
    )
    assert done.status == "submitted" and done.needs_cast_attention
    assert done.over_ceiling_reason == "物理化学领域会员快速增长"


@pytest.mark.django_db
def test_ceiling_is_capped_by_the_maximum(secretary_a, society_a, proposal, cast_admin):
    add_active_members(society_a, 600)  # 2 by members
    change_rule_setting(actor=cast_admin, key="branch_ceiling_max", value="0")
    with pytest.raises(DomainError) as err:
        services.submit_branch(actor=secretary_a, branch=proposal())
    assert err.value.rule == "R-BR-04"


@pytest.mark.django_db
def test_cast_approves_and_the_branch_is_established(secretary_a, society_a, proposal, cast_admin):
    add_active_members(society_a, 300)
    branch = services.submit_branch(actor=secretary_a, branch=proposal())
    with pytest.raises(PermissionDenied):
        services.approve_branch(actor=secretary_a, branch=branch)
    done = services.approve_branch(actor=cast_admin, branch=branch, comment="同意设立")
    assert done.status == "active" and done.established_on is not None
    entry = status_history(done).last()
    assert (
        entry.action == "branches.branch.approve"
        and entry.actor == cast_admin
        and entry.comment == "同意设立"
    )
    assert not Finding.objects.filter(rule="R-BR-04").exists()


@pytest.mark.django_db
def test_approving_over_the_ceiling_opens_a_warning(secretary_a, society_a, branch_x, proposal, cast_admin):
    branch = services.submit_branch(actor=secretary_a, branch=proposal(), over_ceiling_reason="确有需要")
    services.approve_branch(actor=cast_admin, branch=branch)
    finding = Finding.objects.get(rule="R-BR-04")
    assert finding.severity == "warning" and finding.society == society_a


@pytest.mark.django_db
def test_reject_needs_a_comment(secretary_a, society_a, proposal, cast_admin):
    add_active_members(society_a, 300)
    branch = services.submit_branch(actor=secretary_a, branch=proposal())
    with pytest.raises(DomainError) as err:
        services.reject_branch(actor=cast_admin, branch=branch, comment=" ")
    assert err.value.field == "comment"
    assert (
        services.reject_branch(actor=cast_admin, branch=branch, comment="业务范围与现有分支机构重叠").status
        == "rejected"
    )
    with pytest.raises(TransitionNotAllowed):
        services.approve_branch(actor=cast_admin, branch=branch)


@pytest.mark.django_db
def test_api_propose_submit_approve(api, secretary_a, society_a, cast_admin):
    add_active_members(society_a, 300)
    client = api.as_user(secretary_a)
    resolution = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in good_resolution().items()}
    res = client.post(
        "/api/v1/branches/",
        {
            "society": society_a.pk,
            "name": "物理化学专业委员会",
            "kind": "branch",
            "business_scope": ["15020"],
            "resolution": resolution,
        },
        format="json",
    )
    assert res.status_code == 201, res.json()
    body = res.json()
    assert body["status"] == "proposed" and body["resolution"]["present"] == 70
    pk = body["id"]
    # a quorum problem is answered with the rule and the field
    res = client.patch(
        f"/api/v1/branches/{pk}/", {"resolution": {**resolution, "present": 40}}, format="json"
    )
    assert res.status_code == 200
    res = client.post(f"/api/v1/branches/{pk}/submit/", {}, format="json")
    assert res.status_code == 400 and res.json()["rule"] == "R-BR-03" and "present" in res.json()
    client.patch(f"/api/v1/branches/{pk}/", {"resolution": resolution}, format="json")
    assert client.post(f"/api/v1/branches/{pk}/submit/", {}, format="json").json()["status"] == "submitted"
    assert client.post(f"/api/v1/branches/{pk}/approve/", {}, format="json").status_code == 403
    cast = api.as_user(cast_admin)
    res = cast.post(f"/api/v1/branches/{pk}/approve/", {"comment": "同意"}, format="json")
    assert res.status_code == 200 and res.json()["status"] == "active"
    assert cast.post(f"/api/v1/branches/{pk}/approve/", {}, format="json").status_code == 409
    history = cast.get(f"/api/v1/branches/{pk}/history/").json()
    assert [h["to_status"] for h in history] == ["proposed", "submitted", "active"]
    listed = cast.get("/api/v1/branches/", {"status": "active", "search": "物理"}).json()
    assert [b["id"] for b in listed["results"]] == [pk]


@pytest.mark.django_db
def test_api_status_cannot_be_patched(api, secretary_a, branch_x):
    client = api.as_user(secretary_a)
    audit_before = AuditEntry.objects.count()
    res = client.patch(f"/api/v1/branches/{branch_x.pk}/", {"status": "revoked"}, format="json")
    assert res.status_code == 400 and "status" in res.json()  # state changes are actions (API.md)
    # not even the other fields of the same request are written
    res = client.patch(
        f"/api/v1/branches/{branch_x.pk}/", {"status": "revoked", "purpose": "改"}, format="json"
    )
    assert res.status_code == 400 and "status" in res.json()
    branch_x.refresh_from_db()
    assert branch_x.status == "active" and branch_x.purpose != "改"
    assert AuditEntry.objects.count() == audit_before
    # sending back the status it already has (a GET body PUT back) is harmless
    res = client.patch(
        f"/api/v1/branches/{branch_x.pk}/", {"status": "active", "purpose": "有机化学"}, format="json"
    )
    assert res.status_code == 200 and res.json()["purpose"] == "有机化学"


@pytest.mark.django_db
def test_branches_are_never_deleted(branch_x, api, cast_admin):
    with pytest.raises(DomainError):
        branch_x.delete()
    assert api.as_user(cast_admin).delete(f"/api/v1/branches/{branch_x.pk}/").status_code == 405
    assert Branch.objects.filter(pk=branch_x.pk).exists()
