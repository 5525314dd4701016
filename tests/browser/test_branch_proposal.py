"""In Debian's chromium: a secretary proposes a branch office with its resolution (a PDF made here),
CAST approves it from the review queue, and it appears in the society's branch roster."""

import re

import pytest

from branches.models import Branch

from ..factories import PASSWORD, add_active_members
from ..support.two_factor import pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    pass_second_factor(page, base, username)
    page.wait_for_url(f"{base}/")


def test_secretary_proposes_cast_approves_roster_lists(live_server, page, secretary_a, cast_admin, society_a):
    add_active_members(society_a, 300)
    base = live_server.url
    _login(page, base, secretary_a.username)
    page.goto(f"{base}/branches/new/")
    page.fill("#id_name", "物理化学专业委员会")
    page.select_option("#id_kind", "branch")
    page.fill("#id_business_scope", "15020")
    page.fill("#id_purpose", "团结物理化学领域科技工作者，开展学术交流。")
    page.select_option("#id_res-body", "council")
    page.fill("#id_res-held_on", "2026-01-10")
    page.fill("#id_res-seats", "90")
    page.fill("#id_res-present", "72")
    page.fill("#id_res-votes_for", "65")
    page.fill("#id_res-votes_against", "3")
    page.fill("#id_res-abstain", "4")
    page.locator("#id_res-abstain").press("Tab")  # leaving the field fires "change"
    # the inline rule check answers (htmx) before submitting
    page.locator("#rule-problems .alert-success").wait_for()
    page.set_input_files(
        "#id_res-document", files=[{"name": "设立决议.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.click("#save-submit")
    page.wait_for_url(re.compile(r"/branches/\d+/$"))
    assert page.locator("#branch-name").inner_text() == "物理化学专业委员会"
    assert page.locator("[data-status]").first.get_attribute("data-status") == "submitted"
    assert page.locator("#resolution-document").inner_text() == "设立决议.pdf"
    branch = Branch.objects.get(name="物理化学专业委员会")
    assert branch.resolution.document.read().startswith(b"%PDF")

    page.context.clear_cookies()
    _login(page, base, cast_admin.username)
    page.goto(f"{base}/branches/review/")
    row = page.locator(f'tr[data-branch="{branch.pk}"]')
    row.locator(f'a[href^="/branches/{branch.pk}/approve/"]').click()
    page.fill("#id_comment", "同意设立")
    page.click("#confirm")
    page.wait_for_url(re.compile(r"/branches/review/"))
    assert page.locator(f'tr[data-branch="{branch.pk}"]').count() == 0  # left the queue

    page.goto(f"{base}/branches/roster/{society_a.pk}/")
    roster_row = page.locator(f'#roster tr[data-branch="{branch.pk}"]')
    assert "物理化学专业委员会" in roster_row.inner_text()
    assert roster_row.locator("[data-status]").get_attribute("data-status") == "active"
    branch.refresh_from_db()
    assert branch.status == "active" and branch.established_on is not None
