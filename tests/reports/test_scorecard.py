"""The first-class society scorecard (R-EV-01): the computation on hand-built data (scores, totals with the
weights of the rule settings, stars, ranks, tiers, last year), its constant query count, the pages (who sees
what, sort, filter, export) and the API's shape and year validation."""

import csv
import io
from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, Resolver404, include, path, resolve, reverse
from django.utils import timezone

from compliance.models import Finding
from compliance.services import open_finding
from core.rule_settings import change_rule_setting
from reports import scorecard
from tests.factories import (
    ActivityFactory,
    CharterVersionFactory,
    MajorMatterFactory,
    MembershipFactory,
    PersonFactory,
    SocietyFactory,
    add_active_members,
)

YEAR = 2025


# --- the URLs: the real ones once wired in reports/urls.py and the API, else these ---------------------


def _fallback_urls():
    """config.urls plus the scorecard routes it does not serve yet (the reports app wires them)."""
    from config import urls as portal
    from reports import scorecard_views
    from reports.api.scorecard import ScorecardView

    patterns = list(portal.urlpatterns)
    try:
        reverse("reports:scorecard", urlconf=portal)
    except NoReverseMatch:
        from reports import urls as reports_urls

        routes = [
            *reports_urls.urlpatterns,
            path("scorecard/", scorecard_views.scorecard, name="scorecard"),
            path("scorecard/export.<str:fmt>", scorecard_views.export, name="scorecard_export"),
            path("scorecard/<int:society_pk>/", scorecard_views.society_scorecard, name="scorecard_society"),
        ]
        patterns = [p for p in patterns if getattr(p, "namespace", None) != "reports"]
        patterns.insert(0, path("reports/", include((routes, "reports"))))
    try:
        resolve("/api/v1/scorecard/", urlconf=portal)
    except Resolver404:
        patterns.insert(0, path("api/v1/scorecard/", ScorecardView.as_view()))
    return patterns


urlpatterns = _fallback_urls()
pytestmark = pytest.mark.urls(__name__)
API_URL = "/api/v1/scorecard/"


def _at(year, month, day):
    return timezone.make_aware(datetime(year, month, day, 12))  # noqa: DTZ001 - made aware


def _finding(society, rule, severity, opened, resolved=None):
    finding = open_finding(rule=rule, severity=severity, society=society, message=f"{rule} test")
    Finding.objects.filter(pk=finding.pk).update(opened_at=opened)
    if resolved is not None:
        Finding.objects.filter(pk=finding.pk).update(status="resolved", resolved_at=resolved)
    return finding


def _activity(society, kind, day=date(YEAR, 3, 1), **extra):
    return ActivityFactory(society=society, kind=kind, starts_on=day, ends_on=day, **extra)


@pytest.fixture
def three(db):
    """Three societies whose every score is worked out by hand in the tests below."""
    a = SocietyFactory(code="a", name="甲学会", discipline="science")
    b = SocietyFactory(code="b", name="乙学会", discipline="science")
    c = SocietyFactory(code="c", name="丙学会", discipline="engineering")
    SocietyFactory(code="z", name="停用学会", discipline="science", status="suspended")
    # A: academic 2 conferences × 500 + 1 seminar (with a foreign partner) → 3 + 1000/1000 = 4
    _activity(a, "conference", participants=500)
    _activity(a, "conference", participants=500)
    _activity(a, "seminar", foreign_partner="Royal Society")
    _activity(a, "tech_service")
    CharterVersionFactory(society=a, has_party_leadership_clause=True)
    add_active_members(a, 3)
    _finding(a, "R-ACT-02", "advisory", _at(YEAR, 6, 1))
    # B: one forum this year, a conference last year, a submitted (not filed) one this year
    _activity(b, "forum")
    _activity(b, "conference", day=date(YEAR - 1, 5, 1))
    _activity(b, "conference", status="submitted")
    _activity(b, "conference", day=date(YEAR + 1, 1, 5))
    _activity(b, "evaluation_commendation")
    _activity(b, "overseas_exchange")
    _activity(b, "overseas_exchange")
    matter = MajorMatterFactory(society=b, kind="talent_recommendation", status="approved")
    type(matter).objects.filter(pk=matter.pk).update(decided_at=_at(YEAR, 5, 1))
    _finding(b, "R-GOV-04", "warning", _at(YEAR, 2, 1))
    _finding(b, "R-BR-04", "violation", _at(YEAR, 2, 1), resolved=_at(YEAR, 9, 1))  # closed in time
    # C: popular science (actual participants count), unit and Hong Kong members, a charter without clause
    _activity(c, "popular_science", participants=1500, actual_participants=2000)
    _activity(c, "volunteer_service")
    for _i in range(10):
        MembershipFactory(society=c, category="unit")
        MembershipFactory(society=c, person=PersonFactory(region="hong_kong"))
    CharterVersionFactory(society=c, has_party_leadership_clause=False)
    _finding(c, "R-BR-01", "violation", _at(YEAR, 1, 1), resolved=_at(YEAR + 1, 2, 1))  # open at year end
    return a, b, c


def _by_code(rows):
    return {r.society.code: r for r in rows}


# --- the computation -----------------------------------------------------------------------------------


def test_scores_inputs_tiers_and_totals(three):
    rows = _by_code(scorecard.compute(YEAR))
    assert set(rows) == {"a", "b", "c"}, "only active societies"
    a, b, c = rows["a"], rows["b"], rows["c"]
    assert a.inputs["academic"] == {"conference": 2, "seminar": 1, "forum": 0, "participants": 1000}
    assert b.inputs["academic"]["conference"] == 0, "last year's, next year's and unfiled ones do not count"
    assert b.inputs["think_tank"] == {
        "tech_service": 0,
        "evaluation_commendation": 1,
        "talent_recommendation": 1,
    }
    assert c.inputs["popular_science"]["participants"] == 2000, "actual participants when recorded"
    assert c.inputs["international"]["non_mainland_members"] == 10
    assert c.inputs["industry"]["unit_members"] == 10
    assert a.inputs["governance"] == {"findings": 0, "party_clause": True}
    assert b.inputs["governance"] == {"findings": 1, "party_clause": False}
    assert b.inputs["compliance"] == {"violations": 0, "warnings": 1, "advisories": 0}
    assert c.inputs["compliance"] == {"violations": 1, "warnings": 0, "advisories": 0}
    assert a.scores == {
        "academic": 100.0,
        "think_tank": 50.0,
        "popular_science": 0.0,
        "industry": 100.0,
        "international": 50.0,
        "governance": 100.0,
        "compliance": 95.0,
    }
    assert b.scores == {
        "academic": 25.0,
        "think_tank": 100.0,
        "popular_science": 0.0,
        "industry": 0.0,
        "international": 100.0,
        "governance": 65.0,
        "compliance": 90.0,
    }
    assert c.scores == {
        "academic": 0.0,
        "think_tank": 0.0,
        "popular_science": 100.0,
        "industry": 100.0,
        "international": 50.0,
        "governance": 90.0,
        "compliance": 80.0,
    }
    # default weights 20/10/15/15/10/15/15
    assert (a.total, a.stars) == (74.3, 4)  # 74.25 rounds half up
    assert (b.total, b.stars) == (48.3, 2)
    assert (c.total, c.stars) == (60.5, 3)
    assert (a.members, b.members, c.members) == (3, 0, 20)
    assert {r.size_tier for r in rows.values()} == {"small"}
    assert (a.rank_in_discipline, b.rank_in_discipline, c.rank_in_discipline) == (1, 2, 1)
    assert (a.rank_in_size_tier, c.rank_in_size_tier, b.rank_in_size_tier) == (1, 2, 3)
    assert (a.discipline_count, c.discipline_count, a.size_tier_count) == (2, 1, 3)
    # last year: B's 2024 conference, the charters, C's members; no finding was open yet
    assert (a.previous_total, b.previous_total, c.previous_total) == (30.0, 48.5, 53.5)
    assert b.trend == -0.2
    assert [r.society.code for r in scorecard.compute(YEAR)] == ["a", "c", "b"], "best total first"


def test_weights_come_from_the_rule_settings(three):
    before = _by_code(scorecard.compute(YEAR))
    change_rule_setting(actor=None, key="scorecard_weight_popular_science", value=0)
    after = _by_code(scorecard.compute(YEAR))
    assert before["c"].total == 60.5
    assert after["c"].total == 53.5  # 4550 / 85
    assert (after["a"].total, after["a"].stars) == (87.4, 5)  # 7425 / 85
    assert after["c"].scores == before["c"].scores, "weights change the total, not the area scores"


def test_society_ids_narrow_the_rows_not_the_scale(three):
    a, _b, c = three
    only = scorecard.compute(YEAR, [c.pk])
    assert [r.society.code for r in only] == ["c"]
    assert only[0].scores["international"] == 50.0, "still relative to every active society"
    assert only[0].rank_in_size_tier == 2


def test_size_tiers_and_stars():
    assert [scorecard.SizeTier.of(n) for n in (0, 9_999, 10_000, 49_999, 50_000)] == [
        "small",
        "small",
        "medium",
        "medium",
        "large",
    ]
    assert [scorecard.stars_for(t) for t in (100, 85, 84.9, 70, 55, 40, 39.9, 0)] == [5, 5, 4, 4, 3, 2, 1, 1]


def test_everyone_at_zero_scores_zero(db):
    SocietyFactory(code="x")
    SocietyFactory(code="y")
    rows = scorecard.compute(YEAR)
    assert all(r.scores["academic"] == 0.0 for r in rows)
    assert [r.rank_in_discipline for r in rows] == [1, 1], "equal totals share a rank"


def _compute_queries(year=YEAR) -> int:
    scorecard.compute(year)  # warm whatever is cached per process
    with CaptureQueriesContext(connection) as ctx:
        scorecard.compute(year)
    return len(ctx.captured_queries)


def _busy_society(i):
    society = SocietyFactory(discipline=("science", "engineering")[i % 2])
    _activity(society, "conference", participants=100 + i)
    _activity(society, "overseas_exchange", foreign_partner="Partner")
    MembershipFactory(society=society, category="unit")
    CharterVersionFactory(society=society, has_party_leadership_clause=bool(i % 2))
    _finding(society, "R-GOV-03", "warning", _at(YEAR, 4, 1))
    return society


def test_query_count_is_constant(db):
    for i in range(3):
        _busy_society(i)
    with_three = _compute_queries()
    for i in range(3, 15):
        _busy_society(i)
    with_fifteen = _compute_queries()
    assert with_three == with_fifteen == 11, "1 for the weights, 2 for both years' members, 4 per year"
    assert len(scorecard.compute(YEAR)) == 15


# --- the pages -----------------------------------------------------------------------------------------


def test_table_for_cast_and_regulator(three, login, cast_admin, regulator, django_assert_max_num_queries):
    client = login(cast_admin)
    with django_assert_max_num_queries(35):  # the first visit gathers and stores the year's counts
        client.get(reverse("reports:scorecard"), {"year": YEAR})
    with django_assert_max_num_queries(20):  # later ones read the stored counts
        response = client.get(reverse("reports:scorecard"), {"year": YEAR})
    assert response.status_code == 200
    assert [item["row"].society.code for item in response.context["rows"]] == ["a", "c", "b"]
    html = response.content.decode()
    assert "甲学会" in html and "停用学会" not in html
    assert reverse("rule_settings") in html, "CAST is offered the weights' settings"
    assert 'data-weight="academic"' in html
    client.logout()
    response = login(regulator).get(reverse("reports:scorecard"), {"year": YEAR})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 3
    assert reverse("rule_settings") not in response.content.decode()


def test_table_rows_escape_the_society_name_and_link_each_society(db, login, cast_admin):
    """The table's rows are built in Python (reports.scorecard_views._table_row), not by the template:
    a name with markup is still escaped, and each row links to the society's page of that year."""
    society = SocietyFactory(code="x", name='<b onmouseover="x">化学</b>', discipline="science")
    html = login(cast_admin).get(reverse("reports:scorecard"), {"year": YEAR}).content.decode()
    assert "&lt;b onmouseover=&quot;x&quot;&gt;化学&lt;/b&gt;" in html and "<b onmouseover" not in html
    assert f'href="{reverse("reports:scorecard_society", args=[society.pk])}?year={YEAR}"' in html
    assert f'<tr data-society="{society.pk}">' in html


def test_table_sort_and_filter(three, login, cast_admin):
    client = login(cast_admin)
    url = reverse("reports:scorecard")

    def codes(**params):
        response = client.get(url, {"year": YEAR, **params})
        return [item["row"].society.code for item in response.context["rows"]]

    assert codes(sort="academic", dir="desc") == ["a", "b", "c"]
    assert codes(sort="academic", dir="asc") == ["c", "b", "a"]
    assert codes(sort="total", dir="asc") == ["b", "c", "a"]
    assert codes(sort="name", dir="asc") == sorted(
        ["a", "b", "c"], key={"a": "甲学会", "b": "乙学会", "c": "丙学会"}.get
    )
    assert codes(discipline="engineering") == ["c"]
    assert codes(sort="bogus", discipline="bogus") == ["a", "c", "b"], "unknown values are ignored"


def test_default_year_is_last_calendar_year(three, login, cast_admin):
    response = login(cast_admin).get(reverse("reports:scorecard"))
    assert response.context["query"].year == timezone.localdate().year - 1


def test_secretary_is_sent_to_their_own_society(three, login, secretary_a, society_a, society_b):
    client = login(secretary_a)
    response = client.get(reverse("reports:scorecard"), {"year": YEAR})
    own = reverse("reports:scorecard_society", args=[society_a.pk])
    assert response.status_code == 302
    assert response["Location"].startswith(own)
    assert client.get(own).status_code == 200
    assert client.get(reverse("reports:scorecard_society", args=[society_b.pk])).status_code == 404
    assert client.get(reverse("reports:scorecard_society", args=[three[0].pk])).status_code == 404


def test_member_is_refused(three, login, member):
    client = login(member)
    assert client.get(reverse("reports:scorecard")).status_code == 403
    assert client.get(reverse("reports:scorecard_society", args=[three[0].pk])).status_code == 403
    assert client.get(reverse("reports:scorecard_export", args=["csv"])).status_code == 403


def test_society_page_shows_inputs_links_ranks(three, login, cast_admin):
    a = three[0]
    response = login(cast_admin).get(reverse("reports:scorecard_society", args=[a.pk]), {"year": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="scorecard-data"' in html and "reports/scorecard.js" in html
    chart = response.context["chart"]
    assert chart["values"] == [100.0, 50.0, 0.0, 100.0, 50.0, 100.0, 95.0]
    assert len(chart["labels"]) == 7
    conference = next(i for i in response.context["areas"][0]["inputs"] if i["key"] == "conference")
    assert conference["value"] == "2"
    link = conference["links"][0][1]
    assert link.startswith(reverse("activities:list"))
    assert f"society={a.pk}" in link and "kind=conference" in link and "status=approved" in link
    row = response.context["row"]
    assert (row.rank_in_discipline, row.rank_in_size_tier, row.previous_total) == (1, 1, 30.0)
    assert "<script>" not in html.split('id="scorecard-data"')[1].split("</script>", 1)[1]


def test_inactive_society_has_no_scorecard(three, login, cast_admin):
    from societies.models import Society

    suspended = Society.objects.get(code="z")
    response = login(cast_admin).get(reverse("reports:scorecard_society", args=[suspended.pk]))
    assert response.status_code == 404


def test_export_csv_and_xlsx(three, login, cast_admin):
    client = login(cast_admin)
    response = client.get(
        reverse("reports:scorecard_export", args=["csv"]), {"year": YEAR, "discipline": "science"}
    )
    assert response.status_code == 200
    assert response.row_count == 2
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows[0]) == 17
    assert [r[1] for r in rows[1:]] == ["a", "b"]
    assert rows[1][5:14] == ["100.0", "50.0", "0.0", "100.0", "50.0", "100.0", "95.0", "74.3", "4"]
    xlsx = client.get(reverse("reports:scorecard_export", args=["xlsx"]), {"year": YEAR})
    assert xlsx.status_code == 200 and xlsx.row_count == 3
    assert client.get(reverse("reports:scorecard_export", args=["pdf"])).status_code == 404


def test_export_headers_follow_the_language(three, login, cast_admin):
    client = login(cast_admin)
    url = reverse("reports:scorecard_export", args=["csv"])
    english = client.get(url, {"year": YEAR}, HTTP_ACCEPT_LANGUAGE="en")
    header = next(csv.reader(io.StringIO(english.content.decode("utf-8-sig"))))
    assert header[:2] == ["Society", "Code"] and "Academic leadership" in header


# --- the API -------------------------------------------------------------------------------------------


def test_api_shape(three, api, cast_admin):
    response = api.as_user(cast_admin).get(API_URL, {"year": YEAR})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    first = body["results"][0]
    assert first["society"] == three[0].pk
    assert first["year"] == YEAR
    assert set(first["scores"]) == set(scorecard.AREA_KEYS)
    assert first["total"] == 74.3
    assert (first["rank_in_discipline"], first["rank_in_size_tier"], first["size_tier"], first["stars"]) == (
        1,
        1,
        "small",
        4,
    )
    engineering = api.get(API_URL, {"year": YEAR, "discipline": "engineering"}).json()
    assert [r["society_code"] for r in engineering["results"]] == ["c"]


@pytest.mark.parametrize("year", ["abc", "1999", "2101", "25", "20250", "2025.0"])
def test_api_year_is_validated(three, api, cast_admin, year):
    response = api.as_user(cast_admin).get(API_URL, {"year": year})
    assert response.status_code == 400
    assert "year" in response.json()


def test_api_scope(three, api, secretary_a, society_a, regulator, member):
    own = api.as_user(secretary_a).get(API_URL, {"year": YEAR}).json()
    assert [r["society"] for r in own["results"]] == [society_a.pk]
    assert api.as_user(regulator).get(API_URL, {"year": YEAR}).json()["count"] == 4  # society_a too
    assert api.as_user(member).get(API_URL).status_code == 403
    api.credentials()
    assert api.get(API_URL).status_code in (401, 403)
