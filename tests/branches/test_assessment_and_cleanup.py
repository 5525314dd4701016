"""R-BR-05: yearly assessment, long inactivity → finding + rectification → revocation (row kept)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from branches import activity_dates, rules, selectors, services, tasks
from branches.models import Branch
from compliance.models import Finding
from core.errors import DomainError
from core.rule_settings import change_rule_setting
from tests.factories import ActivityFactory, BranchFactory


@pytest.mark.django_db
def test_long_inactive_query(old_branch, secretary_a, society_a):
    today = timezone.localdate()
    idle = old_branch("无机化学专业委员会")
    busy = old_branch("有机化学专业委员会")
    ActivityFactory(branch=busy, created_by=secretary_a, ends_on=today - timedelta(days=100))
    stale = old_branch("分析化学专业委员会")
    ActivityFactory(branch=stale, created_by=secretary_a, ends_on=today - timedelta(days=500))
    rejected_only = old_branch("物理化学专业委员会")
    ActivityFactory(
        branch=rejected_only, created_by=secretary_a, ends_on=today - timedelta(days=10), status="rejected"
    )
    young = BranchFactory(society=society_a, name="催化专业委员会", established_on=today - timedelta(days=30))
    old_branch("高分子专业委员会", status="revoked")
    found = set(rules.long_inactive_branches(Branch.objects.all()))
    assert found == {idle, stale, rejected_only}
    assert young not in found and busy not in found


@pytest.mark.django_db
def test_inactivity_window_follows_the_setting(old_branch, secretary_a, cast_admin):
    branch = old_branch("无机化学专业委员会")
    ActivityFactory(branch=branch, created_by=secretary_a, ends_on=timezone.localdate() - timedelta(days=200))
    assert not rules.long_inactive_branches(Branch.objects.all()).exists()
    change_rule_setting(actor=cast_admin, key="branch_inactive_months", value="6")
    assert list(rules.long_inactive_branches(Branch.objects.all())) == [branch]


@pytest.mark.django_db
def test_open_inactivity_findings_flags_and_is_idempotent(old_branch, cast_admin, secretary_a, society_a):
    idle = old_branch("无机化学专业委员会")
    busy = old_branch("有机化学专业委员会")
    ActivityFactory(branch=busy, created_by=secretary_a, ends_on=timezone.localdate())
    opened = services.open_inactivity_findings(actor=cast_admin)
    assert len(opened) == 1
    finding = opened[0]
    assert finding.rule == "R-BR-05" and finding.subject == idle and finding.society == society_a
    assert finding.status == "rectifying"
    idle.refresh_from_db()
    expected = timezone.localdate() + timedelta(days=90)
    assert idle.status == "rectifying" and idle.rectification_deadline == expected == finding.deadline
    busy.refresh_from_db()
    assert busy.status == "active"
    # running again changes nothing and opens no duplicate
    assert services.open_inactivity_findings(actor=cast_admin) == []
    assert Finding.objects.filter(rule="R-BR-05").count() == 1


@pytest.mark.django_db
def test_task_calls_the_service(old_branch):
    idle = old_branch("无机化学专业委员会")
    result = tasks.open_inactivity_findings.delay().get()
    assert len(result["opened"]) == 1
    idle.refresh_from_db()
    assert idle.status == "rectifying"


@pytest.mark.django_db
def test_secretary_cannot_run_the_scan(old_branch, secretary_a):
    from django.core.exceptions import PermissionDenied

    old_branch("无机化学专业委员会")
    with pytest.raises(PermissionDenied):
        services.open_inactivity_findings(actor=secretary_a)


@pytest.mark.django_db
def test_rectified_resolves_the_finding(old_branch, cast_admin):
    idle = old_branch("无机化学专业委员会")
    [finding] = services.open_inactivity_findings(actor=cast_admin)
    idle.refresh_from_db()
    done = services.confirm_rectified(actor=cast_admin, branch=idle, comment="已开展活动")
    assert done.status == "active" and done.rectification_deadline is None
    finding.refresh_from_db()
    assert finding.status == "resolved" and finding.resolved_at is not None


@pytest.mark.django_db
def test_revoke_keeps_the_row_and_its_history(old_branch, cast_admin, api):
    idle = old_branch("无机化学专业委员会")
    [finding] = services.open_inactivity_findings(actor=cast_admin)
    idle.refresh_from_db()
    with pytest.raises(DomainError):
        services.revoke_branch(actor=cast_admin, branch=idle, comment="")
    res = api.as_user(cast_admin).post(
        f"/api/v1/branches/{idle.pk}/revoke/", {"comment": "长期不开展活动，予以撤销"}, format="json"
    )
    assert res.status_code == 200 and res.json()["status"] == "revoked"
    kept = Branch.objects.get(pk=idle.pk)
    assert kept.status == "revoked" and kept.revoked_on == timezone.localdate()
    history = api.as_user(cast_admin).get(f"/api/v1/branches/{idle.pk}/history/").json()
    assert [h["to_status"] for h in history] == ["rectifying", "revoked"]
    finding.refresh_from_db()
    assert finding.status == "resolved"


@pytest.mark.django_db
def test_flag_via_api_with_deadline(api, cast_admin, branch_x):
    deadline = (timezone.localdate() + timedelta(days=30)).isoformat()
    res = api.as_user(cast_admin).post(
        f"/api/v1/branches/{branch_x.pk}/flag/", {"comment": "整改", "deadline": deadline}, format="json"
    )
    assert res.status_code == 200
    assert res.json()["status"] == "rectifying" and res.json()["rectification_deadline"] == deadline
    res = api.as_user(cast_admin).post(f"/api/v1/branches/{branch_x.pk}/rectified/", {}, format="json")
    assert res.json()["status"] == "active"


@pytest.mark.django_db
def test_assessment_counts_activities(old_branch, secretary_a, branch_officer_x):
    branch = old_branch("无机化学专业委员会")
    year = timezone.localdate().year - 1
    ActivityFactory(branch=branch, created_by=secretary_a, ends_on=date(year, 3, 1))
    ActivityFactory(branch=branch, created_by=secretary_a, ends_on=date(year, 6, 1))
    ActivityFactory(branch=branch, created_by=secretary_a, ends_on=date(year, 9, 1), status="rejected")
    ActivityFactory(branch=branch, created_by=secretary_a, ends_on=date(year, 10, 1), status="draft")
    a = services.record_assessment(
        actor=secretary_a, branch=branch, year=year, members_served=320, grade="pass", reason="按计划开展活动"
    )
    assert (a.activities_filed, a.activities_approved, a.members_served) == (3, 2, 320)
    # one per year: recording again revises it
    again = services.record_assessment(
        actor=secretary_a, branch=branch, year=year, members_served=330, grade="excellent", reason="品牌活动"
    )
    assert again.pk == a.pk and branch.assessments.count() == 1
    with pytest.raises(DomainError) as err:
        services.record_assessment(
            actor=secretary_a, branch=branch, year=year, members_served=1, grade="pass", reason=""
        )
    assert err.value.field == "reason"
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.record_assessment(
            actor=branch_officer_x,
            branch=branch,
            year=year,
            members_served=1,
            grade="excellent",
            reason="自评",
        )


@pytest.mark.django_db
def test_failed_assessment_opens_finding_and_shows_on_cleanup(
    old_branch, secretary_a, secretary_b, society_b
):
    branch = old_branch("无机化学专业委员会")
    ActivityFactory(branch=branch, created_by=secretary_a, ends_on=timezone.localdate())
    services.record_assessment(
        actor=secretary_a,
        branch=branch,
        year=timezone.localdate().year - 1,
        members_served=0,
        grade="fail",
        reason="未报送总结",
    )
    assert Finding.objects.get(rule="R-BR-05").severity == "violation"
    [row] = selectors.cleanup_candidates(Branch.objects.all())
    assert row == branch and row.last_grade == "fail" and not row.is_inactive


@pytest.mark.django_db
def test_cleanup_lists_overdue_rectifications(old_branch, secretary_a):
    branch = old_branch(
        "无机化学专业委员会",
        status="rectifying",
        rectification_deadline=timezone.localdate() - timedelta(days=1),
    )
    ActivityFactory(branch=branch, created_by=secretary_a, ends_on=timezone.localdate())
    ok = old_branch("有机化学专业委员会")
    ActivityFactory(branch=ok, created_by=secretary_a, ends_on=timezone.localdate())
    rows = list(selectors.cleanup_candidates(Branch.objects.all()))
    assert rows == [branch] and rows[0].is_past_deadline
    assert list(selectors.cleanup_candidates(Branch.objects.all(), "overdue")) == [branch]
    assert list(selectors.cleanup_candidates(Branch.objects.all(), "inactive")) == []


def _make_branches(society, n, user):
    """`n` old active branches of `society`, saved in bulk."""
    from activities.models import Activity

    made = Branch.objects.bulk_create(
        BranchFactory.build(society=society, name=f"测试专业委员会{i}", established_on=date(2010, 1, 1))
        for i in range(n)
    )
    # a third of them idle, a third with an approved activity, a third rectifying and overdue
    Activity.objects.bulk_create(
        ActivityFactory.build(
            branch=b, title="研讨会", starts_on=date(2010, 1, 1), scope_codes=[], created_by=user
        )
        for b in made[1::3]
    )
    activity_dates.refresh(b.pk for b in made)  # a bulk load sets the branches' dates itself (no signals)
    Branch.objects.filter(pk__in=[b.pk for b in made[2::3]]).update(
        status="rectifying", rectification_deadline=timezone.localdate() - timedelta(days=3)
    )


@pytest.mark.django_db
def test_cleanup_page_runs_constant_queries(
    login, cast_admin, society_a, secretary_a, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(cast_admin)
    _make_branches(society_a, 10, secretary_a)
    client.get("/branches/cleanup/")  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as few:
        res = client.get("/branches/cleanup/")
    assert res.status_code == 200 and res.content.count(b"data-branch=") == 7
    Branch.objects.all().update(name=models_concat())
    _make_branches(society_a, 200, secretary_a)
    with CaptureQueriesContext(connection) as many:
        res = client.get("/branches/cleanup/")
    assert res.status_code == 200 and res.content.count(b"data-branch=") == 50  # one page
    assert len(many.captured_queries) == len(few.captured_queries)


def models_concat():
    from django.db.models import F, Value
    from django.db.models.functions import Concat

    return Concat(F("name"), Value("甲"))


@pytest.mark.django_db
def test_review_queue_runs_constant_queries(login, cast_admin, society_a, secretary_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(cast_admin)
    _make_branches(society_a, 10, secretary_a)
    client.get("/branches/review/?status=all")
    with CaptureQueriesContext(connection) as few:
        client.get("/branches/review/?status=all")
    Branch.objects.all().update(name=models_concat())
    _make_branches(society_a, 200, secretary_a)
    with CaptureQueriesContext(connection) as many:
        client.get("/branches/review/?status=all")
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.django_db
def test_last_activity_date_follows_approval_moves_and_deletion(old_branch, secretary_a, cast_admin):
    """Branch.last_activity_on (branches.activity_dates) is kept by every save and delete of a filing:
    an approval through the service counts, a submitted filing does not, a filing moved to another
    branch leaves the first one idle again, a deleted one is forgotten."""
    from activities import services as filings

    today = timezone.localdate()
    first, second = old_branch("无机化学专业委员会"), old_branch("有机化学专业委员会")
    filing = ActivityFactory(
        branch=first,
        created_by=secretary_a,
        status="submitted",
        starts_on=today - timedelta(days=40),
        ends_on=today - timedelta(days=39),
    )
    first.refresh_from_db()
    assert first.last_activity_on is None
    assert first in set(rules.long_inactive_branches(Branch.objects.all()))

    filings.approve_filing(actor=cast_admin, activity=filing)
    first.refresh_from_db()
    assert first.last_activity_on == today - timedelta(days=39)
    assert first not in set(rules.long_inactive_branches(Branch.objects.all()))

    filing.refresh_from_db()
    filing.branch = second
    filing.save()
    first.refresh_from_db(), second.refresh_from_db()
    assert first.last_activity_on is None and second.last_activity_on == today - timedelta(days=39)

    filing.delete()
    second.refresh_from_db()
    assert second.last_activity_on is None
    assert {first, second} <= set(rules.long_inactive_branches(Branch.objects.all()))
