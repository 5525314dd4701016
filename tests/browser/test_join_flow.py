"""In Debian's chromium, the whole way in (issue 16, 7): from the login page a visitor registers, reads and
consents to the personal-data notice, verifies the e-mail address from the link in the mail, applies to
中国化学会 with a tier the society offers (never 会士), sees the pending state on the society page, and
withdraws the application on its confirmation page."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from members.models import MembershipApplication, PrivacyConsent

from ..factories import PASSWORD, valid_mainland_id

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_consent_verify_apply_withdraw(live_server, page, society_a):
    base = live_server.url
    page.goto(f"{base}/")
    page.wait_for_url(re.compile(r".*/accounts/login/.*"))
    page.locator("#login-register").click()
    page.wait_for_url(re.compile(r".*/members/register/.*"))
    # the notice is linked from the consent box, and says what is collected
    assert page.locator("#privacy-notice-link").get_attribute("href") == "/members/privacy/"
    page.locator("#id_username").fill("qian_fangke")
    page.locator("#id_email").fill("qian@example.cn")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_name").fill("钱访客")
    page.locator("#id_id_number").fill(valid_mainland_id(777))
    page.locator("#id_employer").fill("复旦大学")
    page.locator("#register-submit").click()
    # without consent: refused on the field, nothing written
    assert page.locator("#id_consent ~ .invalid-feedback, .invalid-feedback").count() >= 1
    assert not PrivacyConsent.objects.exists()
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_consent").check()
    page.locator("#register-submit").click()
    page.wait_for_url(f"{base}/")  # back where the visitor started (the login page's `next`)
    assert PrivacyConsent.objects.get().user.username == "qian_fangke"

    # limited until verified: the join page asks for the link first
    page.goto(f"{base}/members/join/{society_a.pk}/")
    assert page.locator("#join-verify-email").is_visible()
    assert page.locator("#application-form").count() == 0
    message = mail.outbox[-1]
    assert message.to == ["qian@example.cn"]
    link = re.search(r"https?://\S+/accounts/verify-email/\S+/", message.body).group(0)
    page.goto(base + urlsplit(link).path)
    page.wait_for_url(f"{base}/members/mine/")

    # apply: 会士 and 荣誉会员 are not offered
    page.goto(f"{base}/members/join/{society_a.pk}/")
    offered = page.locator("#id_tier option").evaluate_all("os => os.map(o => o.value)")
    assert "fellow" not in offered and "honorary" not in offered and "ordinary" in offered
    page.locator("#id_tier").select_option("ordinary")
    page.locator("#id_statement").fill("从事高分子化学研究。")
    page.locator("#application-submit").click()
    page.wait_for_url(f"{base}/members/mine/")
    application = MembershipApplication.objects.get()

    # the society page shows the pending state, not the join button
    page.goto(f"{base}/societies/{society_a.pk}/")
    assert page.locator("#application-pending").is_visible()
    assert page.locator("#join-society").count() == 0

    # withdraw, on a confirmation page
    page.goto(f"{base}/members/mine/")
    page.locator(f"#application-{application.pk} a.application-withdraw").click()
    page.wait_for_url(f"{base}/members/applications/{application.pk}/withdraw/")
    page.locator("#id_comment").fill("先参加学术年会再申请")
    page.locator("#withdraw-confirm").click()
    page.wait_for_url(f"{base}/members/mine/")
    assert page.locator(f"#application-{application.pk}").get_attribute("data-status") == "withdrawn"
    application.refresh_from_db()
    assert application.status == "withdrawn"
    # and may apply again
    page.goto(f"{base}/societies/{society_a.pk}/")
    assert page.locator("#join-society").is_visible()
