"""In chromium, against a real (slowed-down) Celery worker — issue 13's check of the annual work report
(R-GOV-05): a society's secretary opens the year's report, writes the narrative, generates the PDF and
watches its progress bar (htmx polls every second; the page reloads itself when the worker finishes),
downloads it, submits it; CAST returns it with a reason; the secretary revises it, generates a second
version and submits again; CAST accepts it. Both versions are kept and the report names the second."""

import re
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from reports.models import AnnualReport, Report
from tests.celery_worker import conftest as worker_conftest

from ..factories import PASSWORD
from ..support.two_factor import pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

start_worker = worker_conftest.start_worker  # the real-worker fixture of tests/celery_worker
worker_output = worker_conftest.worker_output

SHOTS = Path("/tmp/annual-shots")  # noqa: S108 - screenshots for a person to look at

NARRATIVE = {
    "overview": "本年度学会围绕学科发展稳步推进各项工作，会员规模持续扩大。",
    "academic": "主办全国化学学术年会一次，参会代表逾三千人。",
    "service": "开展科普进校园活动十二场，服务企业技术攻关五项。",
    "party": "学会党委召开理论学习中心组学习会六次。",
    "plans": "明年将加强分支机构管理并完善财务内控制度。",
}
REVISED_OVERVIEW = "根据中国科协意见修订：补充说明会员发展与经费使用情况。"
RETURN_REASON = "请补充会员发展情况和经费使用说明。"

# One atomic look at the progress block; None while the page is (re)loading.
SNAPSHOT_JS = """() => {
  const box = document.querySelector('#report-progress');
  if (!box) return null;
  return {
    percent: box.querySelector('#report-percent').textContent.trim(),
    status: box.querySelector('[data-status]').dataset.status,
    polling: box.hasAttribute('hx-get'),
    sameDocument: window.__watchingReport === true,
  };
}"""


def log_in(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    pass_second_factor(page, base, username)
    page.wait_for_url(f"{base}/")


def _snapshot(page):
    try:
        return page.evaluate(SNAPSHOT_JS)
    except PlaywrightError:  # execution context destroyed by the HX-Refresh reload
        return None


def _status(page) -> str:
    return page.locator("#annual-status").get_attribute("data-status")


def _flat(text: str) -> str:
    return "".join(text.split())  # pdftotext breaks lines and drops the spaces around CJK


def generate_and_watch(page, worker, shot=None) -> tuple[Report, list[int]]:
    """Click #generate on the annual page and watch the report page until it has reloaded finished."""
    page.click("#generate")
    page.wait_for_url(re.compile(r"/reports/\d+/$"))
    report_pk = int(re.search(r"/reports/(\d+)/$", page.url).group(1))
    page.evaluate("window.__watchingReport = true")  # gone once HX-Refresh reloads the page

    seen = []  # progress values in the order the page showed them
    final = None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        snap = _snapshot(page)
        if snap is not None:
            value = int(snap["percent"].rstrip("%"))
            if not seen or seen[-1] != value:
                seen.append(value)
            if shot is not None and 35 <= value < 100 and snap["sameDocument"]:
                page.screenshot(path=str(shot), full_page=True)
                shot = None
            if snap["status"] in ("done", "failed") and not snap["polling"] and not snap["sameDocument"]:
                final = snap
                break
        page.wait_for_timeout(100)
    report = Report.objects.get(pk=report_pk)
    if final is None:
        pytest.fail(
            f"report page never finished: {report.status} {report.progress}%, seen {seen}\n"
            + worker_output(worker)
        )
    assert final["status"] == "done", f"{report.error}\n" + worker_output(worker)
    print(f"progress seen on the page for v{report.version}: {seen}")

    assert seen[-1] == 100
    before_done = seen[: seen.index(100)]
    assert before_done == sorted(before_done), seen  # the bar only moves forward
    assert any(0 < v < 100 for v in before_done), f"the bar never sat between 0 and 100: {seen}"
    assert page.locator(".progress-bar.bg-success").inner_text().strip() == "100%"
    return report, seen


def download_text(page) -> str:
    with page.expect_download() as info:
        page.click("#download-pdf")
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    path = download.path()
    data = Path(path).read_bytes()
    assert data.startswith(b"%PDF"), data[:20]
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_secretary_writes_generates_and_submits_cast_returns_then_accepts(
    live_server, page, start_worker, secretary_a, society_a, cast_admin
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    _, worker = start_worker(
        REPORT_PDF_RENDERER="tests.support.failing_pdf.flaky_render",
        FLAKY_PDF_KEY=f"test-annual-{uuid.uuid4().hex}",
        FLAKY_PDF_FAILURES="0",
        FLAKY_PDF_DELAY="3",
    )

    # --- the secretary opens the year's report and writes the narrative ---
    log_in(page, base, "sec_a")
    page.goto(f"{base}/reports/annual/")
    form = page.locator("#open-annual")
    assert form.locator("#id_society option:checked").inner_text().strip() == society_a.name
    year = int(form.locator("#id_year").input_value())
    form.locator("#open").click()
    page.wait_for_url(re.compile(r"/reports/annual/\d+/$"))
    annual = AnnualReport.objects.get(society=society_a, year=year)
    annual_url = f"{base}/reports/annual/{annual.pk}/"
    assert page.url == annual_url
    assert _status(page) == "draft"
    assert society_a.name in page.locator("h1").inner_text()

    narrative = page.locator("form#narrative")
    for key, text in NARRATIVE.items():
        narrative.locator(f"textarea[name={key}]").fill(text)
    narrative.locator("#save").click()
    page.wait_for_url(annual_url)
    assert page.locator("textarea[name=overview]").input_value() == NARRATIVE["overview"]
    assert AnnualReport.objects.get(pk=annual.pk).narrative == NARRATIVE
    page.screenshot(path=str(SHOTS / "1-annual-draft.png"), full_page=True)

    # --- generates the PDF, watches the bar, downloads it ---
    v1, seen_v1 = generate_and_watch(page, worker, shot=SHOTS / "2-report-progress.png")
    assert v1.version == 1 and v1.annual_report_id == annual.pk
    text = _flat(download_text(page))
    assert _flat(society_a.name) in text
    for key, written in NARRATIVE.items():
        assert _flat(written) in text, f"the PDF lacks the {key} section"

    # --- back to the annual page (breadcrumb), submits ---
    page.locator(f'nav[aria-label=breadcrumb] a[href="/reports/annual/{annual.pk}/"]').click()
    page.wait_for_url(annual_url)
    assert page.locator("#versions li").filter(has_text="v1").count() == 1
    page.click("#submit")
    page.wait_for_url(annual_url)
    assert _status(page) == "submitted"
    assert page.locator("form#narrative").count() == 0  # no longer editable
    assert page.locator("#generate").count() == 0

    # --- CAST returns it with a reason ---
    log_in(page, base, "cast")
    page.goto(f"{base}/reports/annual/")
    page.locator("#annual-reports a", has_text=society_a.name).click()
    page.wait_for_url(annual_url)
    assert _status(page) == "submitted"
    page.fill("#id_comment", RETURN_REASON)
    page.click("#return")
    page.wait_for_url(annual_url)
    assert _status(page) == "returned"
    assert page.locator("#opinion").inner_text().strip() == RETURN_REASON
    page.screenshot(path=str(SHOTS / "3-annual-returned.png"), full_page=True)

    # --- the secretary revises, generates a second version and submits again ---
    log_in(page, base, "sec_a")
    page.goto(annual_url)
    assert _status(page) == "returned"
    assert page.locator("#opinion").inner_text().strip() == RETURN_REASON
    page.locator("form#narrative textarea[name=overview]").fill(REVISED_OVERVIEW)
    page.locator("form#narrative #save").click()
    page.wait_for_url(annual_url)
    v2, seen_v2 = generate_and_watch(page, worker)
    assert v2.version == 2
    revised = _flat(download_text(page))
    assert _flat(REVISED_OVERVIEW) in revised and _flat(NARRATIVE["overview"]) not in revised
    page.goto(annual_url)
    versions = page.locator("#versions li")
    assert versions.count() == 2
    assert versions.first.locator("a").first.inner_text().strip() == "v2"
    page.click("#submit")
    page.wait_for_url(annual_url)
    assert _status(page) == "submitted"

    # --- CAST accepts ---
    log_in(page, base, "cast")
    page.goto(annual_url)
    page.click("#accept")
    page.wait_for_url(annual_url)
    assert _status(page) == "accepted"
    assert page.locator("#decide").count() == 0
    page.screenshot(path=str(SHOTS / "4-annual-accepted.png"), full_page=True)

    assert Report.objects.filter(annual_report=annual).count() == 2
    annual.refresh_from_db()
    assert annual.status == "accepted"
    assert annual.report_id == v2.pk and annual.report.version == 2
    assert Report.objects.get(pk=v1.pk).file  # the first version is kept
    print(f"progress v1 {seen_v1}, v2 {seen_v2}")
