"""The report kinds annual_report, compliance, award_list and scorecard rendered for real (reports.engine.run
→ WeasyPrint): the PDF's extracted text (`pdftotext -layout`) carries the society's Chinese name, the exact
figures of the data formatted the Chinese way, the footer and the narrative; the XLSX has a sheet per
table with its header row; and the context builders' query count does not grow with the rows."""

import re
import subprocess
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import load_workbook

from awards.choices import RoundStatus
from compliance.services import open_finding
from reports import engine, scorecard
from reports.kinds import KINDS
from reports.models import AnnualReport, Report
from reports.svg import bar_chart, line_chart, radar_chart
from tests.factories import (
    ActivityFactory,
    AwardProgramFactory,
    AwardRoundFactory,
    BranchFactory,
    DonationFactory,
    ExpenditureFactory,
    GovernanceBodyFactory,
    MembershipFactory,
    OfficerFactory,
    PartyOrganizationFactory,
    SeatFactory,
    SocietyFactory,
    TermFactory,
    UserFactory,
)

YEAR = timezone.localdate().year  # the factories date donations and activities today


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf_text(report) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", report.file.path, "-"], capture_output=True, text=True, check=True
    )
    return out.stdout


def flat_text(report) -> str:
    """The text in content order (a wrapped table cell stays together) with all whitespace removed."""
    out = subprocess.run(["pdftotext", report.file.path, "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", "", out.stdout)


def has_footer(text: str) -> bool:
    """第 N 页 / 共 M 页 on page 1 (pdftotext -layout sometimes drops the spaces on narrow lines)."""
    return "第 1 页" in text or "第1页/共" in re.sub(r"[ \t]+", "", text)


def sheet_name(title) -> str:
    """The sheet name engine.xlsx_of gives a table."""
    return "".join(ch for ch in str(title) if ch not in "[]:*?/\\")[:28]


def assert_xlsx(report):
    """Every table of the kind's context is a sheet whose first row is the table's header."""
    with translation.override("zh-hans"):
        tables = KINDS[report.kind].build(report)["tables"]
    book = load_workbook(report.xlsx.path, read_only=True)
    assert tables
    for table in tables:
        name = sheet_name(table.title)
        assert name in book.sheetnames, (name, book.sheetnames)
        first = next(book[name].iter_rows(min_row=1, max_row=1, values_only=True))
        assert list(first) == [str(h) for h in table.header]


def run(kind, society=None, year=None, annual=None) -> Report:
    report = Report.objects.create(kind=kind, society=society, year=year, version=1, annual_report=annual)
    report = engine.run(report.pk)
    report.refresh_from_db()
    assert report.status == "done", report.error
    assert report.pages >= 2
    return report


def count_queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


# --- charts -------------------------------------------------------------------------------------------


def test_charts_are_svg_with_the_cjk_font_and_escaped_labels():
    svg = bar_chart(["论坛", "<b>&"], [3, 0], title="按类型")
    assert svg.startswith("<svg") and "WenQuanYi Zen Hei" in svg and "&lt;b&gt;&amp;" in svg
    empties = [
        bar_chart([], []),
        bar_chart(["a"], [0]),
        line_chart([], {}),
        line_chart(["2024"], {"x": [0]}),
        radar_chart([], []),
        radar_chart(["a", "b", "c"], [0, 0, 0], previous=[0, 0, 0]),
    ]
    for empty in empties:
        assert empty.startswith("<svg") and empty.endswith("</svg>")
    radar = radar_chart(
        ["学术", "智库", "科普"], [100, 50, 0], previous=[80, 40, 10], labels=("2025", "2024")
    )
    assert radar.count("<polygon") == 5 + 2 and "stroke-dasharray" in radar


# --- annual_report --------------------------------------------------------------------------------------


def annual_data(society, branches=2, activities=2):
    user = UserFactory()
    for _ in range(7):
        MembershipFactory(society=society, joined_on=date(YEAR, 3, 1))
    MembershipFactory(society=society, status="lapsed", joined_on=date(YEAR - 2, 1, 1))
    council = GovernanceBodyFactory(society=society, kind="council", name="第九届理事会")
    term = TermFactory(body=council, number=9, starts_on=date(YEAR - 1, 1, 1), ends_on=date(YEAR + 4, 1, 1))
    for i in range(5):  # 2 of 5 grassroots → 40%
        SeatFactory(term=term, grassroots=i < 2, birth_year=1960)
    OfficerFactory(society=society, position="secretary_general", full_time=True)
    for i in range(branches):
        BranchFactory(society=society, name=f"第{i}专业委员会")
    for i in range(activities):
        ActivityFactory(society=society, kind="forum", title=f"学术论坛{i}")
    ActivityFactory(society=society, kind="overseas_exchange", title="境外交流访问团", is_overseas=True)
    PartyOrganizationFactory(society=society)
    DonationFactory(society=society, amount=Decimal("300000.00"), donor="某大额捐赠企业")
    ExpenditureFactory(society=society, amount=Decimal("800000.00"), purpose="学术年会场地")
    program = AwardProgramFactory(society=society, name="青年化学奖")
    AwardRoundFactory(program=program, year=YEAR)
    open_finding(
        rule="R-BR-05",
        severity="violation",
        society=society,
        message="分支机构长期不开展活动",
        deadline=timezone.localdate() - timedelta(days=3),
    )
    return user


@pytest.mark.django_db
def test_annual_report_pdf_has_the_data_and_the_narrative():
    society = SocietyFactory()
    user = annual_data(society)
    annual = AnnualReport.objects.create(
        society=society, year=YEAR, created_by=user, narrative={"overview": "本年度学会工作稳步推进。"}
    )
    report = run("annual_report", society, YEAR, annual)
    text = pdf_text(report)
    assert society.name in text
    assert "有效会员" in text
    assert "第 1 页 / 共" in text
    assert "本年度学会工作稳步推进。" in text
    assert "¥300,000.00" in text  # the large donation, listed
    assert "¥800,000.00" in text  # the large expenditure, listed
    assert "40%" in text  # council grassroots share 2 / 5 (core.formats.percent: one format)
    assert "20%" in text  # its target (rule setting default)
    assert "境外交流访问团" in text  # the overseas activity listed
    assert "第0专业委员会" in text and "青年化学奖" in text
    flat = flat_text(report)
    assert "分支机构长期不开展活动" in flat and "已逾期" in flat
    assert re.search(r"普通会员\s+7\s+100%", text)  # 7 active members, all ordinary
    assert_xlsx(report)


@pytest.mark.django_db
def test_annual_report_figures_in_the_context():
    society = SocietyFactory()
    annual_data(society)
    report = Report.objects.create(kind="annual_report", society=society, year=YEAR, version=1)
    with translation.override("zh-hans"):
        context = KINDS["annual_report"].build(report)
    figures = dict(context["figures"])
    assert figures["有效会员"] == "7"
    assert context["membership"]["joined"] == 7 and context["membership"]["left"] == 1
    assert context["activities"]["count"] == 3
    assert context["findings"]["unresolved"] == 1
    assert context["governance"]["composition"]["grassroots_share"] == Decimal("0.400")
    assert [a for a, _h in context["sections"]][0] == "narrative-overview"  # no annual report: overview only
    assert len(context["tables"]) >= 15


@pytest.mark.django_db
def test_annual_builder_queries_do_not_grow_with_rows():
    small, large = SocietyFactory(), SocietyFactory()
    annual_data(small, branches=2, activities=2)
    annual_data(large, branches=10, activities=10)
    build = KINDS["annual_report"].build
    a = Report.objects.create(kind="annual_report", society=small, year=YEAR, version=1)
    b = Report.objects.create(kind="annual_report", society=large, year=YEAR, version=1)
    build(a)  # warm the content-type cache
    assert count_queries(lambda: build(a)) == count_queries(lambda: build(b))


# --- compliance -----------------------------------------------------------------------------------------


def findings_for(society, n):
    for i in range(n):
        branch = BranchFactory(society=society)
        open_finding(
            rule="R-BR-05",
            severity="violation" if i % 2 else "warning",
            society=society,
            subject=branch,
            message=f"{branch.name}长期不开展活动",
            deadline=timezone.localdate() - timedelta(days=1)
            if i == 0
            else timezone.localdate() + timedelta(days=30),
        )


@pytest.mark.django_db
def test_compliance_report_one_society_and_all():
    a, b = SocietyFactory(), SocietyFactory()
    findings_for(a, 3)
    findings_for(b, 2)
    report = run("compliance", a)
    text = pdf_text(report)
    assert a.name in text and b.name not in text.replace(a.name, "")
    assert "R-BR-05" in text and "已逾期" in flat_text(report) and has_footer(text)
    with translation.override("zh-hans"):
        context = KINDS["compliance"].build(report)
    assert context["unresolved"] == 3 and context["overdue"] == 1
    totals = context["tables"][0].rows[-1]
    assert totals[2:] == [1, 2, 0, 3, 1]  # violation, warning, advisory, total, overdue
    assert_xlsx(report)

    everyone = run("compliance")
    text = pdf_text(everyone)
    assert a.name in text and b.name in text


@pytest.mark.django_db
def test_compliance_builder_queries_do_not_grow_with_rows():
    small, large = SocietyFactory(), SocietyFactory()
    findings_for(small, 2)
    findings_for(large, 10)
    build = KINDS["compliance"].build
    a = Report.objects.create(kind="compliance", society=small, version=1)
    b = Report.objects.create(kind="compliance", society=large, version=1)
    build(a)
    assert count_queries(lambda: build(a)) == count_queries(lambda: build(b))


# --- award_list -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_award_list_shows_every_listed_program_with_its_last_round():
    society = SocietyFactory()
    listed = AwardProgramFactory(society=society, name="化学青年奖", quota=12)
    AwardRoundFactory(program=listed, year=YEAR - 1, status="published")
    AwardRoundFactory(program=listed, year=YEAR, status="open")
    AwardProgramFactory(society=society, name="草稿奖项", status="draft")
    report = run("award_list")
    text = pdf_text(report)
    assert society.name in text and "化学青年奖" in text and "草稿奖项" not in text
    with translation.override("zh-hans"):
        last = f"{YEAR}{RoundStatus.OPEN.label}"
    flat = flat_text(report)
    assert last in flat and str(YEAR - 1) in flat and has_footer(text)
    assert_xlsx(report)


@pytest.mark.django_db
def test_award_list_builder_queries_do_not_grow_with_rows():
    for i in range(2):
        AwardRoundFactory(program=AwardProgramFactory(name=f"甲奖{i}"))
    build = KINDS["award_list"].build
    report = Report.objects.create(kind="award_list", version=1)
    few = count_queries(lambda: build(report))
    for i in range(8):
        AwardRoundFactory(program=AwardProgramFactory(name=f"乙奖{i}"))
    assert count_queries(lambda: build(report)) == few


# --- scorecard ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_scorecard_one_society_and_the_ranking():
    year = YEAR
    top, other = SocietyFactory(), SocietyFactory()
    for _ in range(4):
        ActivityFactory(society=top, kind="conference")
    ActivityFactory(society=other, kind="conference")
    for _ in range(3):
        MembershipFactory(society=top)
    one = run("scorecard", top, year)
    text = pdf_text(one)
    row = next(r for r in scorecard.compute(year) if r.society.id == top.id)
    assert top.name in text and has_footer(text)
    assert f"{row.total:.1f}" in text
    assert re.search(rf"{row.rank_in_discipline}\s*/\s*{row.discipline_count}", text)
    assert "<svg" not in text  # the radar is drawn, not printed as markup
    assert_xlsx(one)

    ranking = run("scorecard", None, year)
    text = pdf_text(ranking)
    assert top.name in text and other.name in text
    with translation.override("zh-hans"):
        rows = KINDS["scorecard"].build(ranking)["tables"][0].rows
    names = [r[1] for r in rows]
    assert names.index(top.name) < names.index(other.name)
    assert_xlsx(ranking)


@pytest.mark.django_db
def test_scorecard_builder_queries_do_not_grow_with_rows():
    for _ in range(2):
        ActivityFactory(society=SocietyFactory())
    build = KINDS["scorecard"].build
    report = Report.objects.create(kind="scorecard", year=YEAR, version=1)
    build(report)  # the first one counts and stores the years (reports.ScorecardData)
    few = count_queries(lambda: build(report))
    for _ in range(8):
        ActivityFactory(society=SocietyFactory())
    scorecard.store([YEAR, YEAR - 1])  # recounted, as nightly or on CAST's request
    assert count_queries(lambda: build(report)) == few


@pytest.mark.django_db
def test_scorecard_report_shows_the_stored_counts_and_when_they_were_counted():
    """The PDF is made from the numbers the scorecard page shows (not a recount in the worker), and its
    "data as of" is when they were counted."""
    society = SocietyFactory()
    rows, counted_at = scorecard.latest(YEAR)
    ActivityFactory(society=society)  # after the count: in neither the page nor the report until recounted
    report = Report.objects.create(kind="scorecard", year=YEAR, version=2)
    context = KINDS["scorecard"].build(report)
    assert context["inputs_at"] == counted_at
    assert {r.society.id: r.total for r in context["ranked"]["rows"]} == {r.society.id: r.total for r in rows}
    scorecard.store([YEAR, YEAR - 1])
    assert KINDS["scorecard"].build(report)["inputs_at"] > counted_at  # recounted: the new time
