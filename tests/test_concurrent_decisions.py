"""Issue 14, item 6: two people deciding the same object at the same moment — exactly one decision wins,
the other gets TransitionNotAllowed (HTTP 409), and the object ends in the winner's state. Proved for
filings in tests/activities/test_review.py; here for branches, major matters, membership applications,
compliance findings and annual reports. Real PostgreSQL row locks, two threads released together."""

import threading

import pytest
from django.db import connection

from branches import services as branch_services
from compliance import services as finding_services
from compliance.services import open_finding
from core.errors import TransitionNotAllowed
from members.services import joining
from party_building.services import matters
from tests.factories import ApplicationFactory, PersonFactory, UserFactory, good_resolution

pytestmark = pytest.mark.django_db(transaction=True)


def race(first, second) -> list[str]:
    """Run both at once; each outcome is "ok" or the state the loser found the object in."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run(fn):
        try:
            barrier.wait()
            fn()
            outcomes.append("ok")
        except TransitionNotAllowed as exc:
            outcomes.append(str(exc.status))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(fn,)) for fn in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def _one_winner(outcomes, final_state):
    assert outcomes.count("ok") == 1, outcomes
    loser = next(o for o in outcomes if o != "ok")
    assert loser == final_state, (outcomes, final_state)


@pytest.fixture
def cast_admin_2(db):
    return UserFactory(username="cast2", roles=[{"role": "cast_admin"}])


def test_branch_approve_and_reject_at_once(secretary_a, society_a, cast_admin, cast_admin_2):
    branch = branch_services.propose_branch(
        actor=secretary_a,
        society=society_a,
        data={"name": "物理化学专业委员会", "kind": "branch", "business_scope": ["15020"]},
        resolution=good_resolution(),
    )
    branch = branch_services.submit_branch(
        actor=secretary_a, branch=branch, over_ceiling_reason="学科发展需要"
    )
    outcomes = race(
        lambda: branch_services.approve_branch(actor=cast_admin, branch=branch),
        lambda: branch_services.reject_branch(actor=cast_admin_2, branch=branch, comment="不符合条件"),
    )
    branch.refresh_from_db()
    _one_winner(outcomes, branch.status)


def test_matter_approved_and_returned_at_once(secretary_a, society_a, reviewer_a):
    from core.roles import Role

    reviewer_2 = UserFactory(username="rev2", roles=[{"role": Role.PARTY_REVIEWER, "society": society_a}])
    matter = matters.create_matter(actor=secretary_a, society=society_a, kind="plan", title="年度工作计划")
    outcomes = race(
        lambda: matters.approve_matter(actor=reviewer_a, matter=matter, opinion="同意"),
        lambda: matters.return_matter(actor=reviewer_2, matter=matter, opinion="请修改"),
    )
    matter.refresh_from_db()
    _one_winner(outcomes, matter.status)


def test_application_approved_and_rejected_at_once(secretary_a, society_a, cast_admin):
    application = ApplicationFactory(society=society_a, person=PersonFactory())
    outcomes = race(
        lambda: joining.approve_application(actor=secretary_a, application=application),
        lambda: joining.reject_application(actor=cast_admin, application=application, comment="材料不全"),
    )
    application.refresh_from_db()
    _one_winner(outcomes, application.status)
    assert application.membership_id is None or application.status == "approved"  # no orphan membership


def test_finding_resolved_and_dismissed_at_once(society_a, cast_admin, cast_admin_2):
    finding = open_finding(rule="R-GOV-04", severity="warning", society=society_a, message="秘书长非专职")
    outcomes = race(
        lambda: finding_services.resolve(actor=cast_admin, finding=finding, comment="已整改"),
        lambda: finding_services.dismiss(actor=cast_admin_2, finding=finding, reason="经核实无问题"),
    )
    finding.refresh_from_db()
    _one_winner(outcomes, finding.status)


def test_api_answers_409_to_the_second_decision(api, society_a, cast_admin):
    finding = open_finding(rule="R-GOV-04", severity="warning", society=society_a, message="秘书长非专职")
    client = api.as_user(cast_admin)
    assert client.post(f"/api/v1/findings/{finding.pk}/resolve/", {}, format="json").status_code == 200
    late = client.post(f"/api/v1/findings/{finding.pk}/dismiss/", {"reason": "重复"}, format="json")
    assert late.status_code == 409, late.content
