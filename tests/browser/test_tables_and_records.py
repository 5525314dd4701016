"""In chromium: the member record page (a secretary opens a directory row, then the person) and the table
component (a click on a column header re-orders the rows; the export downloads exactly the filtered rows).
Every page is screenshotted at 1440 px and at a 390 px phone width for a person to look at."""

import csv
import io
from pathlib import Path

import pytest

from compliance.models import Finding
from societies.models import Society

from ..factories import (
    PASSWORD,
    AwardProgramFactory,
    BranchFactory,
    MembershipFactory,
    SocietyFactory,
    TrainingRecordFactory,
)
from ..support.two_factor import pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/h16rec-shots")  # noqa: S108 - screenshots for a person to look at
WIDTHS = {"desktop": 1440, "phone": 390}


def log_in(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    pass_second_factor(page, base, username)
    page.wait_for_url(f"{base}/")


def shoot(page, name):
    SHOTS.mkdir(exist_ok=True)
    size = page.viewport_size
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()  # the page lays itself out for its width on load (the filter panel folds on a phone)
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(size)


def test_member_record_page(live_server, page, secretary_a, society_a, society_b):
    base = live_server.url
    membership = MembershipFactory(society=society_a, person__name="王记录", number="A-0009")
    MembershipFactory(society=society_b, person=membership.person, number="B-0009")
    TrainingRecordFactory(person=membership.person, society=society_a, course="甲会秘书长轮训")
    MembershipFactory.create_batch(3, society=society_a)
    log_in(page, base, "sec_a")
    page.goto(f"{base}/societies/{society_a.pk}/members/")
    shoot(page, "member-directory")
    page.locator("#members tr", has_text="王记录").locator("td").nth(2).click()  # the row, not a link
    page.wait_for_url(f"**/members/memberships/{membership.pk}/")
    assert "A-0009" in page.inner_text("body")
    shoot(page, "membership-record")
    page.click("#membership-person")
    page.wait_for_url(f"**/members/people/{membership.person_id}/")
    body = page.inner_text("body")
    assert "王记录" in body and "A-0009" in body and "甲会秘书长轮训" in body
    assert "B-0009" not in body  # another society's membership is not the secretary's to see
    assert membership.person.id_number not in body  # the ID number is masked
    shoot(page, "person-record")


def test_sortable_exportable_table(live_server, page, cast_admin, society_a, society_b):
    base = live_server.url
    for name, status in (("乙会", "active"), ("甲会", "active"), ("丙会", "suspended")):
        SocietyFactory(name=name, status=status)
    Finding.objects.create(rule="R-BR-05", severity="warning", society=society_a, message="长期不开展活动")
    Society.objects.filter(pk=society_a.pk).update(website="https://www.chemsoc.org.cn", phone="010-62568157")
    BranchFactory(society=society_a, name="有机化学专业委员会")
    AwardProgramFactory(society=society_a, name="中国化学会青年化学奖")
    log_in(page, base, "cast")
    page.goto(f"{base}/societies/")

    def names():
        return page.locator("#societies tbody tr td:nth-child(2)").all_inner_texts()

    before = names()
    page.click("#societies th[data-column=name] a.sort-link")
    page.wait_for_url("**sort=name**")
    ascending = names()
    assert ascending == sorted(ascending) and set(ascending) == set(before)
    page.click("#societies th[data-column=name] a.sort-link")
    page.wait_for_url("**sort=-name**")
    assert names() == list(reversed(ascending))

    page.select_option("#id_status", "suspended")
    page.click("#societies-filter-form button")
    page.wait_for_url("**status=suspended**")
    assert names() == ["丙会"]
    page.goto(f"{base}/societies/{society_a.pk}/")
    assert "有机化学专业委员会" in page.inner_text("#society-branches")
    assert "中国化学会青年化学奖" in page.inner_text("#society-awards")
    assert page.get_attribute("#society-website", "href") == "https://www.chemsoc.org.cn"
    page.goto(f"{base}/societies/?status=suspended&sort=-name")
    shoot(page, "society-list")
    with page.expect_download() as info:
        page.click("#societies-export-csv")
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][1] == "丙会"  # the header and exactly the filtered row

    page.goto(f"{base}/compliance/findings/")
    shoot(page, "finding-list")
    page.goto(f"{base}/activities/review/")
    shoot(page, "review-queue")
    page.goto(f"{base}/branches/review/")
    shoot(page, "branch-review")
    for name, path in (
        ("society-page", f"/societies/{society_a.pk}/"),
        ("branch-list", "/branches/"),
        ("filing-list", "/activities/"),
        ("matter-list", "/party-building/matters/"),
        ("award-programs", "/awards/manage/"),
        ("user-list", "/accounts/users/"),
        ("audit-log", "/audit-log/"),
        ("bulk-approve-confirm", "/activities/review/bulk-approve/"),
    ):
        page.goto(base + path)
        shoot(page, name)
