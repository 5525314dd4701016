"""The inbox 待我处理 (core.inbox): each role sees what waits for it — scoped to its own society or branch —
oldest first with how long it has waited, in two queries whatever the number of rows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import inbox
from core.roles import Role

from ..factories import (
    ActivityFactory,
    ApplicationFactory,
    AwardProgramFactory,
    BranchFactory,
    MajorMatterFactory,
    PersonFactory,
    ReviewAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _ago(days):
    return timezone.now() - timedelta(days=days)


def _keys(user):
    items, _total = inbox.top(user, 100)
    return [(i.source.key, i.pk) for i in items]


def test_secretary_sees_own_returned_filings_and_applications_oldest_first(society_a, society_b, secretary_a):
    old = ActivityFactory(society=society_a, status="returned", decided_at=_ago(9), title="旧退回")
    new = ActivityFactory(society=society_a, status="returned", decided_at=_ago(1), title="新退回")
    ActivityFactory(society=society_b, status="returned", decided_at=_ago(20))  # another society's
    ActivityFactory(society=society_a, status="submitted", submitted_at=_ago(30))  # CAST's to decide
    application = ApplicationFactory(society=society_a, submitted_at=_ago(4))
    ApplicationFactory(society=society_b, submitted_at=_ago(40))
    assert _keys(secretary_a) == [
        ("activities.returned", old.pk),
        ("members.application", application.pk),
        ("activities.returned", new.pk),
    ]
    items, total = inbox.top(secretary_a, 1)
    assert total == 3 and items[0].waited_days == 9 and items[0].long_wait
    assert items[0].url == reverse("activities:detail", args=[old.pk])
    assert items[0].title == "旧退回" and items[0].society == "中国化学会"


def test_cast_admin_sees_what_awaits_decision(society_a, cast_admin):
    filing = ActivityFactory(society=society_a, status="submitted", submitted_at=_ago(3))
    branch = BranchFactory(society=society_a, status="submitted", submitted_at=_ago(5))
    program = AwardProgramFactory(society=society_a, status="submitted", submitted_at=_ago(2))
    ActivityFactory(society=society_a, status="returned", decided_at=_ago(8))  # the society's to revise
    assert _keys(cast_admin) == [
        ("branches.submitted", branch.pk),
        ("activities.submitted", filing.pk),
        ("awards.program_submitted", program.pk),
    ]


def test_party_reviewer_sees_pending_matters_of_own_society(society_a, society_b, reviewer_a):
    mine = MajorMatterFactory(society=society_a, status="pending", submitted_at=_ago(2))
    MajorMatterFactory(society=society_b, status="pending", submitted_at=_ago(6))
    MajorMatterFactory(society=society_a, status="approved")
    assert _keys(reviewer_a) == [("party_building.pending", mine.pk)]


def test_branch_officer_sees_only_own_branch_returned_filings(branch_x, branch_y, branch_officer_x):
    mine = ActivityFactory(branch=branch_x, status="returned", decided_at=_ago(2))
    ActivityFactory(branch=branch_y, status="returned", decided_at=_ago(3))
    assert _keys(branch_officer_x) == [("activities.returned", mine.pk)]


def test_award_reviewer_sees_unscored_assignments(society_a):
    reviewer = UserFactory(roles=[{"role": Role.AWARD_REVIEWER, "society": society_a}])
    assignment = ReviewAssignmentFactory(
        reviewer=reviewer,
        nomination__round__program__society=society_a,
        nomination__round__status="reviewing",
    )
    items, total = inbox.top(reviewer)
    assert total == 1 and items[0].pk == assignment.nomination_id
    assert items[0].url == reverse("awards:review", args=[assignment.nomination_id])


def test_member_sees_own_pending_application(society_a, member):
    person = PersonFactory(user=member)
    application = ApplicationFactory(society=society_a, person=person)
    ApplicationFactory(society=society_a)  # someone else's
    assert _keys(member) == [("members.my_application", application.pk)]


def test_nothing_waits_for_a_user_without_roles(outsider):
    assert inbox.top(outsider) == ([], 0)


def _queries(user):
    with CaptureQueriesContext(connection) as ctx:
        inbox.top(user, 3)
    return len(ctx.captured_queries)


def test_query_count_is_constant(society_a, secretary_a):
    secretary_a._portal_reach = None
    for n in range(2):
        ActivityFactory(society=society_a, status="returned", decided_at=_ago(n))
    ApplicationFactory(society=society_a)
    from core.roles import reach_of

    reach_of(secretary_a)
    few = _queries(secretary_a)
    for n in range(12):
        ActivityFactory(society=society_a, status="returned", decided_at=_ago(n))
        ApplicationFactory(society=society_a)
    assert _queries(secretary_a) == few
