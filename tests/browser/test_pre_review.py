"""In chromium: a secretary records a ¥800,000 expenditure and cannot confirm it (R-PB-02); the Party
reviewer approves the major matter with an opinion; then the secretary confirms it."""

import pytest

from party_building.models import Expenditure

from ..factories import PASSWORD
from ..support.two_factor import pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    pass_second_factor(page, base, username)
    page.wait_for_url(f"{base}/")


def test_large_expenditure_waits_for_pre_review(live_server, page, society_a, secretary_a, reviewer_a):
    base = live_server.url
    log_in(page, base, "sec_a")
    page.goto(f"{base}/party-building/finance/")
    page.click("#record-expenditure")
    page.select_option("#id_society", str(society_a.pk))
    page.fill("#id_amount", "800000")
    page.fill("#id_purpose", "第34届学术年会会务")
    page.fill("#id_spent_on", "2026-04-01")
    page.click("#save")
    page.locator("#pre-review[data-cleared='false']").wait_for()
    expenditure = Expenditure.objects.get()
    assert expenditure.amount == 800000

    page.click("#confirm-link")
    page.click("#confirm")
    refusal = page.locator("#refusal")
    refusal.wait_for()
    assert refusal.get_attribute("data-rule") == "R-PB-02"
    assert "R-PB-02" in refusal.inner_text() and "800,000.00" in refusal.inner_text()
    expenditure.refresh_from_db()
    assert expenditure.status == "recorded"

    log_in(page, base, "rev_a")
    page.locator("#dashboard-pre-review #pending-count").wait_for()
    assert page.locator("#pending-count").inner_text().strip() == "1"
    page.goto(f"{base}/party-building/matters/")
    page.locator("#matters tbody tr[data-matter] a").first.click()
    assert page.locator("#linked-object a").get_attribute("href") == expenditure.get_absolute_url()
    page.click("#approve")
    page.fill("#id_comment", "经党委前置审议，同意该项支出。")
    page.click("#confirm")
    page.locator("#matter-status [data-status='approved']").wait_for()
    assert "同意该项支出" in page.locator("#opinions").inner_text()

    log_in(page, base, "sec_a")
    page.goto(f"{base}{expenditure.get_absolute_url()}")
    page.locator("#pre-review[data-cleared='true']").wait_for()
    page.click("#confirm-link")
    page.click("#confirm")
    page.locator("#obj-status[data-status='confirmed']").wait_for()
    expenditure.refresh_from_db()
    assert expenditure.status == "confirmed"
