"""Award pages, role by role: the public dynamic list and program pages (no login), the secretariat's
programs, rounds, nominations, assignment, panel and results; CAST's listing queue and list management;
the award reviewer's queue and score form; a member's nominations; dashboard cards and menu entries.
The public list, the reviewer's queue and the panel keep a constant query count (5 vs 50 rows)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.services import grant_role
from awards import services
from awards.models import AwardProgram, AwardRound, Nomination, Review, ReviewAssignment
from core.models import AuditEntry
from core.roles import Role
from party_building import gate
from party_building.services.matters import approve_matter

from ..factories import (
    AwardProgramFactory,
    AwardRoundFactory,
    CreditRecordFactory,
    MembershipFactory,
    NominationFactory,
    PersonFactory,
    ReviewAssignmentFactory,
    ReviewFactory,
    SocietyFactory,
    UserFactory,
    member_of,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
BASE = "/awards"


def award_reviewer(society, employer="清华大学", username=None):
    user = UserFactory(**({"username": username} if username else {}))
    grant_role(actor=None, user=user, role=Role.AWARD_REVIEWER, society=society)
    PersonFactory(user=user, employer=employer)
    return user


@pytest.fixture
def program(society_a, secretary_a):
    return AwardProgramFactory(society=society_a, created_by=secretary_a, name="中国化学会青年化学奖")


@pytest.fixture
def open_round(program):
    return AwardRoundFactory(program=program)


@pytest.fixture
def nomination(open_round, secretary_a, society_a):
    nominee = member_of(society_a, name="李娜", employer="南开大学")
    return services.nominate(
        actor=secretary_a,
        award_round=open_round,
        nominee=nominee,
        nominator_kind="secretariat",
        nominating_unit="南开大学化学学院",
        statement="在有机合成方法学方面成果突出。",
    )


@pytest.fixture
def reviewer_user(society_a):
    return award_reviewer(society_a, username="award_rev")


def published_round(program, winners=2, others=1, year=None):
    award_round = AwardRoundFactory(program=program, year=year or TODAY.year - 1, status="published")
    for _ in range(winners):
        NominationFactory(round=award_round, status="winner")
    for _ in range(others):
        NominationFactory(round=award_round, status="not_awarded")
    AwardRound.objects.filter(pk=award_round.pk).update(published_at=timezone.now())
    return award_round


# --- public --------------------------------------------------------------------------------------


def test_public_list_shows_listed_programs_with_last_round(client, program, society_a, society_b):
    last = published_round(program, winners=3)
    AwardProgramFactory(society=society_b, name="中国物理学会胡刚复奖", category="progress")
    AwardProgramFactory(society=society_b, name="未列入的奖", status="submitted")
    AwardProgramFactory(society=society_b, name="已暂停的奖", status="suspended")
    page = client.get(f"{BASE}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "中国化学会青年化学奖" in text and "中国物理学会胡刚复奖" in text
    assert "未列入的奖" not in text and "已暂停的奖" not in text
    row = page.context["page"].object_list
    assert {p.name: p.last_round_winners for p in row} == {
        "中国化学会青年化学奖": 3,
        "中国物理学会胡刚复奖": None,
    }
    assert f"#round-{last.pk}" in text
    # search and filters: society, category, discipline group
    names = lambda qs: [p.name for p in client.get(f"{BASE}/{qs}").context["page"]]  # noqa: E731
    assert names("?q=胡刚复") == ["中国物理学会胡刚复奖"]
    assert names("?q=中国化学会") == ["中国化学会青年化学奖"]
    assert names(f"?society={society_b.pk}") == ["中国物理学会胡刚复奖"]
    assert names("?category=youth") == ["中国化学会青年化学奖"]
    assert names("?discipline=engineering") == []
    assert names("?discipline=science") == ["中国化学会青年化学奖", "中国物理学会胡刚复奖"]


def test_public_program_page_shows_published_winners(client, program):
    published = published_round(program, winners=1)
    winner = Nomination.objects.get(round=published, status="winner")
    AwardRoundFactory(program=program, status="reviewing")
    page = client.get(f"{BASE}/programs/{program.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert winner.nominee.name in text and winner.nominee.employer in text
    not_awarded = Nomination.objects.get(round=published, status="not_awarded")
    assert not_awarded.nominee.name not in text
    assert page.context["rounds"] == [published]


def test_unlisted_program_has_no_public_page(client, society_a, login, secretary_a):
    draft = AwardProgramFactory(society=society_a, status="draft")
    assert client.get(f"{BASE}/programs/{draft.pk}/").status_code == 404
    assert client.get(f"{BASE}/programs/999999/").status_code == 404
    # the society's own secretariat previews it
    assert login(secretary_a).get(f"{BASE}/programs/{draft.pk}/").status_code == 200


def test_public_list_is_reachable_from_menu_and_login_page(client):
    assert f'href="{BASE}/"' in client.get("/accounts/login/").content.decode()
    assert f'href="{BASE}/"' in client.get("/societies/").content.decode()


def _programs_with_rounds(n):
    for _ in range(n):
        published_round(AwardProgramFactory(), winners=2)


def test_public_list_constant_query_count(client, django_assert_num_queries):
    _programs_with_rounds(5)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(f"{BASE}/").context["page"]) == 5
    _programs_with_rounds(45)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(f"{BASE}/")
    assert len(response.context["page"]) == 50
    assert all(p.last_round_winners == 2 for p in response.context["page"])


# --- programs: the secretariat -------------------------------------------------------------------


def test_secretary_registers_edits_and_submits_a_program(login, secretary_a, society_a):
    web = login(secretary_a)
    assert web.get(f"{BASE}/manage/").status_code == 200
    assert web.get(f"{BASE}/manage/new/").status_code == 200
    data = {
        "society": society_a.pk,
        "name": "中国化学会化学贡献奖",
        "category": "progress",
        "cycle_years": 2,
        "quota": 3,
        "winner_ratio_cap": "25",
        "entry_fee": "0.01",
        "description": "表彰对化学事业作出突出贡献者",
    }
    refused = web.post(f"{BASE}/manage/new/", data)
    assert refused.status_code == 200
    assert "R-AW-03" in str(refused.context["form"].errors["entry_fee"])
    assert not AwardProgram.objects.exists()
    data["entry_fee"] = "0"
    response = web.post(f"{BASE}/manage/new/", data)
    program = AwardProgram.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{BASE}/manage/{program.pk}/"
    assert program.winner_ratio_cap == 0.25 and program.status == "draft" and program.cycle_years == 2
    assert web.get(f"{BASE}/manage/{program.pk}/edit/").status_code == 200
    data["quota"] = 4
    assert web.post(f"{BASE}/manage/{program.pk}/edit/", data).status_code == 302
    program.refresh_from_db()
    assert program.quota == 4
    detail = web.get(f"{BASE}/manage/{program.pk}/")
    assert detail.status_code == 200 and 'id="step-submit"' in detail.content.decode()
    confirm = web.get(f"{BASE}/manage/{program.pk}/submit/")
    assert confirm.status_code == 200 and 'id="what-happens"' in confirm.content.decode()
    program.refresh_from_db()
    assert program.status == "draft"  # GET changes nothing
    assert web.post(f"{BASE}/manage/{program.pk}/submit/", {"comment": ""}).status_code == 302
    program.refresh_from_db()
    assert program.status == "submitted"
    # submitted: no longer edited
    assert web.get(f"{BASE}/manage/{program.pk}/edit/").status_code == 302
    history = web.get(f"{BASE}/manage/{program.pk}/").content.decode()
    assert 'id="status-history"' in history and history.count("<tr>") >= 3


def test_program_pages_refuse_other_roles(login, program, secretary_b, member, client, reviewer_a):
    draft = AwardProgramFactory(society=program.society, status="draft")
    assert client.get(f"{BASE}/manage/").status_code == 302  # to the login page
    assert login(member).get(f"{BASE}/manage/").status_code == 403
    assert login(member).get(f"{BASE}/manage/new/").status_code == 403
    web = login(secretary_b)
    assert web.get(f"{BASE}/manage/{draft.pk}/").status_code == 404  # invisible
    assert web.get(f"{BASE}/manage/{program.pk}/").status_code == 403  # public, but not theirs to manage
    assert web.get(f"{BASE}/manage/{draft.pk}/edit/").status_code == 404
    assert web.get(f"{BASE}/manage/{program.pk}/submit/").status_code == 403
    assert web.get(f"{BASE}/manage/{program.pk}/rounds/new/").status_code == 403
    # the society's Party reviewer reads the management page; cannot change it
    web = login(reviewer_a)
    assert web.get(f"{BASE}/manage/{program.pk}/").status_code == 200
    assert web.get(f"{BASE}/manage/{draft.pk}/edit/").status_code == 403


# --- CAST: listing queue and list management -------------------------------------------------------


def test_cast_lists_returns_suspends_reinstates_withdraws(
    login, cast_admin, secretary_a, society_a, regulator
):
    submitted = AwardProgramFactory(society=society_a, status="submitted", submitted_at=timezone.now())
    other = AwardProgramFactory(society=society_a, status="submitted", submitted_at=timezone.now())
    web = login(cast_admin)
    queue = web.get(f"{BASE}/listing/")
    assert queue.status_code == 200
    assert [p.pk for p in queue.context["page"]] == [submitted.pk, other.pk]
    assert web.get(f"{BASE}/manage/{submitted.pk}/list/").status_code == 200
    assert web.post(f"{BASE}/manage/{submitted.pk}/list/", {"comment": ""}).status_code == 302
    # a return needs a reason
    refused = web.post(f"{BASE}/manage/{other.pk}/return/", {"comment": ""})
    assert refused.status_code == 200 and refused.context["error"]["field"] == "comment"
    assert web.post(f"{BASE}/manage/{other.pk}/return/", {"comment": "批准文件缺失"}).status_code == 302
    assert AwardProgram.objects.get(pk=other.pk).status == "draft"
    managed = web.get(f"{BASE}/dynamic-list/")
    assert managed.status_code == 200 and [p.pk for p in managed.context["page"]] == [submitted.pk]
    assert web.post(f"{BASE}/manage/{submitted.pk}/suspend/", {"comment": ""}).status_code == 200
    assert web.post(f"{BASE}/manage/{submitted.pk}/suspend/", {"comment": "评审违规"}).status_code == 302
    assert AwardProgram.objects.get(pk=submitted.pk).status == "suspended"
    assert web.post(f"{BASE}/manage/{submitted.pk}/reinstate/", {"comment": ""}).status_code == 302
    assert web.post(f"{BASE}/manage/{submitted.pk}/withdraw/", {"comment": "不再举办"}).status_code == 302
    assert AwardProgram.objects.get(pk=submitted.pk).status == "withdrawn"
    assert [p.pk for p in web.get(f"{BASE}/dynamic-list/?status=withdrawn").context["page"]] == [submitted.pk]
    # the regulator reads both lists and decides nothing; a secretary has neither
    web = login(regulator)
    assert web.get(f"{BASE}/listing/").status_code == 200
    assert web.get(f"{BASE}/dynamic-list/").status_code == 200
    assert web.get(f"{BASE}/manage/{submitted.pk}/reinstate/").status_code == 403
    web = login(secretary_a)
    assert web.get(f"{BASE}/listing/").status_code == 403
    assert web.get(f"{BASE}/dynamic-list/").status_code == 403
    assert web.get(f"{BASE}/manage/{other.pk}/list/").status_code == 403


# --- rounds ----------------------------------------------------------------------------------------


def test_secretary_creates_opens_and_closes_a_round(login, secretary_a, program):
    web = login(secretary_a)
    assert web.get(f"{BASE}/manage/{program.pk}/rounds/new/").status_code == 200
    response = web.post(
        f"{BASE}/manage/{program.pk}/rounds/new/",
        {
            "year": TODAY.year,
            "nominations_open_on": TODAY,
            "nominations_close_on": TODAY + timedelta(days=20),
        },
    )
    award_round = AwardRound.objects.get()
    assert response.status_code == 302 and award_round.status == "draft"
    assert web.get(f"{BASE}/rounds/{award_round.pk}/").status_code == 200
    assert web.get(f"{BASE}/rounds/{award_round.pk}/open/").status_code == 200
    assert web.post(f"{BASE}/rounds/{award_round.pk}/open/", {}).status_code == 302
    assert web.post(f"{BASE}/rounds/{award_round.pk}/close_nominations/", {}).status_code == 302
    assert AwardRound.objects.get().status == "reviewing"
    assert web.get(f"{BASE}/rounds/{award_round.pk}/bogus/").status_code == 404


def test_unlisted_program_opens_no_round_on_the_web(login, secretary_a, society_a):
    draft = AwardProgramFactory(society=society_a, status="draft")
    web = login(secretary_a)
    refused = web.post(
        f"{BASE}/manage/{draft.pk}/rounds/new/",
        {"year": TODAY.year, "nominations_open_on": TODAY, "nominations_close_on": TODAY},
    )
    assert refused.status_code == 200 and "R-AW-01" in str(refused.context["form"].non_field_errors())
    assert not AwardRound.objects.exists()


def test_round_pages_refuse_other_roles(login, open_round, secretary_b, member, reviewer_user, client):
    urls = [
        f"/rounds/{open_round.pk}/",
        f"/rounds/{open_round.pk}/panel/",
        f"/rounds/{open_round.pk}/assign/",
        f"/rounds/{open_round.pk}/results/",
        f"/rounds/{open_round.pk}/close_nominations/",
    ]
    for url in urls:
        assert client.get(BASE + url).status_code == 302, url  # anonymous: to the login page
    for url in urls:
        assert login(secretary_b).get(BASE + url).status_code == 404, url
        assert login(member).get(BASE + url).status_code == 404, url
    # an award reviewer reads only their own assignments
    assert login(reviewer_user).get(f"{BASE}/rounds/{open_round.pk}/").status_code == 404


def test_secretary_nominates_and_sees_the_same_year_flag(login, secretary_a, society_a, open_round):
    other_program = AwardProgramFactory(society=society_a, name="中国化学会化学贡献奖")
    other_round = AwardRoundFactory(program=other_program)
    nominee = member_of(society_a, name="王强")
    services.nominate(
        actor=secretary_a,
        award_round=other_round,
        nominee=nominee,
        nominator_kind="secretariat",
        nominating_unit="x",
    )
    web = login(secretary_a)
    assert web.get(f"{BASE}/rounds/{open_round.pk}/nominate/").status_code == 200
    response = web.post(
        f"{BASE}/rounds/{open_round.pk}/nominate/",
        {
            "nominee": nominee.pk,
            "nominee_q": "",
            "nominating_unit": "北京大学化学学院",
            "statement": "成果突出",
        },
    )
    nomination = Nomination.objects.get(round=open_round)
    assert response.status_code == 302 and response["Location"] == f"{BASE}/nominations/{nomination.pk}/"
    page = web.get(response["Location"])
    assert 'id="same-year-flag"' in page.content.decode() and "中国化学会化学贡献奖" in page.content.decode()
    round_page = web.get(f"{BASE}/rounds/{open_round.pk}/")
    assert "flag-same-year" in round_page.content.decode()
    assert round_page.context["nominations"][0].elsewhere == 1


def test_sanctioned_nominee_refused_on_the_web(login, secretary_a, society_a, open_round):
    nominee = member_of(society_a)
    CreditRecordFactory(person=nominee, starts_on=TODAY - timedelta(days=3))
    response = login(secretary_a).post(
        f"{BASE}/rounds/{open_round.pk}/nominate/",
        {"nominee": nominee.pk, "nominee_q": "", "nominating_unit": "某大学"},
    )
    assert response.status_code == 200 and "R-ETH-02" in str(response.context["form"].errors["nominee"])
    assert not Nomination.objects.exists()


def test_material_upload_checked_by_content(login, secretary_a, nomination):
    from django.core.files.uploadedfile import SimpleUploadedFile

    web = login(secretary_a)
    fake = SimpleUploadedFile("推荐书.pdf", b"not a pdf at all", content_type="application/pdf")
    web.post(f"{BASE}/nominations/{nomination.pk}/materials/", {"file": fake})
    assert not nomination.materials.exists()
    pdf = SimpleUploadedFile(
        "推荐书.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF"
    )
    assert web.post(f"{BASE}/nominations/{nomination.pk}/materials/", {"file": pdf}).status_code == 302
    material = nomination.materials.get()
    assert web.get(f"{BASE}/materials/{material.pk}/").status_code == 200


# --- reviewers: assignment, queue, score form --------------------------------------------------------


def test_conflicted_assignment_shows_r_aw_04(login, secretary_a, society_a, nomination):
    colleague = award_reviewer(society_a, employer="南开大学")  # the nominee's employer
    free = award_reviewer(society_a, employer="复旦大学")
    web = login(secretary_a)
    page = web.get(f"{BASE}/nominations/{nomination.pk}/assign/")
    assert page.status_code == 200 and "R-AW-04" in page.content.decode()  # shown before assigning
    refused = web.post(f"{BASE}/nominations/{nomination.pk}/assign/", {"reviewers": [colleague.pk, free.pk]})
    assert refused.status_code == 200
    assert "R-AW-04" in str(refused.context["form"].errors["reviewers"])
    assert not ReviewAssignment.objects.exists()  # one refusal assigns none
    due = (TODAY + timedelta(days=10)).isoformat()
    ok = web.post(f"{BASE}/nominations/{nomination.pk}/assign/", {"reviewers": [free.pk], "due_on": due})
    assert ok.status_code == 302
    assert ReviewAssignment.objects.get().reviewer == free


def test_bulk_assignment(login, secretary_a, society_a, open_round, nomination):
    second = services.nominate(
        actor=secretary_a,
        award_round=open_round,
        nominee=member_of(society_a, employer="浙江大学"),
        nominator_kind="secretariat",
        nominating_unit="浙江大学",
    )
    reviewers = [award_reviewer(society_a, employer=f"研究所{i}") for i in range(3)]
    colleague = award_reviewer(society_a, employer="浙江大学")
    web = login(secretary_a)
    assert web.get(f"{BASE}/rounds/{open_round.pk}/assign/").status_code == 200
    refused = web.post(
        f"{BASE}/rounds/{open_round.pk}/assign/",
        {"reviewers": [r.pk for r in [*reviewers, colleague]], "nominations": [nomination.pk, second.pk]},
    )
    assert refused.status_code == 200
    errors = refused.context["form"].non_field_errors()
    assert len(errors) == 1 and "R-AW-04" in errors[0] and second.nominee.name in errors[0]
    assert not ReviewAssignment.objects.exists()
    ok = web.post(
        f"{BASE}/rounds/{open_round.pk}/assign/",
        {"reviewers": [r.pk for r in reviewers], "nominations": [nomination.pk, second.pk]},
    )
    assert ok.status_code == 302 and ReviewAssignment.objects.count() == 6


def test_reviewer_queue_and_score_form(login, society_a, nomination, reviewer_user, secretary_a):
    services.assign_reviewers(actor=secretary_a, nomination=nomination, reviewers=[reviewer_user])
    web = login(reviewer_user)
    queue = web.get(f"{BASE}/reviews/")
    assert queue.status_code == 200 and [a.nomination_id for a in queue.context["page"]] == [nomination.pk]
    assert web.get(f"{BASE}/nominations/{nomination.pk}/review/").status_code == 200
    assert web.get(f"{BASE}/nominations/{nomination.pk}/").status_code == 200
    refused = web.post(f"{BASE}/nominations/{nomination.pk}/review/", {"score": "120"})
    assert refused.status_code == 200 and not Review.objects.exists()
    assert web.post(f"{BASE}/nominations/{nomination.pk}/review/", {"score": "86"}).status_code == 302
    assert Review.objects.get().score == 86
    # declaring a conflict drops the score
    posted = {"score": "90", "conflict_declared": "on", "comment": "曾共同发表论文"}
    assert web.post(f"{BASE}/nominations/{nomination.pk}/review/", posted).status_code == 302
    review = Review.objects.get()
    assert review.conflict_declared and review.score is None
    done = web.get(f"{BASE}/reviews/?show=done")
    assert [a.review_conflict for a in done.context["page"]] == [True]
    assert list(web.get(f"{BASE}/reviews/?show=todo").context["page"]) == []


def test_reviewer_pages_refuse_others(login, society_a, nomination, reviewer_user, member, secretary_a):
    other = award_reviewer(society_a)
    assert login(other).get(f"{BASE}/nominations/{nomination.pk}/review/").status_code == 404
    assert login(other).get(f"{BASE}/nominations/{nomination.pk}/").status_code == 404
    assert login(member).get(f"{BASE}/reviews/").status_code == 403
    assert login(member).get(f"{BASE}/reviews/coauthors/").status_code == 403
    # the secretary sees the nomination but is no reviewer of it
    assert login(secretary_a).get(f"{BASE}/nominations/{nomination.pk}/review/").status_code == 403
    # reviewers never see the panel
    assert login(reviewer_user).get(f"{BASE}/rounds/{nomination.round_id}/panel/").status_code == 404


def test_reviewer_declares_a_coauthor(login, society_a, reviewer_user):
    coauthor = MembershipFactory(society=society_a, person=PersonFactory(name="赵敏")).person
    web = login(reviewer_user)
    assert web.get(f"{BASE}/reviews/coauthors/").status_code == 200
    wrong = web.post(f"{BASE}/reviews/coauthors/", {"coauthor_name": "赵敏", "coauthor_key": "NO-SUCH"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["coauthor_key"]
    response = web.post(
        f"{BASE}/reviews/coauthors/", {"coauthor_name": "赵敏", "coauthor_key": coauthor.id_number.lower()}
    )
    assert response.status_code == 302
    assert [d.coauthor for d in web.get(f"{BASE}/reviews/coauthors/").context["declared"]] == [coauthor]


def _assigned(award_round, reviewer, n):
    for _ in range(n):
        assignment = ReviewAssignmentFactory(
            nomination=NominationFactory(round=award_round), reviewer=reviewer
        )
        ReviewFactory(nomination=assignment.nomination, reviewer=reviewer, score=70)


def test_reviewer_queue_constant_query_count(login, open_round, reviewer_user, django_assert_num_queries):
    web = login(reviewer_user)
    _assigned(open_round, reviewer_user, 5)
    with CaptureQueriesContext(connection) as few:
        assert len(web.get(f"{BASE}/reviews/").context["page"]) == 5
    _assigned(
        AwardRoundFactory(program=AwardProgramFactory(society=open_round.program.society)), reviewer_user, 45
    )
    with django_assert_num_queries(len(few.captured_queries)):
        response = web.get(f"{BASE}/reviews/")
    assert len(response.context["page"]) == 50


def _panel_rows(award_round, n):
    """`n` nominations, each reviewed by its own reviewer (so `n` reviewer rows) and assigned to a
    second one who is overdue."""
    society = award_round.program.society
    late = award_reviewer(society)
    for _ in range(n):
        reviewer = award_reviewer(society)
        nomination = NominationFactory(round=award_round)
        ReviewAssignmentFactory(nomination=nomination, reviewer=reviewer)
        ReviewFactory(nomination=nomination, reviewer=reviewer, score=75)
        ReviewAssignmentFactory(nomination=nomination, reviewer=late, due_on=TODAY - timedelta(days=1))


def test_panel_page_and_constant_query_count(login, secretary_a, open_round, django_assert_num_queries):
    web = login(secretary_a)
    _panel_rows(open_round, 5)
    with CaptureQueriesContext(connection) as few:
        page = web.get(f"{BASE}/rounds/{open_round.pk}/panel/")
    assert len(page.context["nominations"]) == 5 and len(page.context["reviewers"]) == 6
    late = max(page.context["reviewers"], key=lambda r: r["assigned"])
    assert (late["assigned"], late["done"], late["overdue"]) == (5, 0, 5)
    assert {(n.done, n.assigned, n.mean_score) for n in page.context["nominations"]} == {(1, 2, 75)}
    _panel_rows(open_round, 45)
    with django_assert_num_queries(len(few.captured_queries)):
        response = web.get(f"{BASE}/rounds/{open_round.pk}/panel/")
    assert len(response.context["nominations"]) == 50 and len(response.context["reviewers"]) == 52


def test_round_page_counts_reviews(login, secretary_a, open_round, django_assert_num_queries):
    web = login(secretary_a)
    _panel_rows(open_round, 3)
    with CaptureQueriesContext(connection) as few:
        page = web.get(f"{BASE}/rounds/{open_round.pk}/")
    assert [(n.done, n.assigned) for n in page.context["nominations"]] == [(1, 2)] * 3
    _panel_rows(open_round, 20)
    with django_assert_num_queries(len(few.captured_queries)):
        web.get(f"{BASE}/rounds/{open_round.pk}/")


# --- results and publishing --------------------------------------------------------------------------


def _scored_round(program, secretary, society, n=10, reviewers=3):
    award_round = AwardRoundFactory(program=program)
    people = [award_reviewer(society, employer=f"评审单位{i}") for i in range(reviewers)]
    nominations = [
        services.nominate(
            actor=secretary,
            award_round=award_round,
            nominee=member_of(society),
            nominator_kind="secretariat",
            nominating_unit="某单位",
        )
        for _ in range(n)
    ]
    services.close_nominations(actor=secretary, award_round=award_round)
    for i, nomination in enumerate(nominations):
        services.assign_reviewers(actor=secretary, nomination=nomination, reviewers=people)
        for reviewer in people:
            services.submit_review(actor=reviewer, nomination=nomination, score=60 + i)
    return award_round, nominations


def test_results_proposed_within_limits_then_published_after_pre_review(
    login, secretary_a, society_a, program, reviewer_a, client
):
    award_round, nominations = _scored_round(program, secretary_a, society_a)
    web = login(secretary_a)
    page = web.get(f"{BASE}/rounds/{award_round.pk}/results/")
    assert page.status_code == 200
    assert (
        page.context["facts"]["limit"] == 3
        and [n.pk for n in page.context["ranked"]][0] == nominations[-1].pk
    )
    four = [n.pk for n in nominations[:4]]
    refused = web.post(f"{BASE}/rounds/{award_round.pk}/results/", {"winners": four})
    assert refused.status_code == 200 and refused.context["error"]["rule"] == "R-AW-02"
    three = [n.pk for n in nominations[-3:]]
    assert web.post(f"{BASE}/rounds/{award_round.pk}/results/", {"winners": three}).status_code == 302
    award_round.refresh_from_db()
    assert award_round.status == "proposed"
    # publishing before the Party pre-review approved the selection is refused, naming R-AW-05
    assert web.get(f"{BASE}/rounds/{award_round.pk}/publish/").status_code == 200
    refused = web.post(f"{BASE}/rounds/{award_round.pk}/publish/", {})
    assert refused.status_code == 200 and refused.context["error"]["rule"] == "R-AW-05"
    assert 'data-rule="R-AW-05"' in refused.content.decode()
    # the Party reviewer reads the round from the matter's link, then approves
    matter = gate.matter_for(award_round)
    assert login(reviewer_a).get(f"{BASE}/rounds/{award_round.pk}/").status_code == 200
    approve_matter(actor=reviewer_a, matter=matter, opinion="同意")
    web = login(secretary_a)
    assert web.post(f"{BASE}/rounds/{award_round.pk}/publish/", {}).status_code == 302
    public = client.get(f"{BASE}/programs/{program.pk}/").content.decode()
    for n in nominations[-3:]:
        assert n.nominee.name in public
    assert nominations[0].nominee.name not in public


def test_winner_with_too_few_scored_reviews_refused(login, secretary_a, society_a, program):
    award_round, nominations = _scored_round(program, secretary_a, society_a, n=10, reviewers=2)
    extra = award_reviewer(society_a, employer="第三评审单位")
    services.assign_reviewers(actor=secretary_a, nomination=nominations[0], reviewers=[extra])
    refused = login(secretary_a).post(
        f"{BASE}/rounds/{award_round.pk}/results/", {"winners": [nominations[0].pk]}
    )
    assert refused.status_code == 200 and refused.context["error"]["rule"] == "R-AW-04"


# --- members ------------------------------------------------------------------------------------------


def test_member_nominates_from_the_public_page(client, login, society_a, program, open_round, member):
    AwardProgram.objects.filter(pk=program.pk).update(member_nominations=True)
    me = MembershipFactory(society=society_a, person=PersonFactory(user=member)).person
    nominee = MembershipFactory(society=society_a, person=PersonFactory(name="陈静")).person
    assert 'id="nominate"' not in client.get(f"{BASE}/programs/{program.pk}/").content.decode()
    web = login(member)
    page = web.get(f"{BASE}/programs/{program.pk}/").content.decode()
    assert f'href="{BASE}/rounds/{open_round.pk}/nominate/"' in page
    assert web.get(f"{BASE}/rounds/{open_round.pk}/nominate/").status_code == 200
    yourself = web.post(
        f"{BASE}/rounds/{open_round.pk}/nominate/",
        {"nominee_name": me.name, "nominee_key": me.id_number, "statement": "自荐"},
    )
    assert yourself.status_code == 200 and not Nomination.objects.exists()
    response = web.post(
        f"{BASE}/rounds/{open_round.pk}/nominate/",
        {"nominee_name": "陈静", "nominee_key": nominee.id_number, "statement": "长期从事科普工作"},
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.nominator == me and nomination.nominator_kind == "member"
    mine = web.get(f"{BASE}/mine/")
    assert mine.status_code == 200 and [n.pk for n in mine.context["page"]] == [nomination.pk]
    assert web.get(f"{BASE}/nominations/{nomination.pk}/").status_code == 200
    assert web.get(f"{BASE}/nominations/{nomination.pk}/withdraw/").status_code == 200
    assert web.post(f"{BASE}/nominations/{nomination.pk}/withdraw/", {}).status_code == 302
    assert Nomination.objects.get().status == "withdrawn"


def test_member_cannot_nominate_where_the_program_does_not_allow_it(login, society_a, open_round, member):
    MembershipFactory(society=society_a, person=PersonFactory(user=member))
    web = login(member)
    assert 'id="nominate"' not in web.get(f"{BASE}/programs/{open_round.program_id}/").content.decode()
    assert web.get(f"{BASE}/rounds/{open_round.pk}/nominate/").status_code == 404


# --- dashboard and menus -------------------------------------------------------------------------------


def test_dashboard_cards_for_each_role(login, secretary_a, cast_admin, member, nomination, reviewer_user):
    AwardProgramFactory(society=SocietyFactory(), status="submitted", submitted_at=timezone.now())
    ReviewAssignmentFactory(nomination=nomination, reviewer=reviewer_user, due_on=TODAY - timedelta(days=2))
    page = login(secretary_a).get("/").content.decode()
    assert 'id="dashboard-award-rounds"' in page and 'id="awaiting-reviewers">1<' in page
    page = login(cast_admin).get("/").content.decode()
    assert 'id="dashboard-award-listing"' in page and 'id="awaiting-listing">1<' in page
    page = login(reviewer_user).get("/").content.decode()
    assert 'id="dashboard-award-reviews"' in page and 'id="pending-reviews">1<' in page
    page = login(member).get("/").content.decode()
    assert 'id="dashboard-award-nominations"' in page


def test_menu_entries_by_role(client, login, secretary_a, cast_admin, reviewer_user, member):
    def nav(user=None):
        web = login(user) if user else client
        return {str(i["url"]) for i in web.get(f"{BASE}/").context["nav_items"]}

    assert f"{BASE}/" in nav()
    assert f"{BASE}/manage/" in nav(secretary_a)
    assert f"{BASE}/listing/" in nav(cast_admin)
    assert f"{BASE}/reviews/" in nav(reviewer_user)
    assert {f"{BASE}/", f"{BASE}/mine/"} <= nav(member)


def test_only_members_of_the_society_reach_the_member_nomination_form(login, program, open_round, regulator):
    AwardProgram.objects.filter(pk=program.pk).update(member_nominations=True)
    outsider = UserFactory(roles=[{"role": Role.MEMBER}])
    MembershipFactory(person=PersonFactory(user=outsider))  # a member of another society
    assert login(outsider).get(f"{BASE}/rounds/{open_round.pk}/nominate/").status_code == 403
    assert login(regulator).get(f"{BASE}/rounds/{open_round.pk}/nominate/").status_code == 403


# --- the lists' tables (core.tables): sorts, filters, exports ---------------------------------------------


def test_public_list_sorts_and_exports_the_filtered_rows(client, program, society_b):
    published_round(program, winners=3)
    AwardProgramFactory(society=society_b, name="中国物理学会胡刚复奖", category="progress")
    AwardProgramFactory(society=society_b, name="已暂停的奖", status="suspended")

    def names(qs):
        return [p.name for p in client.get(f"{BASE}/{qs}").context["page"]]

    assert names("?sort=-winners") == ["中国化学会青年化学奖", "中国物理学会胡刚复奖"]
    assert names("?sort=name")[0] == sorted(["中国化学会青年化学奖", "中国物理学会胡刚复奖"])[0]
    assert names("?sort=-last_round") == ["中国化学会青年化学奖", "中国物理学会胡刚复奖"]
    download = client.get(f"{BASE}/?category=progress&export=csv")
    lines = download.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2 and "中国物理学会胡刚复奖" in lines[1]  # the filtered row, never a suspended one


def test_list_management_shows_the_list_and_withdrawn_on_demand_and_audits_its_export(
    login, cast_admin, society_a
):
    listed = AwardProgramFactory(society=society_a, name="甲奖")
    suspended = AwardProgramFactory(society=society_a, name="乙奖", status="suspended")
    withdrawn = AwardProgramFactory(society=society_a, name="丙奖", status="withdrawn")
    AwardProgramFactory(society=society_a, name="丁奖", status="draft")
    web = login(cast_admin)

    def pks(qs=""):
        return {p.pk for p in web.get(f"{BASE}/dynamic-list/{qs}").context["page"]}

    assert pks() == {listed.pk, suspended.pk}
    assert pks("?status=suspended") == {suspended.pk}
    assert pks("?status=withdrawn") == {withdrawn.pk}
    assert pks("?status=draft") == {listed.pk, suspended.pk}  # not a choice here: refused, the list stays
    download = web.get(f"{BASE}/dynamic-list/?export=csv")
    assert len(download.content.decode("utf-8-sig").strip().splitlines()) == 3
    assert AuditEntry.objects.get(action="awards.awardprogram.exported").data["rows"] == 2


def test_reviewer_queue_puts_what_is_to_do_first_and_sorts(login, open_round, reviewer_user):
    done, todo_late, todo_soon = (NominationFactory(round=open_round) for _ in range(3))
    ReviewAssignmentFactory(nomination=done, reviewer=reviewer_user, due_on=TODAY + timedelta(days=1))
    ReviewFactory(nomination=done, reviewer=reviewer_user, score=70)
    ReviewAssignmentFactory(nomination=todo_late, reviewer=reviewer_user, due_on=TODAY + timedelta(days=9))
    ReviewAssignmentFactory(nomination=todo_soon, reviewer=reviewer_user, due_on=TODAY + timedelta(days=3))
    web = login(reviewer_user)

    def order(qs=""):
        return [a.nomination_id for a in web.get(f"{BASE}/reviews/{qs}").context["page"]]

    assert order() == [todo_soon.pk, todo_late.pk, done.pk]
    assert order("?sort=-due_on") == [todo_late.pk, todo_soon.pk, done.pk]
    assert order("?sort=-review") == [done.pk, todo_late.pk, todo_soon.pk]  # reviewed first, then by pk
    assert order(f"?q={todo_late.nominee.name}") == [todo_late.pk]
    page = web.get(f"{BASE}/reviews/").content.decode()
    assert f'data-href="{BASE}/nominations/{done.pk}/"' in page  # a row opens the nomination
    assert "export=csv" not in page  # confidential review work: no download


def test_reviewer_queue_puts_assignments_without_a_due_date_last_in_either_direction(
    login, open_round, reviewer_user
):
    undated, soon, late = (NominationFactory(round=open_round) for _ in range(3))
    ReviewAssignmentFactory(nomination=undated, reviewer=reviewer_user, due_on=None)
    ReviewAssignmentFactory(nomination=soon, reviewer=reviewer_user, due_on=TODAY + timedelta(days=2))
    ReviewAssignmentFactory(nomination=late, reviewer=reviewer_user, due_on=TODAY + timedelta(days=8))
    web = login(reviewer_user)

    def order(qs=""):
        return [a.nomination_id for a in web.get(f"{BASE}/reviews/{qs}").context["page"]]

    assert order() == [soon.pk, late.pk, undated.pk]
    assert order("?sort=due_on") == [soon.pk, late.pk, undated.pk]
    assert order("?sort=-due_on") == [late.pk, soon.pk, undated.pk]
