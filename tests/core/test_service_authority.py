"""Services are the authority (issue 10): each state change checks its actor itself, so a view or API
check that is deleted, a task or a shell call still cannot hand a secretary CAST's rights. Calls go
straight to the services here — no view in between — and every refusal is audited and writes nothing."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts import services as accounts
from branches import services as branches
from compliance import services as compliance
from core.access import ADMIN, CHANGE, DECIDE, REVIEW, VIEW, may, require, write_refusal_audit
from core.models import AuditEntry
from core.roles import Role, reach_of
from core.rule_settings import change_rule_setting, rule_setting
from party_building.services import matters
from societies import services as societies

from ..factories import BranchFactory, UserFactory


def denied(user, action) -> bool:
    return AuditEntry.objects.filter(actor=user, action=f"core.access.denied_{action}").exists()


@pytest.mark.django_db
def test_secretary_cannot_grant_themself_cast_admin(secretary_a):
    with pytest.raises(PermissionDenied):
        accounts.grant_role(actor=secretary_a, user=secretary_a, role=Role.CAST_ADMIN)
    secretary_a.refresh_from_db()
    assert not reach_of(type(secretary_a).objects.get(pk=secretary_a.pk)).cast_admin
    assert not AuditEntry.objects.filter(action="accounts.user.role_granted", actor=secretary_a).exists()
    assert denied(secretary_a, ADMIN)


@pytest.mark.django_db
def test_secretary_cannot_manage_accounts(secretary_a, society_b, member):
    calls = [
        lambda: accounts.grant_role(actor=secretary_a, user=member, role=Role.SECRETARY, society=society_b),
        lambda: accounts.revoke_role(actor=secretary_a, user=member, role=Role.MEMBER),
        lambda: accounts.create_user(actor=secretary_a, username="sneaky", password=None),
        lambda: accounts.deactivate_user(actor=secretary_a, user=member),
        lambda: accounts.update_user(actor=secretary_a, user=member, email="x@example.org"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    member.refresh_from_db()
    assert member.is_active and member.email != "x@example.org"
    assert not type(member).objects.filter(username="sneaky").exists()


@pytest.mark.django_db
def test_cast_admin_grants_roles_and_a_visitor_takes_only_the_member_role(cast_admin, society_a):
    user = UserFactory(username="newsec")
    accounts.grant_role(actor=cast_admin, user=user, role=Role.SECRETARY, society=society_a)
    assert society_a.pk in reach_of(user).secretary_of
    visitor = UserFactory(username="visitor")
    accounts.grant_role(actor=visitor, user=visitor, role=Role.MEMBER)  # registration
    with pytest.raises(PermissionDenied):
        accounts.grant_role(actor=visitor, user=visitor, role=Role.REGULATOR)


@pytest.mark.django_db
def test_secretary_cannot_change_rule_settings(secretary_a, cast_admin):
    before = rule_setting("large_expenditure_threshold")
    with pytest.raises(PermissionDenied):
        change_rule_setting(actor=secretary_a, key="large_expenditure_threshold", value="1", comment="")
    assert rule_setting("large_expenditure_threshold") == before
    assert denied(secretary_a, ADMIN)
    change_rule_setting(actor=cast_admin, key="large_expenditure_threshold", value="600000", comment="调整")
    assert str(rule_setting("large_expenditure_threshold")) == "600000"


@pytest.mark.django_db
def test_society_status_and_registration_are_casts(secretary_a, society_a):
    with pytest.raises(PermissionDenied):
        societies.change_society_status(actor=secretary_a, society=society_a, action="suspend", comment="x")
    with pytest.raises(PermissionDenied):
        societies.register_society(actor=secretary_a, code="x", name="x")
    society_a.refresh_from_db()
    assert society_a.status == "active"


@pytest.mark.django_db
def test_pre_review_is_the_party_committees_not_casts(secretary_a, society_a, cast_admin, reviewer_a):
    matter = matters.create_matter(
        actor=secretary_a, society=society_a, kind="plan", title="2026年度工作计划"
    )
    for user in (cast_admin, secretary_a):
        with pytest.raises(PermissionDenied):
            matters.approve_matter(actor=user, matter=matter, opinion="同意")
    matter.refresh_from_db()
    assert matter.status == "pending"
    assert matters.approve_matter(actor=reviewer_a, matter=matter, opinion="同意").status == "approved"


@pytest.mark.django_db
def test_findings_close_only_by_cast(society_a, secretary_a, secretary_b, cast_admin):
    finding = compliance.open_finding(
        rule="R-GOV-04", severity="warning", society=society_a, message="秘书长非专职"
    )
    with pytest.raises(PermissionDenied):
        compliance.resolve(actor=secretary_a, finding=finding)
    with pytest.raises(PermissionDenied):
        compliance.acknowledge(actor=secretary_b, finding=finding)  # another society's secretary
    assert compliance.acknowledge(actor=secretary_a, finding=finding).status == "acknowledged"
    assert compliance.resolve(actor=cast_admin, finding=finding, comment="已整改").status == "resolved"


@pytest.mark.django_db
def test_vocabulary(society_a, cast_admin, regulator, secretary_a, reviewer_a):
    assert may(cast_admin, None, ADMIN) and may(cast_admin, society_a, DECIDE)
    assert not may(regulator, None, ADMIN) and not may(regulator, society_a, CHANGE)
    assert may(regulator, society_a, VIEW)
    assert may(secretary_a, society_a, CHANGE) and not may(secretary_a, society_a, DECIDE)
    assert may(reviewer_a, society_a, REVIEW) and not may(cast_admin, society_a, REVIEW)
    with pytest.raises(ValueError):
        may(cast_admin, society_a, "approve")
    with pytest.raises(ValueError):
        may(cast_admin, None, CHANGE)
    require(None, society_a, DECIDE)  # the portal itself (a sweep) passes


@pytest.mark.django_db
def test_web_refusals_are_audited(login, secretary_a):
    """A view's own early refusal is logged too (not only get_for's and the services')."""
    client = login(secretary_a)
    assert client.post("/branches/cleanup/scan/").status_code == 403
    entry = AuditEntry.objects.get(actor=secretary_a, action="core.access.denied_web")
    assert entry.data == {"method": "POST", "path": "/branches/cleanup/scan/"}


@pytest.mark.django_db
def test_refusal_inside_a_service_transaction_is_audited_once(api, secretary_a, society_b):
    """record_assessment runs in one transaction: the refusal rolls back with it and is written again
    after, exactly once."""
    branch = BranchFactory(society=society_b)
    with pytest.raises(PermissionDenied) as refused:
        branches.record_assessment(
            actor=secretary_a, branch=branch, year=2025, members_served=1, grade="good", reason=""
        )
    write_refusal_audit(refused.value)  # what the middleware / API handler do after the view failed
    write_refusal_audit(refused.value)
    assert AuditEntry.objects.filter(actor=secretary_a, action="core.access.denied_change").count() == 1
