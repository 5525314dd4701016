"""In chromium, against a real (slowed-down) Celery worker: a CAST administrator starts a compliance sweep,
watches its progress bar advance (htmx polls every second) and reach 100%, the page reloads itself
(HX-Refresh) with the results per rule, and the dashboard and the findings list show the new findings."""

import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from compliance.models import Finding, Sweep
from tests.celery_worker import conftest as worker_conftest

from ..factories import PASSWORD, BranchFactory, OfficerFactory, SocietyFactory
from ..support.two_factor import pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

start_worker = worker_conftest.start_worker  # the real-worker fixture of tests/celery_worker
worker_output = worker_conftest.worker_output

SHOTS = Path("/tmp/sweep-shots")  # noqa: S108 - screenshots for a person to look at

# One atomic look at the progress block; None while the page is (re)loading.
SNAPSHOT_JS = """() => {
  const box = document.querySelector('#sweep-progress');
  if (!box) return null;
  return {
    percent: box.querySelector('#sweep-percent').textContent.trim(),
    status: box.querySelector('[data-status]').dataset.status,
    statusText: box.querySelector('[data-status]').textContent.trim(),
    polling: box.hasAttribute('hx-get'),
    sameDocument: window.__watchingSweep === true,
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


def test_admin_watches_sweep_progress_then_sees_findings(live_server, page, start_worker, cast_admin):
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    society = SocietyFactory(code="cms", name="中国机械工程学会")
    OfficerFactory(society=society, full_time=False)  # R-GOV-04
    BranchFactory(society=society, established_on=timezone.localdate() - timedelta(days=800))  # R-BR-05
    _, worker = start_worker(COMPLIANCE_SWEEP_PAUSE="0.3")

    log_in(page, base, "cast")
    page.goto(f"{base}/compliance/sweeps/")
    assert page.locator("#id_society").input_value() == ""  # all societies
    page.click("#start")
    page.wait_for_url(re.compile(r"/compliance/sweeps/\d+/$"))
    sweep_pk = int(re.search(r"/sweeps/(\d+)/$", page.url).group(1))
    page.evaluate("window.__watchingSweep = true")  # gone once HX-Refresh reloads the page

    seen = []  # progress values in the order the page showed them
    mid_shot = False
    final = None
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        snap = _snapshot(page)
        if snap is not None:
            value = int(snap["percent"].rstrip("%"))
            if not seen or seen[-1] != value:
                seen.append(value)
            if 0 < value < 100 and not mid_shot and value >= 20:
                page.screenshot(path=str(SHOTS / "1-sweep-progress.png"), full_page=True)
                mid_shot = True
            if snap["status"] in ("done", "failed") and not snap["polling"] and not snap["sameDocument"]:
                final = snap
                break
        page.wait_for_timeout(100)
    if final is None:
        sweep = Sweep.objects.get(pk=sweep_pk)
        pytest.fail(
            f"sweep page never finished: {sweep.status} {sweep.progress}%, seen {seen}\n"
            + worker_output(worker)
        )
    sweep = Sweep.objects.get(pk=sweep_pk)
    assert final["status"] == "done", sweep.error
    print(f"progress seen on the page: {seen}")

    assert seen[-1] == 100
    before_done = seen[: seen.index(100)]
    assert before_done == sorted(before_done)  # the bar only moves forward
    midway = {v for v in before_done if 0 < v < 100}
    assert len(midway) >= 2, f"the bar did not visibly advance: {seen}"
    assert final["statusText"] == "已完成"
    assert page.locator(".progress-bar.bg-success").inner_text().strip() == "100%"
    rows = page.locator("#sweep-rules tbody tr")
    assert rows.count() >= 10
    assert (
        page.locator("#sweep-rules td[colspan]").count() == 0
    )  # every rule has its counts, none "not yet checked"
    gov04 = rows.filter(has_text="R-GOV-04")
    assert gov04.count() == 1
    assert int(gov04.locator("td").nth(4).inner_text()) >= 1  # opened
    page.screenshot(path=str(SHOTS / "2-sweep-finished.png"), full_page=True)

    opened = Finding.objects.count()
    assert opened == sweep.findings_opened >= 2
    assert {"R-GOV-04", "R-BR-05"} <= set(
        Finding.objects.filter(society=society).values_list("rule", flat=True)
    )

    page.goto(f"{base}/compliance/")
    assert page.locator("[data-total=unresolved]").inner_text().strip() == str(opened)
    control = page.locator("#controls li", has_text="R-GOV-04")
    assert control.locator(".text-bg-danger").inner_text().strip() == "1"
    assert "R-BR-05" in page.locator("#controls").inner_text()
    page.wait_for_load_state("networkidle")  # let the charts draw
    page.screenshot(path=str(SHOTS / "3-dashboard.png"), full_page=True)

    page.goto(f"{base}/compliance/findings/")
    listed = page.locator("#findings tbody tr[data-finding]")
    assert listed.count() == opened
    assert all("中国机械工程学会" in text for text in listed.all_inner_texts())
    assert listed.filter(has_text="R-GOV-04").count() == 1
    page.goto(f"{base}/compliance/findings/?rule=R-GOV-04")
    finding_rows = page.locator("#findings tbody tr[data-finding]")
    assert finding_rows.count() == 1
    assert "中国机械工程学会" in finding_rows.first.inner_text()
    page.screenshot(path=str(SHOTS / "4-findings.png"), full_page=True)
