"""In chromium: a secretary asks for the XLSX of the member directory, confirms, and the job's page (its
progress bar polled by htmx, then the download) — eager Celery here: the worker path is
tests/celery_worker/test_export_worker.py. Screenshots at 1440 and 390 px for a person to look at."""

from pathlib import Path

import pytest

from ..factories import MembershipFactory
from .test_compliance_sweep import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/export-shots")  # noqa: S108 - screenshots for a person to look at


def test_secretary_exports_the_directory_as_xlsx(live_server, page, secretary_a, society_a):
    SHOTS.mkdir(parents=True, exist_ok=True)
    MembershipFactory.create_batch(3, society=society_a, tier="fellow")
    base = live_server.url
    log_in(page, base, secretary_a.username)
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base}/societies/{society_a.pk}/members/export/xlsx/?tier=fellow")
        assert "会员级别：会士" in page.inner_text("#export-filters")  # the filter in words, not its key
        page.screenshot(path=str(SHOTS / f"confirm-{width}.png"), full_page=True)
    page.click("#start-export")
    page.wait_for_selector("#download-xlsx", timeout=30000)
    assert page.inner_text("#export-percent") == "100%" and page.inner_text("#export-rows") == "3"
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"job-{width}.png"), full_page=True)
    with page.expect_download() as download:
        page.click("#download-xlsx")
    assert download.value.suggested_filename.endswith(".xlsx")
