"""In Debian's chromium: a secretary's inbox 待我处理 on the dashboard lists a returned filing with how long
it has waited; clicking it opens the filing. The full inbox page lists everything, oldest first."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ..factories import PASSWORD, ActivityFactory, ApplicationFactory
from ..support.two_factor import pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_sees_returned_filing_with_waiting_time_and_opens_it(
    live_server, page, society_a, secretary_a
):
    base = live_server.url
    returned = ActivityFactory(
        society=society_a,
        status="returned",
        title="有机化学前沿论坛",
        decided_at=timezone.now() - timedelta(days=9),
    )
    ApplicationFactory(society=society_a, submitted_at=timezone.now() - timedelta(days=2))
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(secretary_a.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    pass_second_factor(page, base, secretary_a.username)
    page.wait_for_url(f"{base}/")

    inbox = page.locator("#dashboard-inbox")
    assert inbox.locator("#dashboard-inbox-total").inner_text() == "2"
    rows = inbox.locator("tr.inbox-item")
    first = rows.nth(0)  # oldest first: the filing returned nine days ago
    assert first.get_attribute("data-source") == "activities.returned"
    assert "有机化学前沿论坛" in first.inner_text()
    assert first.locator(".inbox-waited").inner_text().replace(" ", "") in ("9天", "9days")
    assert "text-bg-danger" in first.locator(".inbox-waited").get_attribute("class")  # a long wait
    assert rows.nth(1).get_attribute("data-source") == "members.application"

    first.locator("a.inbox-link").click()
    page.wait_for_url(f"{base}/activities/{returned.pk}/")
    assert "有机化学前沿论坛" in page.locator("h1").inner_text()

    page.goto(f"{base}/inbox/")
    assert page.locator("#inbox tr.inbox-item").count() == 2
    assert page.locator("#inbox-total").inner_text() == "2"
