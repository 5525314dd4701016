"""The dashboard's charts (core.charts: members over time, filings by kind and month, branches by status),
each also a table and a CSV of the same scoped numbers; the favicon; a branch officer's dashboard showing
only what applies to a branch officer."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core import charts

from ..factories import ActivityFactory, BranchFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_charts_are_scoped_to_the_secretarys_society(society_a, society_b, secretary_a, cast_admin):
    now = timezone.now()
    ActivityFactory(society=society_a, kind="forum", status="submitted", submitted_at=now)
    ActivityFactory(society=society_a, kind="forum", status="approved", submitted_at=now)
    ActivityFactory(society=society_b, kind="seminar", status="submitted", submitted_at=now)
    ActivityFactory(society=society_a, kind="seminar", submitted_at=now - timedelta(days=800))  # too old
    BranchFactory(society=society_a, status="active")
    BranchFactory(society=society_b, status="submitted")
    MembershipFactory(society=society_a, joined_on=timezone.localdate())
    MembershipFactory(society=society_b, joined_on=timezone.localdate())

    filings = charts.chart_for(secretary_a, "filings_by_kind_and_month").build(secretary_a)
    assert len(filings.series) == 1  # only the kinds that occur: the forums of A
    assert filings.series[0].values[-1] == 2 and sum(filings.series[0].values) == 2
    everything = charts.chart_for(cast_admin, "filings_by_kind_and_month").build(cast_admin)
    assert sum(sum(s.values) for s in everything.series) == 3

    branches = charts.chart_for(secretary_a, "branches_by_status").build(secretary_a)
    assert sum(branches.series[0].values) == 1
    members = charts.chart_for(secretary_a, "members_over_time").build(secretary_a)
    assert members.series[0].values[-1] == 1 and members.series[1].values[-1] == 1


def test_dashboard_shows_charts_with_tables_and_csv(login, cast_admin, society_a):
    BranchFactory(society=society_a, status="active")
    html = login(cast_admin).get("/").content.decode()
    for key in ("members_over_time", "filings_by_kind_and_month", "branches_by_status"):
        assert f'data-chart="{key}"' in html and f'href="/charts/{key}.csv"' in html
    assert 'id="dashboard-charts"' in html and "<script src=" in html and "<script>" not in html
    assert 'class="mt-2 chart-table"' in html


def test_chart_csv_has_the_numbers_and_is_refused_where_the_chart_does_not_apply(
    login, secretary_a, reviewer_a, society_a
):
    BranchFactory(society=society_a, status="active")
    response = login(secretary_a).get("/charts/branches_by_status.csv")
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig").splitlines()
    assert len(body) == 1 + 6 and any(line.endswith(",1") for line in body[1:])
    assert login(reviewer_a).get("/charts/branches_by_status.csv").status_code == 404
    assert login(secretary_a).get("/charts/nope.csv").status_code == 404


def _chart_queries(user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        charts.dashboard_charts(user)
    return len(ctx.captured_queries)


def test_charts_cost_a_constant_number_of_queries(society_a, cast_admin):
    from core.roles import reach_of

    reach_of(cast_admin)
    ActivityFactory(society=society_a, status="submitted", submitted_at=timezone.now())
    few = _chart_queries(cast_admin)
    for kind in ("forum", "seminar", "training", "conference"):
        ActivityFactory(society=society_a, kind=kind, status="submitted", submitted_at=timezone.now())
        BranchFactory(society=society_a, status="active")
        MembershipFactory(society=society_a, joined_on=timezone.localdate())
    assert _chart_queries(cast_admin) == few == 4  # members: 2, filings: 1, branches: 1


def test_favicon_is_served_and_linked(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    html = client.get("/accounts/login/").content.decode()
    assert 'rel="icon"' in html and "favicon.svg" in html


def test_branch_officer_dashboard_shows_only_what_applies(login, branch_officer_x, branch_x):
    html = login(branch_officer_x).get("/").content.decode()
    assert 'id="dashboard-branch"' in html and f'data-branch="{branch_x.pk}"' in html
    assert 'id="dashboard-activities"' in html  # their filings
    assert 'id="dashboard-branches"' not in html  # the society-wide branch counts are the secretariat's
    assert 'id="dashboard-trends"' not in html
    assert 'id="dashboard-inbox"' in html  # returned filings of their branch wait for them here


def test_society_workspace_shows_the_charts_of_that_society_only(
    login, cast_admin, secretary_a, society_a, society_b
):
    BranchFactory(society=society_a, status="active")
    BranchFactory(society=society_b, status="active")
    BranchFactory(society=society_b, status="submitted")
    MembershipFactory(society=society_a, joined_on=timezone.localdate())
    web = login(cast_admin)
    response = web.get(f"/societies/{society_a.pk}/workspace/")
    specs = response.context["chart_specs"]
    assert sum(specs["branches_by_status"]["series"][0]["values"]) == 1  # A's branch, not B's two
    assert specs["members_over_time"]["series"][0]["values"][-1] == 1
    html = response.content.decode()
    assert 'id="dashboard-trends"' in html
    assert f'href="/charts/branches_by_status.csv?society={society_a.pk}"' in html

    csv = web.get(f"/charts/branches_by_status.csv?society={society_b.pk}")
    assert csv.status_code == 200 and f"{society_b.code}" in csv["Content-Disposition"]
    assert sum(int(line.rsplit(",", 1)[1]) for line in csv.content.decode("utf-8-sig").splitlines()[1:]) == 2


def test_society_chart_csv_is_refused_for_a_society_out_of_reach_or_a_bad_number(
    login, secretary_a, society_a, society_b
):
    web = login(secretary_a)
    assert web.get(f"/charts/branches_by_status.csv?society={society_a.pk}").status_code == 200
    assert web.get(f"/charts/branches_by_status.csv?society={society_b.pk}").status_code == 404
    for bad in ("x", "-1", "１", "9" * 30):
        assert web.get("/charts/branches_by_status.csv", {"society": bad}).status_code == 404
    assert web.get("/charts/branches_by_status.csv", {"society": "1\x00"}).status_code == 400  # NUL: refused
