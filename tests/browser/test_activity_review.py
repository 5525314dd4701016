"""In chromium: a secretary files a seminar, CAST returns it with a comment, the secretary edits and
resubmits, CAST approves; both versions are visible with the diff."""

from datetime import timedelta

import pytest
from django.utils import timezone

from activities.models import Activity

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


def test_file_return_resubmit_approve(live_server, page, secretary_a, cast_admin):
    base = live_server.url
    start = timezone.localdate() + timedelta(days=40)
    log_in(page, base, "sec_a")
    page.goto(f"{base}/activities/new/")
    page.fill("#id_title", "有机合成前沿研讨会")
    page.select_option("#id_kind", "seminar")
    page.fill("#id_duties", "主办：负责议程与专家邀请")
    page.fill("#id_starts_on", start.isoformat())
    page.fill("#id_ends_on", (start + timedelta(days=1)).isoformat())
    page.fill("#id_location", "北京")
    page.fill("#id_scope_codes", "15020")
    page.check("#id_requires_member_sponsorship")
    page.locator("#rule-problems [data-rule='R-ACT-04']").wait_for()  # htmx shows the problem before submit
    page.uncheck("#id_requires_member_sponsorship")
    page.locator("#rule-problems .alert-success").wait_for()
    page.click("form#filing-form button[type=submit]")
    page.wait_for_url("**/activities/*/")
    activity = Activity.objects.get(title="有机合成前沿研讨会")
    page.goto(f"{base}/activities/{activity.pk}/submit/")
    page.click("#confirm")
    page.wait_for_url(f"**/activities/{activity.pk}/")

    log_in(page, base, "cast")
    page.goto(f"{base}/activities/review/")
    page.click("#queue a:text('有机合成前沿研讨会')")
    page.wait_for_url(f"**/activities/{activity.pk}/")  # the record page is open before the shortcut
    page.keyboard.press("r")  # keyboard-friendly review: R opens the return page
    page.wait_for_url(f"**/activities/{activity.pk}/return/")
    page.fill("#id_comment", "请将地点改为上海并补充参会人数")
    page.click("#confirm")
    page.wait_for_url(f"**/activities/{activity.pk}/")
    assert Activity.objects.get(pk=activity.pk).status == "returned"

    log_in(page, base, "sec_a")
    page.goto(f"{base}/activities/{activity.pk}/")
    assert "请将地点改为上海" in page.locator("#history").inner_text()
    page.goto(f"{base}/activities/{activity.pk}/edit/")
    page.fill("#id_location", "上海")
    page.click("form#filing-form button[type=submit]")
    page.wait_for_url(f"**/activities/{activity.pk}/")
    page.goto(f"{base}/activities/{activity.pk}/submit/")
    page.click("#confirm")
    page.wait_for_url(f"**/activities/{activity.pk}/")

    log_in(page, base, "cast")
    page.goto(f"{base}/activities/{activity.pk}/")
    assert page.locator("#versions .version").count() == 2
    diff = page.locator("#versions .diff").inner_text()
    assert "北京" in diff and "上海" in diff
    page.keyboard.press("a")
    page.wait_for_url(f"**/activities/{activity.pk}/approve/")
    page.click("#confirm")
    page.wait_for_url(f"**/activities/{activity.pk}/")
    assert Activity.objects.get(pk=activity.pk).status == "approved"
    page.screenshot(path="var/screenshot-activity-approved.png", full_page=True)
