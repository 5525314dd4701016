"""In chromium: the secretary nominates (person picker), assigns three reviewers in bulk (a conflicted one is
refused with R-AW-04), the three reviewers score, the secretary proposes the winner within the R-AW-02
limit, publishing is refused (R-AW-05) until the Party reviewer approves the award selection, then the
secretary publishes and the winner is visible on the public dynamic list without login."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.services import grant_role
from awards import services
from awards.models import AwardRound, Nomination
from core.roles import Role

from ..factories import (
    PASSWORD,
    AwardProgramFactory,
    AwardRoundFactory,
    PersonFactory,
    UserFactory,
    member_of,
)
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


def award_reviewer(society, username, employer):
    user = UserFactory(username=username, name=f"评审专家{username[-1]}")
    grant_role(actor=None, user=user, role=Role.AWARD_REVIEWER, society=society)
    PersonFactory(user=user, employer=employer)
    return user


def test_nominate_review_propose_approve_publish(live_server, page, society_a, secretary_a, reviewer_a):
    base = live_server.url
    program = AwardProgramFactory(
        society=society_a, created_by=secretary_a, name="中国化学会青年化学奖", quota=2
    )
    award_round = AwardRoundFactory(
        program=program,
        nominations_open_on=timezone.localdate() - timedelta(days=3),
        nominations_close_on=timezone.localdate() + timedelta(days=20),
    )
    for employer in ("复旦大学", "浙江大学", "中山大学"):  # three other nominations: 4 valid, 30% → 1 winner
        services.nominate(
            actor=secretary_a,
            award_round=award_round,
            nominee=member_of(society_a, employer=employer),
            nominator_kind="secretariat",
            nominating_unit=employer,
        )
    nominee = member_of(society_a, name="李娜", employer="南开大学")
    reviewers = [award_reviewer(society_a, f"award_rev{i}", f"研究院{i}") for i in (1, 2, 3)]
    colleague = award_reviewer(society_a, "award_rev4", "南开大学")

    log_in(page, base, "sec_a")
    page.goto(f"{base}/awards/rounds/{award_round.pk}/")
    page.click("#nominate")
    page.fill(
        "#id_nominee", "李娜"
    )  # the picker searches, through core.access, the people the secretary sees
    page.locator(f"[data-pick-person='{nominee.pk}']").click()
    page.fill("#id_nominating_unit", "南开大学化学学院")
    page.fill("#id_statement", "在有机合成方法学方面取得系统性成果。")
    page.click("#save")
    page.wait_for_url("**/awards/nominations/*/")
    nomination = Nomination.objects.get(nominee=nominee)

    page.goto(f"{base}/awards/rounds/{award_round.pk}/")
    page.click("#bulk-assign")
    for user in [*reviewers, colleague]:
        page.check(f"input[name=reviewers][value='{user.pk}']")
    page.check(f"input[name=nominations][value='{nomination.pk}']")
    page.click("#save")
    errors = page.locator("#assign-errors")
    errors.wait_for()
    assert "R-AW-04" in errors.inner_text() and "南开大学" in errors.inner_text()
    assert not nomination.assignments.exists()
    page.uncheck(f"input[name=reviewers][value='{colleague.pk}']")
    page.click("#save")
    page.wait_for_url(f"**/awards/rounds/{award_round.pk}/")
    assert nomination.assignments.count() == 3
    page.click("#step-close_nominations")
    page.click("#confirm")
    page.locator("#round-status [data-status='reviewing']").wait_for()

    for user, score in zip(reviewers, (88, 91, 85), strict=True):
        log_in(page, base, user.username)
        assert page.locator("#dashboard-award-reviews #pending-reviews").inner_text().strip() == "1"
        page.goto(f"{base}/awards/reviews/")
        page.locator(f"#my-reviews tr:has([data-nomination='{nomination.pk}']) .review-link").click()
        page.fill("#id_score", str(score))
        page.fill("#id_comment", "创新性强，代表作影响广泛。")
        page.click("#save")
        page.wait_for_url("**/awards/reviews/")
        done = f"#my-reviews tr:has([data-nomination='{nomination.pk}'][data-reviewed='true'])"
        page.locator(done).wait_for()

    log_in(page, base, "sec_a")
    page.goto(f"{base}/awards/rounds/{award_round.pk}/panel/")
    row = page.locator(f"#panel-nominations tr[data-nomination='{nomination.pk}']")
    assert "88.0" in row.locator(".mean-score").inner_text()
    page.goto(f"{base}/awards/rounds/{award_round.pk}/")
    page.click("#propose")
    page.check(f"#winner-{nomination.pk}")
    page.click("#confirm")
    page.locator("#round-status [data-status='proposed']").wait_for()
    page.click("#step-publish")
    page.click("#confirm")
    refusal = page.locator("#refusal")
    refusal.wait_for()
    assert refusal.get_attribute("data-rule") == "R-AW-05"
    assert AwardRound.objects.get(pk=award_round.pk).status == "proposed"

    log_in(page, base, "rev_a")
    page.goto(f"{base}/party-building/matters/")
    page.locator("#matters tbody tr[data-matter] a").first.click()
    assert page.locator("#linked-object a").get_attribute("href") == f"/awards/rounds/{award_round.pk}/"
    page.click("#approve")
    page.fill("#id_comment", "经党委前置审议，同意该评选结果。")
    page.click("#confirm")
    page.locator("#matter-status [data-status='approved']").wait_for()

    log_in(page, base, "sec_a")
    page.goto(f"{base}/awards/rounds/{award_round.pk}/publish/")
    page.locator("#pre-review[data-matter-status='approved']").wait_for()
    page.click("#confirm")
    page.locator("#round-status [data-status='published']").wait_for()

    page.context.clear_cookies()  # a visitor, not logged in
    page.goto(f"{base}/awards/")
    row = page.locator(f"#award-list tr[data-program='{program.pk}']")
    assert row.locator(".winners-count").inner_text().strip() == "1"
    row.locator(".last-round a").click()
    page.wait_for_url(f"**/awards/programs/{program.pk}/#round-{award_round.pk}")
    winners = page.locator(f"#round-{award_round.pk} .winners").inner_text()
    assert "李娜" in winners and "南开大学" in winners
