"""Every list converted to the table component (core.tables) runs the same number of queries at 5 rows as at
50 (a page of 100), sorts by each sortable column without error, and exports what it shows."""

import csv
import io
import itertools
from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.signals import LOGGED_IN, LOGIN_FAILED
from compliance.models import Finding, Sweep
from core.audit import log_action
from core.roles import Role
from reports.models import AnnualReport, Report

from ..factories import (
    ActivityFactory,
    ApplicationFactory,
    AwardProgramFactory,
    AwardRoundFactory,
    BranchFactory,
    CreditRecordFactory,
    DonationFactory,
    ElectionFactory,
    ExpenditureFactory,
    GovernanceBodyFactory,
    MajorMatterFactory,
    MembershipFactory,
    NominationFactory,
    OfficerFactory,
    PersonFactory,
    ReviewAssignmentFactory,
    ReviewFactory,
    SocietyFactory,
    TrainingRecordFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _findings(n, w):
    for _i in range(n):
        branch = BranchFactory(society=w["society_a"])
        Finding.objects.create(
            rule="R-BR-05",
            severity="warning",
            society=w["society_a"],
            message="长期不开展活动",
            content_type=ContentType.objects.get_for_model(branch),
            object_id=str(branch.pk),
        )


def _submitted_filings(n, w):
    ActivityFactory.create_batch(n, society=w["society_a"], status="submitted")


def _council(w):
    if "council" not in w:
        w["council"] = GovernanceBodyFactory(society=w["society_a"], kind="council")
    return w["council"]


def _audit(n, w):
    for _i in range(n):
        log_action("societies.society.updated", actor=w["cast_admin"], obj=w["society_a"], data={})


_years = itertools.count(1900)


def _reports(n, w):
    for _i in range(n):
        Report.objects.create(
            kind="compliance", society=w["society_a"], year=next(_years), requested_by=w["cast_admin"]
        )


def _annual_reports(n, w):
    for _i in range(n):
        AnnualReport.objects.create(society=w["society_a"], year=next(_years), created_by=w["secretary_a"])


def _idle_branches(n, w):  # long inactive: clean-up candidates (R-BR-05)
    BranchFactory.create_batch(n, society=w["society_a"], established_on=date(2010, 1, 1))


def _round(w):
    if "round" not in w:
        program = AwardProgramFactory(society=w["society_a"])
        w["round"] = AwardRoundFactory(program=program, status="reviewing")
    return w["round"]


def _assignments(n, w):
    """Half of them reviewed (a score or a declared conflict), half still to do."""
    for i in range(n):
        nomination = NominationFactory(round=_round(w))
        ReviewAssignmentFactory(nomination=nomination, reviewer=w["reviewer"])
        if i % 2:
            ReviewFactory(nomination=nomination, reviewer=w["reviewer"], score=60 + i % 40)


def _my_nominations(n, w):
    NominationFactory.create_batch(n, round=_round(w), nominator=w["member_person"], nominator_kind="member")


def _overdue_presidents(n, w):
    """Presidents appointed 13 months ago without new-leader training (R-TR-01), a society each."""
    appointed = timezone.localdate() - timedelta(days=400)
    for _i in range(n):
        OfficerFactory(society=SocietyFactory(), position="president", starts_on=appointed)


def _logins(n, w):
    for i in range(n):
        data = {"ip": f"10.0.0.{i % 250}", "channel": "api" if i % 3 == 0 else "web"}
        if i % 4 == 1:
            data["locked_out"] = True
        action = LOGIN_FAILED if i % 2 else LOGGED_IN
        log_action(action, actor=w["cast_admin"], obj=w["cast_admin"], data=data)


# name: (path, persona, make(n, world)[, the context name of the table when the page has two])
LISTS = {
    "societies": ("/societies/", "cast_admin", lambda n, w: SocietyFactory.create_batch(n)),
    "applications": (
        "/members/applications/",
        "secretary_a",
        lambda n, w: ApplicationFactory.create_batch(n, society=w["society_a"]),
    ),
    "credit": (
        "/members/credit/",
        "cast_admin",
        lambda n, w: CreditRecordFactory.create_batch(n, recorded_by=w["cast_admin"]),
    ),
    "directory": (
        "/societies/{society_a}/members/",
        "secretary_a",
        lambda n, w: MembershipFactory.create_batch(n, society=w["society_a"]),
    ),
    "branches": (
        "/branches/",
        "secretary_a",
        lambda n, w: BranchFactory.create_batch(n, society=w["society_a"]),
    ),
    "branch_review": (
        "/branches/review/?status=active",
        "cast_admin",
        lambda n, w: BranchFactory.create_batch(n, society=w["society_a"]),
    ),
    "filings": (
        "/activities/",
        "secretary_a",
        lambda n, w: ActivityFactory.create_batch(n, society=w["society_a"]),
    ),
    "review_queue": ("/activities/review/", "cast_admin", _submitted_filings),
    "matters": (
        "/party-building/matters/?status=",
        "secretary_a",
        lambda n, w: MajorMatterFactory.create_batch(n, society=w["society_a"]),
    ),
    "elections": (
        "/party-building/elections/",
        "secretary_a",
        lambda n, w: ElectionFactory.create_batch(n, society=w["society_a"], body=_council(w)),
    ),
    "findings": ("/compliance/findings/", "cast_admin", _findings),
    "awards": (
        "/awards/manage/",
        "secretary_a",
        lambda n, w: AwardProgramFactory.create_batch(n, society=w["society_a"]),
    ),
    "sweeps": (
        "/compliance/sweeps/",
        "cast_admin",
        lambda n, w: [
            Sweep.objects.create(trigger="manual", requested_by=w["cast_admin"], society=w["society_a"])
            for _i in range(n)
        ],
    ),
    "users": ("/accounts/users/", "cast_admin", lambda n, w: UserFactory.create_batch(n)),
    "audit_log": ("/audit-log/", "cast_admin", _audit),
    "party_organizations": (
        "/party-building/organizations/",
        "cast_admin",
        lambda n, w: SocietyFactory.create_batch(n),
    ),
    "donations": (
        "/party-building/finance/",
        "secretary_a",
        lambda n, w: DonationFactory.create_batch(n, society=w["society_a"]),
        "donations",
    ),
    "expenditures": (
        "/party-building/finance/",
        "secretary_a",
        lambda n, w: ExpenditureFactory.create_batch(n, society=w["society_a"]),
        "expenditures",
    ),
    "reports": ("/reports/", "cast_admin", _reports),
    "annual_reports": ("/reports/annual/", "cast_admin", _annual_reports),
    "branch_cleanup": ("/branches/cleanup/", "cast_admin", _idle_branches),
    "cast_workspace": ("/societies/cast/", "cast_admin", lambda n, w: SocietyFactory.create_batch(n)),
    "public_awards": (
        "/awards/",
        "anonymous",
        lambda n, w: AwardProgramFactory.create_batch(n, society=w["society_a"]),
    ),
    "my_reviews": ("/awards/reviews/", "reviewer", _assignments),
    "listing_queue": (
        "/awards/listing/",
        "cast_admin",
        lambda n, w: AwardProgramFactory.create_batch(
            n, society=w["society_a"], status="submitted", submitted_at=timezone.now()
        ),
    ),
    "list_management": (
        "/awards/dynamic-list/",
        "cast_admin",
        lambda n, w: AwardProgramFactory.create_batch(n, society=w["society_a"]),
    ),
    "my_nominations": ("/awards/mine/", "member", _my_nominations),
    "training": (
        "/members/training/",
        "cast_admin",
        lambda n, w: TrainingRecordFactory.create_batch(n, society=w["society_a"]),
    ),
    "training_gaps": ("/members/training/overdue/", "cast_admin", _overdue_presidents),
    "person_lookup": (
        "/members/people/lookup/?q=查询大学",
        "cast_admin",
        lambda n, w: PersonFactory.create_batch(n, employer="查询大学"),
    ),
    "login_history": ("/accounts/logins/", "cast_admin", _logins),
}


def _table(response, name):
    entry = LISTS[name]
    return response.context[entry[3] if len(entry) > 3 else "table"]


def _param(name, key):
    """The query parameter `key` of the list `name`'s table ("d-sort" on a page of two tables)."""
    entry = LISTS[name]
    return {"donations": "d-", "expenditures": "e-"}.get(name, "") + key if len(entry) > 3 else key


@pytest.fixture
def world(society_a, secretary_a, cast_admin, member):
    reviewer = UserFactory(roles=[{"role": Role.AWARD_REVIEWER, "society": society_a}])
    PersonFactory(user=reviewer)
    return {
        "society_a": society_a,
        "secretary_a": secretary_a,
        "cast_admin": cast_admin,
        "reviewer": reviewer,
        "member": member,
        "member_person": PersonFactory(user=member),
    }


@pytest.fixture
def as_persona(client, login):
    """A client for a persona of the world; "anonymous": nobody logged in (the public pages)."""
    return lambda w, persona: client if persona == "anonymous" else login(w[persona])


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(ctx.captured_queries)


@pytest.mark.parametrize("name", LISTS)
def test_query_count_is_the_same_at_5_and_50_rows(name, world, as_persona):
    path, persona, make = LISTS[name][:3]
    client = as_persona(world, persona)
    url = path.format(society_a=world["society_a"].pk)
    url += ("&" if "?" in url else "?") + _param(name, "per_page") + "=100"
    make(5, world)
    few_response, few = _get(client, url)
    make(45, world)
    many_response, many = _get(client, url)
    assert len(_table(many_response, name).rows) >= 50
    assert many == few, f"{name}: {few} queries at 5 rows, {many} at 50"


@pytest.mark.parametrize("name", LISTS)
def test_every_sortable_column_sorts_and_the_export_holds_the_rows(name, world, as_persona):
    path, persona, make = LISTS[name][:3]
    client = as_persona(world, persona)
    url = path.format(society_a=world["society_a"].pk)
    joiner = "&" if "?" in url else "?"
    make(3, world)
    table = _table(client.get(url), name)
    sort, per_page, export = (table.param(key) for key in ("sort", "per_page", "export"))
    assert sort == _param(name, "sort")
    for key in table.sortable:
        for direction in ("", "-"):
            response = client.get(f"{url}{joiner}{sort}={direction}{key}")
            assert response.status_code == 200 and _table(response, name).sort_key == direction + key
    if table.exportable:
        shown = _table(client.get(f"{url}{joiner}{per_page}=100"), name).count
        assert shown >= 3
        response = client.get(f"{url}{joiner}{export}=csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(rows) - 1 == shown
