"""In Debian's chromium: a secretary logs in and sees their dashboard in Chinese."""

import pytest

from ..factories import PASSWORD
from ..support.two_factor import pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_logs_in_and_sees_chinese_dashboard(live_server, page, secretary_a):
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    page.get_by_label("用户名").fill("sec_a")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    pass_second_factor(page, live_server.url, "sec_a")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text().startswith("欢迎")
    assert "学会秘书处" in page.locator("#my-roles").inner_text()
    assert "中国化学会" in page.locator("#dashboard-society").inner_text()
    # styled by the app's own Bootstrap, not a CDN
    bg = page.evaluate("getComputedStyle(document.querySelector('.navbar')).backgroundColor")
    assert bg == "rgb(11, 78, 162)"


def test_wrong_password_shows_error(live_server, page, secretary_a):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("sec_a")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    assert page.locator(".alert-danger").is_visible()
