"""Messages that say what happened (issue 16 item 4): a decision names the object and who was told, the
reason of a return stands above the returned object, rule IDs are tooltip badges that ordinary members do
not see, rule settings read as labels and percentages; one money and one percentage format."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone, translation

from core.formats import money, percent
from core.models import AuditEntry
from core.rule_settings import rule_setting

from ..factories import ActivityFactory, UserFactory, filing_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(society_a, secretary_a):
    secretary_a.name = "张秘书"
    secretary_a.email = "zhang@example.org"
    secretary_a.save()
    return ActivityFactory(
        society=society_a,
        status="submitted",
        submitted_at=timezone.now(),
        created_by=secretary_a,
        **filing_data(title="有机合成前沿研讨会"),
    )


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_approval_names_the_filing_and_who_was_told(login, cast_admin, submitted):
    client = login(cast_admin)
    response = client.post(f"/activities/{submitted.pk}/approve/", {"comment": ""}, follow=True)
    assert response.status_code == 200
    (text,) = _messages(response)
    assert text == "已批准备案《有机合成前沿研讨会》（已备案），已通知张秘书。"
    assert "操作完成" not in response.content.decode()


def test_the_return_reason_stands_above_the_returned_filing(login, cast_admin, secretary_a, submitted):
    client = login(cast_admin)
    url = f"/activities/{submitted.pk}/return/"
    response = client.post(url, {"comment": "请补充外事审批文号"}, follow=True)
    assert _messages(response) == ["已退回备案《有机合成前沿研讨会》并附退回理由，已通知张秘书。"]
    page = login(secretary_a).get(f"/activities/{submitted.pk}/").content.decode()
    reason = page.split('id="decision-reason"', 1)[1].split("</div>\n</div>", 1)[0]
    assert "请补充外事审批文号" in reason and "已退回修改" in reason
    assert page.index('id="decision-reason"') < page.index('id="actions"')  # above everything else


def _render(template: str, user, **context) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load portal %}" + template).render(Context({"request": request, **context}))


def test_rule_ids_are_badges_for_staff_and_hidden_from_members(secretary_a, member):
    message = "决议出席人数未达法定比例。 [R-BR-03]"
    staff = _render("{% rule_text m %}", secretary_a, m=message)
    assert staff.startswith("决议出席人数未达法定比例。")
    assert 'class="badge rule-badge' in staff and 'title="R-BR-03 · ' in staff
    assert "[R-BR-03]" not in staff
    plain = _render("{% rule_text m %}", member, m=message)
    assert plain == "决议出席人数未达法定比例。" and "R-BR" not in plain
    assert _render('{% rule_badge "R-ACT-02" %}', member) == ""
    assert "R-ACT-02" in _render('{% rule_badge "R-ACT-02" %}', secretary_a)


def test_rule_settings_read_as_labels_percentages_and_people(login, cast_admin):
    client = login(cast_admin)
    response = client.post(
        "/settings/",
        {"key": "branch_quorum_ratio", "value": "70", "unit": "percent", "comment": "提高出席比例"},
    )
    assert response.status_code == 302
    assert rule_setting("branch_quorum_ratio") == Decimal("0.7")
    cast_admin.name = "王科协"
    cast_admin.save()
    page = client.get("/settings/").content.decode()
    changes = page.split("rule-changes", 1)[-1] if "rule-changes" in page else page
    assert "66.7%" in changes and "70%" in changes  # the change, old → new, as percentages
    assert "branch_quorum_ratio</code>" not in page and "0.6667" not in page
    assert "王科协" in changes and ">None<" not in page
    assert AuditEntry.objects.filter(action="core.rulesetting.changed").count() == 1


def test_one_money_and_one_percentage_format():
    assert money(200000) == "¥200,000.00"
    assert money(Decimal("-5")) == "-¥5.00"
    assert money(None) == "—"
    assert percent(Decimal("0.6667")) == "66.7%"
    assert percent(Decimal("0.300")) == "30%"
    assert percent(Decimal("0.125")) == "12.5%"
    with translation.override("zh-hans"):
        assert (
            Template("{% load portal %}{{ v|money }} {{ r|percent }}").render(
                Context({"v": Decimal("300000"), "r": Decimal("0.2")})
            )
            == "¥300,000.00 20%"
        )


def test_a_system_change_names_no_one(cast_admin):
    from core.messages import outcome, person_name

    assert outcome("已批准。", notified=[]) == "已批准。"
    with translation.override("zh-hans"):
        assert person_name(None) == "系统"
        many = [UserFactory(name=f"秘书{i}") for i in range(5)]
        assert outcome("已提交。", notified=many) == "已提交，已通知秘书0、秘书1、秘书2 等 2 人。"


def test_audit_actions_read_as_words():
    """No "resolution：登记" or "rulesetting：变更": the subject of a code is found from the app's models."""
    from core.audit_labels import action_label

    with translation.override("zh-hans"):
        assert action_label("branches.resolution.recorded") == "设立决议：登记"
        assert action_label("core.rulesetting.changed") == "规则参数：变更"
        assert action_label("societies.charter.added").startswith("章程")
        assert action_label("accounts.two_factor.enrolled") == "双因素认证：已绑定"


# --- awards and elections say what happened to what (issue 16 item 4, the leftovers) -----------------


def _said(response) -> str:
    assert response.status_code == 200, response.status_code
    (text,) = _messages(response)
    assert "操作完成" not in text
    return text


def test_award_steps_name_the_program_round_nominee_and_reviewer(login, society_a, secretary_a):
    from datetime import timedelta

    from accounts.services import grant_role
    from awards import services as awards
    from awards.models import AwardProgram, AwardRound, Nomination
    from core.roles import Role

    from ..factories import PersonFactory, member_of

    today = timezone.localdate()
    web = login(secretary_a)
    program_data = {
        "society": society_a.pk,
        "name": "化学贡献奖",
        "category": "progress",
        "cycle_years": 1,
        "quota": 3,
        "winner_ratio_cap": "30",
        "entry_fee": "0",
        "description": "表彰",
    }
    said = _said(web.post("/awards/manage/new/", program_data, follow=True))
    assert said.startswith("已将奖项《化学贡献奖》保存为草稿")
    program = AwardProgram.objects.get()
    program_data["quota"] = 4
    said = _said(web.post(f"/awards/manage/{program.pk}/edit/", program_data, follow=True))
    assert said == "已保存对奖项《化学贡献奖》的修改。"
    AwardProgram.objects.filter(pk=program.pk).update(status="listed", listed_at=timezone.now())

    dates = {
        "year": today.year,
        "nominations_open_on": today,
        "nominations_close_on": today + timedelta(days=9),
    }
    said = _said(web.post(f"/awards/manage/{program.pk}/rounds/new/", dates, follow=True))
    assert said == f"已将《化学贡献奖 {today.year}》创建为草稿；开始提名后即可接受提名。"
    award_round = AwardRound.objects.get()
    said = _said(web.post(f"/awards/rounds/{award_round.pk}/open/", {}, follow=True))
    assert said.startswith(f"《化学贡献奖 {today.year}》已开始提名")

    nominee = member_of(society_a, name="李娜", employer="南开大学")
    posted = {"nominee": nominee.pk, "nominee_q": "", "nominating_unit": "南开大学", "statement": "突出"}
    said = _said(web.post(f"/awards/rounds/{award_round.pk}/nominate/", posted, follow=True))
    assert said == f"已提交李娜在《化学贡献奖 {today.year}》中的提名。"
    nomination = Nomination.objects.get()
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("推荐书.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF")
    said = _said(web.post(f"/awards/nominations/{nomination.pk}/materials/", {"file": pdf}, follow=True))
    assert said == "已为李娜的提名补充材料《推荐书.pdf》。"

    reviewer = UserFactory(name="王评审")
    grant_role(actor=None, user=reviewer, role=Role.AWARD_REVIEWER, society=society_a)
    PersonFactory(user=reviewer, employer="复旦大学")
    said = _said(
        web.post(f"/awards/nominations/{nomination.pk}/assign/", {"reviewers": [reviewer.pk]}, follow=True)
    )
    assert said == "已在李娜的提名中分配 1 项评审：王评审，涉及 1 项提名。"
    again = web.post(
        f"/awards/rounds/{award_round.pk}/assign/",
        {"reviewers": [reviewer.pk], "nominations": [nomination.pk]},
        follow=True,
    )
    assert _said(again) == f"《化学贡献奖 {today.year}》中没有新增评审分配：所选评审专家均已分配。"

    said = _said(
        login(reviewer).post(f"/awards/nominations/{nomination.pk}/review/", {"score": "86"}, follow=True)
    )
    assert said == "已保存对李娜的评审，评分 86。"
    web = login(secretary_a)
    said = _said(web.post(f"/awards/rounds/{award_round.pk}/close_nominations/", {}, follow=True))
    assert said == f"《化学贡献奖 {today.year}》已截止提名：1 项提名进入评审。"
    said = _said(
        web.post(f"/awards/nominations/{nomination.pk}/withdraw/", {"comment": "本人放弃"}, follow=True)
    )
    assert said == f"已撤回李娜在《化学贡献奖 {today.year}》中的提名。"
    assert awards.round_facts(award_round)["valid"] == 0


def test_election_steps_name_the_election_and_the_candidates(login, society_a, secretary_a, reviewer_a):
    from datetime import date

    from party_building.gate import matter_for
    from party_building.services.matters import approve_matter

    from ..factories import council_with_term, member_of

    body = council_with_term(society_a)
    young = member_of(society_a, name="青年甲", birth_date=date(1990, 1, 1))
    web = login(secretary_a)
    terms = {"body": body.pk, "term_start": "2026-01-01", "term_end": "2031-01-01", "seats": 1}
    said = _said(web.post("/party-building/elections/new/", terms, follow=True))
    election = body.elections.get()
    assert said == f"已创建换届选举《{election}》，请编制候选人名单。" and "2026–2031" in said
    url = f"/party-building/elections/{election.pk}"
    said = _said(web.post(f"{url}/", {"person": young.pk, "grassroots": "on"}, follow=True))
    assert said == f"已将青年甲列入《{election}》的候选人名单。"
    said = _said(web.post(f"{url}/submit_slate/", {}, follow=True))
    assert said == f"已将《{election}》的候选人名单（1 人）提交党组织政治审查。"
    approve_matter(actor=reviewer_a, matter=matter_for(election), opinion="同意")
    candidate = election.candidates.get()
    ballot = {"voters_eligible": 10, "voters_present": 9, f"for_{candidate.pk}": 9}
    ballot.update({f"against_{candidate.pk}": 0, f"abstain_{candidate.pk}": 0})
    said = _said(web.post(f"{url}/votes/", ballot, follow=True))
    assert said == f"已登记《{election}》的投票结果：应到 10 人，实到 9 人，1 名候选人中 1 人当选。"
    said = _said(web.post(f"{url}/certify/", {}, follow=True))
    assert said == f"已确认《{election}》的选举结果：新一届共 1 席，自 2026-01-01 起任期开始。"
