"""The CAST compliance dashboard (/compliance/), its CSV downloads and the per-rule control pages:
numbers that match the findings, filters that narrow them, access for CAST and the regulator only,
labels instead of codes, and a query count that does not grow with the number of societies."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from compliance import services
from compliance.choices import FindingStatus, Severity, SweepStatus
from compliance.models import Finding, Sweep
from compliance.registry import AREAS
from compliance.rule_titles import rule_title
from compliance.selectors import rule_label
from societies.choices import SocietyStatus

from ..factories import SocietyFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def open_finding(society, rule, severity, **extra):
    return services.open_finding(
        rule=rule, severity=severity, society=society, subject=None, message=f"{rule} 测试", **extra
    )


@pytest.fixture
def findings(society_a, society_b):
    """society_a (science): an overdue, escalated R-BR-04 warning and an R-GOV-02 violation;
    society_b (engineering): an R-PB-01 violation, and an R-BR-04 finding already resolved."""
    society_b.discipline = "engineering"
    society_b.save(update_fields=["discipline"])
    late = open_finding(society_a, "R-BR-04", Severity.WARNING, deadline=TODAY - timedelta(days=3))
    Finding.objects.filter(pk=late.pk).update(escalated_at=timezone.now())
    open_finding(society_a, "R-GOV-02", Severity.VIOLATION, deadline=TODAY + timedelta(days=30))
    open_finding(society_b, "R-PB-01", Severity.VIOLATION, deadline=TODAY + timedelta(days=30))
    done = open_finding(society_b, "R-BR-04", Severity.WARNING, deadline=TODAY - timedelta(days=9))
    Finding.objects.filter(pk=done.pk).update(status=FindingStatus.RESOLVED, resolved_at=timezone.now())
    return late


def chart_data(response) -> dict:
    page = response.content.decode()
    blob = page.split('<script id="dashboard-data" type="application/json">', 1)[1].split("</script>", 1)[0]
    return json.loads(blob)


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the Chinese only with the BOM
    return list(csv.reader(io.StringIO(text[1:])))


def in_english(client):
    client.cookies["django_language"] = "en"
    return client


# --- access ----------------------------------------------------------------------------------------


def test_cast_and_the_regulator_open_the_dashboard_a_secretary_does_not(
    client, login, cast_admin, regulator, secretary_a, findings
):
    assert login(cast_admin).get("/compliance/").status_code == 200
    assert login(regulator).get("/compliance/").status_code == 200
    secretary = login(secretary_a)
    for url in ("/compliance/", "/compliance/charts/by_rule.csv", "/compliance/controls/R-BR-04/"):
        assert secretary.get(url).status_code == 403, url


def test_anonymous_is_sent_to_log_in(client, findings):
    response = client.get("/compliance/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- the numbers -----------------------------------------------------------------------------------


def test_cards_and_charts_count_the_unresolved_findings(login, cast_admin, society_a, society_b, findings):
    response = login(cast_admin).get("/compliance/")
    assert response.context["totals"] == {"unresolved": 3, "violations": 2, "overdue": 1, "escalated": 1}
    page = response.content.decode()
    assert 'data-total="unresolved">3<' in page and 'data-total="escalated">1<' in page

    data = chart_data(response)
    by_rule = dict(zip(data["by_rule"]["labels"], data["by_rule"]["values"], strict=True))
    # the resolved R-BR-04 finding of society_b does not count
    assert by_rule == {rule_label("R-BR-04"): 1, rule_label("R-GOV-02"): 1, rule_label("R-PB-01"): 1}
    assert data["by_rule"]["links"][0].startswith("/compliance/controls/")
    assert data["by_severity"]["values"] == [2, 1, 0]  # violation, warning, advisory
    assert data["by_society"]["labels"] == [society_a.name, society_b.name]
    assert data["by_society"]["values"] == [2, 1]
    assert data["by_society"]["links"][0] == f"/compliance/findings/?society={society_a.pk}"

    cells = {(c["y"], c["x"]): c["v"] for c in data["heatmap"]["cells"]}
    assert cells[(society_a.name, str(AREAS["branches"]))] == 1
    assert cells[(society_a.name, str(AREAS["governance"]))] == 1
    assert cells[(society_b.name, str(AREAS["party"]))] == 1
    assert cells[(society_b.name, str(AREAS["branches"]))] == 0
    assert sum(cells.values()) == 3


def test_overdue_table_links_to_the_societys_findings(login, cast_admin, society_a, findings):
    response = login(cast_admin).get("/compliance/")
    assert response.context["overdue"] == [
        {
            "society_id": society_a.pk,
            "name": society_a.name,
            "overdue": 1,
            "earliest": TODAY - timedelta(days=3),
            "url": f"/compliance/findings/?society={society_a.pk}",
        }
    ]
    table = response.content.decode().split('id="overdue-societies"', 1)[1].split("</table>", 1)[0]
    assert f'href="/compliance/findings/?society={society_a.pk}"' in table


def test_filters_narrow_every_number(login, cast_admin, society_a, society_b, findings):
    client = login(cast_admin)
    engineering = client.get("/compliance/", {"discipline": "engineering"})
    assert engineering.context["totals"] == {"unresolved": 1, "violations": 1, "overdue": 0, "escalated": 0}
    assert chart_data(engineering)["by_society"]["labels"] == [society_b.name]

    violations = client.get("/compliance/", {"severity": "violation"})
    assert violations.context["totals"]["unresolved"] == 2
    data = chart_data(violations)
    assert data["by_severity"]["labels"] == [str(Severity.VIOLATION.label)]
    assert rule_label("R-BR-04") not in data["by_rule"]["labels"]
    # the filters follow into the CSV links
    assert "/compliance/charts/by_rule.csv?severity=violation" in violations.content.decode()

    both = client.get("/compliance/", {"discipline": "science", "severity": "violation"})
    assert both.context["totals"]["unresolved"] == 1

    nonsense = client.get("/compliance/", {"discipline": "astrology", "severity": "<b>"})
    assert nonsense.context["totals"]["unresolved"] == 3  # unknown values are ignored


def test_chinese_page_shows_labels_not_codes(login, cast_admin, findings):
    data = chart_data(login(cast_admin).get("/compliance/"))
    with translation.override("zh-hans"):
        assert data["by_severity"]["labels"] == [str(label) for _, label in Severity.choices]
        assert str(AREAS["governance"]) in data["heatmap"]["x"]
    for code in ("violation", "warning", "advisory", "governance", "branches", "party"):
        assert code not in data["by_severity"]["labels"] + data["heatmap"]["x"]
    assert all(label != "R-BR-04" for label in data["by_rule"]["labels"])  # the ID comes with its title


# --- CSV ---------------------------------------------------------------------------------------------


def test_by_rule_csv_has_headers_and_one_row_per_rule(client, login, cast_admin, findings):
    response = in_english(login(cast_admin)).get("/compliance/charts/by_rule.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert f'filename="compliance-by_rule-{TODAY.isoformat()}.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["Rule", "Title", "Unresolved findings"]
    with translation.override("en"):
        expected = sorted([[r, rule_title(r), "1"] for r in ("R-BR-04", "R-GOV-02", "R-PB-01")])
    assert sorted(rows[1:]) == expected


def test_csv_headers_are_chinese_by_default(login, cast_admin, findings):
    rows = read_csv(login(cast_admin).get("/compliance/charts/by_severity.csv"))
    with translation.override("zh-hans"):
        assert rows[0] == [gettext("Severity"), gettext("Unresolved findings")]
        assert rows[0][0] == "严重程度"
        assert rows[1:] == [
            [str(label), str(n)] for (_, label), n in zip(Severity.choices, (2, 1, 0), strict=True)
        ]


def test_heatmap_and_overdue_csv_follow_the_filters(login, cast_admin, society_a, society_b, findings):
    client = in_english(login(cast_admin))
    rows = read_csv(client.get("/compliance/charts/heatmap.csv"))
    with translation.override("en"):
        assert rows[0] == ["Society", *[str(label) for label in AREAS.values()], "Total"]
    totals = {row[0]: row[-1] for row in rows[1:]}
    assert totals == {society_a.name: "2", society_b.name: "1"}

    rows = read_csv(client.get("/compliance/charts/heatmap.csv", {"discipline": "engineering"}))
    assert [row[0] for row in rows[1:]] == [society_b.name]

    rows = read_csv(client.get("/compliance/charts/overdue.csv"))
    assert rows == [
        ["Society", "Overdue findings", "Earliest deadline"],
        [society_a.name, "1", (TODAY - timedelta(days=3)).isoformat()],
    ]
    rows = read_csv(client.get("/compliance/charts/by_society.csv", {"severity": "violation"}))
    assert sorted(rows[1:]) == sorted([[society_a.name, "1"], [society_b.name, "1"]])


def test_trend_comes_from_finished_full_sweeps(login, cast_admin, society_a, findings):
    now = timezone.now()
    Sweep.objects.create(status=SweepStatus.DONE, finished_at=now - timedelta(days=2), open_after=7)
    Sweep.objects.create(status=SweepStatus.DONE, finished_at=now - timedelta(days=1, hours=2), open_after=5)
    Sweep.objects.create(status=SweepStatus.DONE, finished_at=now - timedelta(days=1), open_after=4)
    Sweep.objects.create(status=SweepStatus.FAILED, finished_at=now, open_after=99)  # failed: left out
    Sweep.objects.create(
        status=SweepStatus.DONE, society=society_a, finished_at=now, open_after=2
    )  # one society
    client = in_english(login(cast_admin))
    rows = read_csv(client.get("/compliance/charts/trend.csv"))
    expected_days = sorted({timezone.localdate(now - timedelta(days=d)).isoformat() for d in (2, 1)})
    assert rows[0] == ["Date", "Unresolved findings (all societies)"]
    assert [r[0] for r in rows[1:]] == expected_days
    assert rows[-1][1] == "4"  # the day's last sweep
    # filtered: a second column rebuilt from the findings open at each sweep's end (none were yet)
    rows = read_csv(client.get("/compliance/charts/trend.csv", {"severity": "violation"}))
    assert rows[0][2] == "Unresolved findings matching the filters"
    assert all(r[2] == "0" for r in rows[1:])
    Sweep.objects.create(status=SweepStatus.DONE, finished_at=timezone.now(), open_after=3)
    rows = read_csv(client.get("/compliance/charts/trend.csv", {"severity": "violation"}))
    assert rows[-1][1:] == ["3", "2"]


def test_unknown_chart_is_404(login, cast_admin):
    assert login(cast_admin).get("/compliance/charts/nothing.csv").status_code == 404


# --- control pages -----------------------------------------------------------------------------------


def test_control_lists_the_failing_society_not_the_passing_one(
    login, cast_admin, society_a, society_b, findings
):
    SocietyFactory(status=SocietyStatus.DEREGISTERED)  # not counted: not active
    response = login(cast_admin).get("/compliance/controls/R-BR-04/")
    assert response.status_code == 200
    result = response.context["result"]
    assert (result["active"], result["failing"], result["passing"]) == (2, 1, 1)
    assert [s["society_id"] for s in result["societies"]] == [society_a.pk]
    table = response.content.decode().split('id="failing-societies"', 1)[1].split("</table>", 1)[0]
    assert society_a.name in table and society_b.name not in table  # society_b's finding is resolved
    assert f'href="/compliance/findings/?society={society_a.pk}&amp;rule=R-BR-04"' in table
    assert (TODAY - timedelta(days=3)).isoformat() in table
    page = response.content.decode()
    assert rule_title("R-BR-04") in page.split('id="control-title"', 1)[1].split("</h1>", 1)[0]
    checks = page.split('id="control-checks"', 1)[1].split("</table>", 1)[0]
    assert str(Severity.WARNING.label) in checks and str(AREAS["branches"]) in checks
    assert chart_data(response)["control"]["values"] == [1, 1]


def test_control_of_a_rule_nobody_fails(login, cast_admin, society_a, society_b, findings):
    response = login(cast_admin).get("/compliance/controls/R-TR-01/")
    assert response.context["result"]["failing"] == 0 and response.context["result"]["passing"] == 2


def test_control_filtered_by_discipline(login, cast_admin, society_a, society_b, findings):
    response = login(cast_admin).get("/compliance/controls/R-PB-01/", {"discipline": "science"})
    result = response.context["result"]
    assert (result["active"], result["failing"]) == (1, 0)  # society_b (engineering) is filtered out


def test_unknown_rule_is_404(login, cast_admin):
    assert login(cast_admin).get("/compliance/controls/R-XX-99/").status_code == 404


# --- query counts ------------------------------------------------------------------------------------


def populate(n: int) -> None:
    rules = [("R-BR-04", Severity.WARNING), ("R-GOV-02", Severity.VIOLATION), ("R-PB-04", Severity.ADVISORY)]
    for i in range(n):
        society = SocietyFactory(discipline="science" if i % 2 else "medicine")
        for rule, severity in rules[: 1 + i % 3]:
            open_finding(society, rule, severity, deadline=TODAY - timedelta(days=i % 4))
    Sweep.objects.create(status=SweepStatus.DONE, finished_at=timezone.now(), open_after=n)


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/compliance/", {}),
        ("/compliance/", {"discipline": "science", "severity": "warning"}),
        ("/compliance/controls/R-BR-04/", {}),
        ("/compliance/charts/heatmap.csv", {}),
    ],
)
def test_query_count_does_not_grow_with_societies(login, cast_admin, url, params):
    client = login(cast_admin)
    populate(2)
    client.get(url, params)  # warm caches (content types, session)
    few = queries(client, url, params)
    populate(18)
    many = queries(client, url, params)
    assert Finding.objects.count() > 30
    assert many == few, (few, many)
    assert few <= 15
