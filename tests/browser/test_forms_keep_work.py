"""In Debian's chromium (issue 16 items 4 and 6): the branch form keeps its resolution PDF across a
validation error and offers the discipline-code picker; the role form lists only the chosen society's
branches; a submit page with a blocking rule problem offers no 确认; rule settings read as percentages.
Each page is screenshotted at 1440 px and 390 px (SCREENSHOTS dir, default /tmp/h16lang-shots)."""

import os
import re
from pathlib import Path

import pytest

from activities.models import Activity

from ..factories import PASSWORD, ActivityFactory, BranchFactory, SocietyFactory
from ..support.two_factor import pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("SCREENSHOTS", "/tmp/h16lang-shots"))  # noqa: S108 - for a person to look at
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    pass_second_factor(page, base, username)
    page.wait_for_url(f"{base}/")


def _shoot(page, name):
    """Desktop and phone screenshots of the page as it stands (reloaded at 390 px, then back)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.screenshot(path=str(SHOTS / f"{name}-1440.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / f"{name}-390.png"), full_page=True)
    page.set_viewport_size({"width": 1440, "height": 900})


def test_branch_form_keeps_the_pdf_and_picks_disciplines(live_server, page, secretary_a, society_a):
    base = live_server.url
    _login(page, base, secretary_a.username)
    page.goto(f"{base}/branches/new/")
    # the picker: search by name, pick, the chip shows code and name
    search = page.locator("#id_business_scope ~ .discipline-picker .discipline-search")
    search.fill("有机化学")
    page.locator('.discipline-option[data-code="15020"]').click()
    assert page.input_value("#id_business_scope") == "15020"
    assert "15020 有机化学" in page.locator(".discipline-chip").first.inner_text()
    # everything but the name, with the PDF
    page.select_option("#id_kind", "branch")
    page.select_option("#id_res-body", "council")
    page.fill("#id_res-held_on", "2026-01-10")
    page.fill("#id_res-seats", "90")
    page.fill("#id_res-present", "72")
    page.fill("#id_res-votes_for", "65")
    page.fill("#id_res-votes_against", "3")
    page.fill("#id_res-abstain", "4")
    page.set_input_files(
        "#id_res-document", files=[{"name": "设立决议.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.click("#save")
    page.locator("#held-document").wait_for()
    assert "已上传：设立决议.pdf" in page.locator("#held-document").inner_text()
    assert page.locator("#id_name ~ .invalid-feedback").count() >= 1  # the error next to its field
    assert page.locator(".discipline-chip").count() == 1  # the picked code survived too
    _shoot(page, "branch-form-kept-upload")
    page.fill("#id_name", "物理化学专业委员会")
    page.click("#save")
    page.wait_for_url(re.compile(r"/branches/\d+/$"))
    assert page.locator("#resolution-document").inner_text() == "设立决议.pdf"


def test_role_form_lists_the_chosen_societys_branches(live_server, page, cast_admin, member, society_a):
    other = SocietyFactory(code="zz", name="中国测试学会")
    BranchFactory(society=other, name="外会专业委员会")
    BranchFactory(society=society_a, name="有机化学专业委员会")
    base = live_server.url
    _login(page, base, cast_admin.username)
    page.goto(f"{base}/accounts/users/{member.pk}/")
    assert page.input_value("#id_role") == ""  # no role preselected
    assert page.locator("#id_branch option").count() <= 1  # no branch before a society is chosen
    page.select_option("#id_role", "branch_officer")
    page.select_option("#id_society", str(society_a.pk))
    page.wait_for_url(re.compile(rf"society={society_a.pk}"))
    options = page.locator("#id_branch option").all_inner_texts()
    assert any("有机化学专业委员会" in o for o in options)
    assert not any("外会专业委员会" in o for o in options)
    assert page.input_value("#id_role") == "branch_officer"
    _shoot(page, "role-form")
    page.select_option("#id_branch", label=next(o for o in options if "有机化学" in o))
    page.locator("button[value=grant]").click()
    page.locator(".alert-success").wait_for()
    assert "有机化学专业委员会" in page.locator(".alert-success").inner_text()


def test_submit_with_a_blocking_problem_offers_no_confirm(live_server, page, secretary_a, society_a):
    filing = ActivityFactory(society=society_a, status="draft", scope_codes=["999"], created_by=secretary_a)
    base = live_server.url
    _login(page, base, secretary_a.username)
    page.goto(f"{base}/activities/{filing.pk}/submit/")
    assert page.locator("#blocking-problems li").count() >= 1
    assert page.locator("#confirm").is_disabled()
    assert page.locator("#step-error").count() == 0  # the problem is listed once
    badge = page.locator("#blocking-problems .rule-badge").first
    assert badge.get_attribute("title").startswith("R-ACT-01")
    assert "R-ACT-01" not in page.locator("#blocking-problems li").first.inner_text().replace(
        badge.inner_text(), ""
    )
    _shoot(page, "filing-submit-blocked")
    assert Activity.objects.get(pk=filing.pk).status == "draft"


def test_rule_settings_read_as_percentages(live_server, page, cast_admin):
    base = live_server.url
    _login(page, base, cast_admin.username)
    page.goto(f"{base}/settings/")
    body = page.locator("main").inner_text()
    assert "66.67%" in body or "66.7%" in body
    assert "branch_quorum_ratio" not in body and "0.6667" not in body
    _shoot(page, "rule-settings")


def test_returned_filing_shows_its_reason_and_the_import_page_its_labels(
    live_server, page, secretary_a, cast_admin, society_a
):
    from activities import services

    filing = ActivityFactory(society=society_a, status="submitted", created_by=secretary_a)
    services.return_filing(actor=cast_admin, activity=filing, comment="请补充主办单位的实际职责说明")
    base = live_server.url
    _login(page, base, secretary_a.username)
    page.goto(f"{base}/activities/{filing.pk}/")
    reason = page.locator("#decision-reason")
    assert "请补充主办单位的实际职责说明" in reason.inner_text()
    assert reason.bounding_box()["y"] < page.locator("#actions").bounding_box()["y"]
    _shoot(page, "filing-returned")
    page.goto(f"{base}/societies/{society_a.pk}/members/import/")
    assert "会员级别" in page.locator("#import-columns").inner_text()
    _shoot(page, "member-import")


def test_filing_form_keeps_its_attachments(live_server, page, secretary_a, society_a):
    from datetime import timedelta

    from django.utils import timezone

    base = live_server.url
    start = timezone.localdate() + timedelta(days=40)
    _login(page, base, secretary_a.username)
    page.goto(f"{base}/activities/new/")
    page.select_option("#id_kind", "seminar")  # everything but the title, with two attachments
    page.fill("#id_duties", "主办：负责议程与专家邀请")
    page.fill("#id_starts_on", start.isoformat())
    page.fill("#id_ends_on", (start + timedelta(days=1)).isoformat())
    page.fill("#id_location", "北京")
    page.fill("#id_scope_codes", "15020")
    page.set_input_files(
        "#id_att-files",
        files=[
            {"name": "邀请函.pdf", "mimeType": "application/pdf", "buffer": PDF},
            {"name": "议程.pdf", "mimeType": "application/pdf", "buffer": PDF},
        ],
    )
    page.click("form#filing-form button[type=submit]")
    page.locator("#filing-attachments .held-upload").wait_for()
    kept = page.locator("#filing-attachments .held-upload").inner_text()
    assert "已上传：邀请函.pdf" in kept and "已上传：议程.pdf" in kept
    assert page.locator("#id_title ~ .invalid-feedback").count() == 1  # the error next to its field
    _shoot(page, "filing-form-kept-attachments")
    page.fill("#id_title", "有机合成前沿研讨会")
    page.click("form#filing-form button[type=submit]")
    page.wait_for_url(re.compile(r"/activities/\d+/$"))
    activity = Activity.objects.get(title="有机合成前沿研讨会")
    assert sorted(activity.attachments.values_list("original_name", flat=True)) == ["议程.pdf", "邀请函.pdf"]
    assert "已添加 2 个附件" in page.locator(".alert-success").inner_text()
    _shoot(page, "filing-detail-saved-with-attachments")
