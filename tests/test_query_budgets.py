"""Query budgets (issue 15, deliverable 4): every main list and detail page, and every API list, costs the
same number of SQL queries with 5 rows as with 50 — no query per row (N+1), whatever the scale.

Each case builds its rows through tests/factories.py, renders once with one (warming the per-process
caches: content types, rule settings), then at 5 and at 50 rows; the two counts must be equal, and the
page must really show more at 50 (a larger body, or the API's `count`), so an empty page cannot pass.
No timings are asserted: the figures live in docs/scaling.md.
"""

from collections.abc import Callable
from dataclasses import dataclass
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from compliance.models import Finding, Sweep
from core.audit import log_action
from reports.models import Report
from tests.factories import (
    ActivityFactory,
    ApplicationFactory,
    AwardProgramFactory,
    AwardRoundFactory,
    BranchFactory,
    CreditRecordFactory,
    DonationFactory,
    ElectionFactory,
    ExpenditureFactory,
    MajorMatterFactory,
    MembershipFactory,
    NominationFactory,
    PartyOrganizationFactory,
    PersonFactory,
    ReviewAssignmentFactory,
    ReviewFactory,
    SocietyFactory,
    TrainingRecordFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
_serial = count()


class Ctx:
    """What the row builders hang their rows on: society A, its branch X, one award round."""

    def __init__(self, society_a, branch_x, cast_admin):
        self.society_a, self.branch_x, self.cast_admin = society_a, branch_x, cast_admin
        self._round = None

    @property
    def round(self):
        if self._round is None:
            program = AwardProgramFactory(society=self.society_a)
            self._round = AwardRoundFactory(program=program, year=2026, status="reviewing")
        return self._round


@dataclass(frozen=True)
class Case:
    id: str
    persona: str
    url: Callable[[Ctx], str]
    make: Callable[[Ctx, int], object]
    api: bool = False


def _findings(ctx, n):
    for _ in range(n):
        Finding.objects.create(
            rule="R-GOV-04", severity="warning", society=ctx.society_a, message=f"秘书长非专职{next(_serial)}"
        )


def _sweeps(ctx, n):
    for _ in range(n):
        Sweep.objects.create(society=ctx.society_a, status="done", progress=100, requested_by=ctx.cast_admin)


def _reports(ctx, n):
    for _ in range(n):
        Report.objects.create(
            kind="branch_roster",
            society=ctx.society_a,
            version=next(_serial) + 1,
            requested_by=ctx.cast_admin,
        )


def _audit(ctx, n):
    for _ in range(n):
        log_action("societies.society.viewed_for_test", actor=ctx.cast_admin, obj=ctx.society_a)


def _submitted_filings(ctx, n):
    ActivityFactory.create_batch(
        n, society=ctx.society_a, branch=ctx.branch_x, status="submitted", submitted_at=timezone.now()
    )


def _nominations(ctx, n):
    NominationFactory.create_batch(n, round=ctx.round)


def _reviews(ctx, n):
    for _ in range(n):
        assignment = ReviewAssignmentFactory(
            nomination=NominationFactory(round=ctx.round), reviewer=ctx.cast_admin
        )
        ReviewFactory(nomination=assignment.nomination, reviewer=ctx.cast_admin)


def _people(ctx, n):
    for _ in range(n):
        MembershipFactory(society=ctx.society_a, person=PersonFactory())


def _u(name, **kwargs):
    return lambda ctx: reverse(name, kwargs={k: v(ctx) for k, v in kwargs.items()})


WEB = [
    Case("society list", "anonymous", _u("societies:list"), lambda c, n: SocietyFactory.create_batch(n)),
    Case(
        "member directory",
        "secretary_a",
        _u("societies:members", pk=lambda c: c.society_a.pk),
        lambda c, n: MembershipFactory.create_batch(n, society=c.society_a),
    ),
    Case(
        "application queue",
        "secretary_a",
        _u("members:application_queue"),
        lambda c, n: ApplicationFactory.create_batch(n, society=c.society_a),
    ),
    Case(
        "credit records",
        "cast_admin",
        _u("members:credit_list"),
        lambda c, n: CreditRecordFactory.create_batch(n),
    ),
    Case(
        "training records",
        "cast_admin",
        _u("members:training_list"),
        lambda c, n: TrainingRecordFactory.create_batch(n, society=c.society_a),
    ),
    Case(
        "branch list",
        "cast_admin",
        _u("branches:list"),
        lambda c, n: BranchFactory.create_batch(n, society=c.society_a),
    ),
    Case(
        "branch clean-up list",
        "cast_admin",
        _u("branches:cleanup"),
        lambda c, n: BranchFactory.create_batch(
            n, society=c.society_a, status="rectifying", rectification_deadline=timezone.localdate()
        ),
    ),
    Case(
        "filing list",
        "secretary_a",
        _u("activities:list"),
        lambda c, n: ActivityFactory.create_batch(n, society=c.society_a, branch=c.branch_x),
    ),
    Case("filing review queue", "cast_admin", _u("activities:review"), _submitted_filings),
    Case("findings", "cast_admin", _u("compliance:findings"), _findings),
    Case("sweeps", "cast_admin", _u("compliance:sweeps"), _sweeps),
    Case("reports", "cast_admin", _u("reports:reports"), _reports),
    Case(
        "public award list",
        "anonymous",
        _u("awards:public_list"),
        lambda c, n: AwardProgramFactory.create_batch(n, society=c.society_a),
    ),
    Case(
        "award programs",
        "cast_admin",
        _u("awards:programs"),
        lambda c, n: AwardProgramFactory.create_batch(n, society=c.society_a),
    ),
    Case(
        "award round (nominations)", "cast_admin", _u("awards:round", pk=lambda c: c.round.pk), _nominations
    ),
    Case(
        "major matters",
        "reviewer_a",
        _u("party_building:matters"),
        lambda c, n: MajorMatterFactory.create_batch(n, society=c.society_a, status="pending"),
    ),
    Case(
        "donations and expenditures",
        "secretary_a",
        _u("party_building:finance"),
        lambda c, n: DonationFactory.create_batch(n, society=c.society_a),
    ),
    Case(
        "elections",
        "cast_admin",
        _u("party_building:elections"),
        lambda c, n: ElectionFactory.create_batch(n),  # one council per society: a society each
    ),
    Case("audit log", "cast_admin", _u("audit_log"), _audit),
    Case("users", "cast_admin", _u("user_list"), lambda c, n: UserFactory.create_batch(n)),
]

API = [
    Case(
        "api users", "cast_admin", lambda c: "/api/v1/users/", lambda c, n: UserFactory.create_batch(n), True
    ),
    Case("api audit-log", "cast_admin", lambda c: "/api/v1/audit-log/", _audit, True),
    Case(
        "api societies",
        "cast_admin",
        lambda c: "/api/v1/societies/",
        lambda c, n: SocietyFactory.create_batch(n),
        True,
    ),
    Case("api findings", "cast_admin", lambda c: "/api/v1/findings/", _findings, True),
    Case("api sweeps", "cast_admin", lambda c: "/api/v1/compliance/sweeps/", _sweeps, True),
    Case(
        "api major-matters",
        "reviewer_a",
        lambda c: "/api/v1/major-matters/",
        lambda c, n: MajorMatterFactory.create_batch(n, society=c.society_a),
        True,
    ),
    Case(
        "api donations",
        "secretary_a",
        lambda c: "/api/v1/donations/",
        lambda c, n: DonationFactory.create_batch(n, society=c.society_a),
        True,
    ),
    Case(
        "api expenditures",
        "secretary_a",
        lambda c: "/api/v1/expenditures/",
        lambda c, n: ExpenditureFactory.create_batch(n, society=c.society_a),
        True,
    ),
    Case(
        "api party-organizations",
        "cast_admin",
        lambda c: "/api/v1/party-organizations/",
        lambda c, n: PartyOrganizationFactory.create_batch(n),  # one per society and level
        True,
    ),
    Case(
        "api elections",
        "cast_admin",
        lambda c: "/api/v1/elections/",
        lambda c, n: ElectionFactory.create_batch(n),
        True,
    ),
    Case(
        "api activities",
        "secretary_a",
        lambda c: "/api/v1/activities/",
        lambda c, n: ActivityFactory.create_batch(n, society=c.society_a, branch=c.branch_x),
        True,
    ),
    Case("api people", "secretary_a", lambda c: "/api/v1/people/", _people, True),
    Case(
        "api memberships",
        "secretary_a",
        lambda c: "/api/v1/memberships/",
        lambda c, n: MembershipFactory.create_batch(n, society=c.society_a),
        True,
    ),
    Case(
        "api membership-applications",
        "secretary_a",
        lambda c: "/api/v1/membership-applications/",
        lambda c, n: ApplicationFactory.create_batch(n, society=c.society_a),
        True,
    ),
    Case(
        "api credit-records",
        "cast_admin",
        lambda c: "/api/v1/credit-records/",
        lambda c, n: CreditRecordFactory.create_batch(n),
        True,
    ),
    Case(
        "api training-records",
        "secretary_a",
        lambda c: "/api/v1/training-records/",
        lambda c, n: TrainingRecordFactory.create_batch(n, society=c.society_a),
        True,
    ),
    Case(
        "api branches",
        "secretary_a",
        lambda c: "/api/v1/branches/",
        lambda c, n: BranchFactory.create_batch(n, society=c.society_a),
        True,
    ),
    Case("api reports", "cast_admin", lambda c: "/api/v1/reports/", _reports, True),
    Case(
        "api award-programs",
        "cast_admin",
        lambda c: "/api/v1/award-programs/",
        lambda c, n: AwardProgramFactory.create_batch(n, society=c.society_a),
        True,
    ),
    Case(
        "api award-rounds",
        "cast_admin",
        lambda c: "/api/v1/award-rounds/",
        lambda c, n: [
            AwardRoundFactory(program=AwardProgramFactory(society=c.society_a), year=2020 + i % 7)
            for i in range(n)
        ],
        True,
    ),
    Case("api nominations", "cast_admin", lambda c: "/api/v1/nominations/", _nominations, True),
    Case("api reviews", "cast_admin", lambda c: "/api/v1/reviews/", _reviews, True),
    Case(
        "api public awards",
        "anonymous",
        lambda c: "/api/v1/public/awards/",
        lambda c, n: AwardProgramFactory.create_batch(n, society=c.society_a),
        True,
    ),
]


def _render(client, url, api):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"page_size": 100} if api else {})
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    size = response.json()["count"] if api else len(response.content)
    return len(ctx.captured_queries), size, ctx


def _diff(small, large) -> str:
    def shapes(ctx):
        return [q["sql"][:160] for q in ctx.captured_queries]

    a, b = shapes(small), shapes(large)
    extra = [q for q in b if q not in a] or b[len(a) :]
    return "\n".join(extra[:10])


@pytest.mark.parametrize("case", [*WEB, *API], ids=lambda c: c.id)
def test_query_count_is_the_same_at_5_and_50_rows(case, request, login, api, society_a, branch_x, cast_admin):
    ctx = Ctx(society_a, branch_x, cast_admin)
    if case.persona == "anonymous":
        client = api if case.api else request.getfixturevalue("client")
    else:
        user = request.getfixturevalue(case.persona)
        client = api.as_user(user) if case.api else login(user)
    url = case.url(ctx)
    case.make(ctx, 1)
    _render(client, url, case.api)  # warm the per-process caches (content types of the rows' models)
    case.make(ctx, 4)
    at_5, size_5, queries_5 = _render(client, url, case.api)
    case.make(ctx, 45)
    at_50, size_50, queries_50 = _render(client, url, case.api)
    assert size_50 > size_5, f"{case.id}: the rows do not show on {url}"
    assert at_50 == at_5, (
        f"{case.id}: {at_5} queries at 5 rows, {at_50} at 50:\n{_diff(queries_5, queries_50)}"
    )
