"""In Debian's chromium: a visitor registers, applies to 中国化学会, the secretary approves, the member
sees the active membership."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from members.models import MembershipApplication

from ..factories import PASSWORD, valid_mainland_id
from ..support.two_factor import pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    pass_second_factor(page, base, username)
    page.wait_for_url(f"{base}/")


def test_visitor_registers_applies_secretary_approves_member_sees_it(
    live_server, page, society_a, secretary_a
):
    base = live_server.url
    # a visitor opens the society's join page and is offered registration
    page.goto(f"{base}/members/join/{society_a.pk}/")
    assert "中国化学会" in page.locator("h1").inner_text()
    page.locator("#join-register").click()
    page.wait_for_url(f"{base}/members/register/**")
    page.locator("#id_username").fill("zhao_fangke")
    page.locator("#id_email").fill("zhao@example.cn")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_name").fill("赵访客")
    page.locator("#id_id_number").fill(valid_mainland_id(246))
    page.locator("#id_employer").fill("北京大学")
    page.locator("#id_consent").check()
    page.locator("#register-submit").click()
    # back on the join page, signed in: first the e-mail address is verified from the mailed link
    page.wait_for_url(f"{base}/members/join/{society_a.pk}/")
    assert page.locator("#join-verify-email").is_visible()
    link = re.search(r"https?://\S+/accounts/verify-email/\S+/", mail.outbox.pop().body).group(0)
    page.goto(base + urlsplit(link).path)
    page.goto(f"{base}/members/join/{society_a.pk}/")
    page.locator("#id_tier").select_option("ordinary")
    page.locator("#id_statement").fill("从事有机合成研究，希望加入中国化学会。")
    page.locator("#application-submit").click()
    page.wait_for_url(f"{base}/members/mine/")
    assert page.locator("#my-applications tr[data-status='submitted']").count() == 1
    application = MembershipApplication.objects.get()

    # the secretary approves from the queue, on a confirmation page
    _login(page, base, secretary_a.username)
    page.goto(f"{base}/members/applications/")
    row = page.locator(f"#application-{application.pk}")
    assert "赵访客" in row.inner_text()
    row.locator(f"a[href='/members/applications/{application.pk}/approve/']").click()
    page.locator("#id_comment").fill("欢迎加入")
    page.locator("#decision-submit").click()
    page.wait_for_url(f"{base}/members/applications/")
    assert page.locator(f"#application-{application.pk}").count() == 0  # no longer waiting

    # the member signs in and sees the active membership and the comment
    _login(page, base, "zhao_fangke")
    page.goto(f"{base}/members/mine/")
    membership_row = page.locator("#my-memberships tr[data-society='ccs']")
    assert membership_row.get_attribute("data-status") == "active"
    assert "CCS-" in membership_row.inner_text()
    assert "欢迎加入" in page.locator("#my-applications").inner_text()
    assert [m.to for m in mail.outbox] == [["zhao@example.cn"], ["zhao@example.cn"]]
