"""The awards API (shared/API.md `award-programs/`, `award-rounds/`, `nominations/`, `reviews/`,
`public/awards/`): each action allowed and refused per persona, the rules of issue 11 "Checked by" through
the API (R-AW-01..05, R-ETH-02, the same-year flag), odd input answered 400 (never 500), and the public
dynamic list's constant query count."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from awards.models import AwardProgram, AwardRound, Nomination, NominationMaterial, Review, ReviewAssignment
from core.models import AuditEntry
from core.roles import Role
from party_building.models import MajorMatter

from ..factories import (
    AwardProgramFactory,
    AwardRoundFactory,
    CreditRecordFactory,
    MembershipFactory,
    NominationFactory,
    PersonFactory,
    SocietyFactory,
    UserFactory,
    member_of,
)

TODAY = timezone.localdate()
YEAR = TODAY.year
API = "/api/v1"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def award_reviewer(society, employer="清华大学"):
    """A user with the award_reviewer role for `society`, linked to their own Person (employer known)."""
    user = UserFactory(roles=[{"role": Role.AWARD_REVIEWER, "society": society}])
    PersonFactory(user=user, employer=employer)
    return user


def program_body(society, **overrides):
    body = {
        "society": society.pk,
        "name": "中国化学会青年化学奖",
        "category": "youth",
        "cycle_years": 2,
        "quota": 5,
        "winner_ratio_cap": "0.300",
        "entry_fee": "0",
        "approval_ref": "化会〔2026〕3号",
        "description": "奖励青年化学工作者",
    }
    body.update(overrides)
    return body


@pytest.fixture
def program_a(society_a, secretary_a):
    return AwardProgramFactory(society=society_a, created_by=secretary_a, name="中国化学会化学贡献奖")


@pytest.fixture
def round_a(program_a):
    return AwardRoundFactory(program=program_a)


@pytest.fixture
def reviewing_round(program_a):
    return AwardRoundFactory(program=program_a, status="reviewing")


def nominate_in(award_round, secretary, **person):
    """A secretariat nomination of a new member of the round's society (straight to the database)."""
    nominee = member_of(award_round.program.society, **person)
    return NominationFactory(round=award_round, nominee=nominee, submitted_by=secretary)


# --- programs ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_program_from_draft_to_the_dynamic_list(api, society_a, secretary_a, cast_admin, member, regulator):
    client = api.as_user(secretary_a)
    created = client.post(f"{API}/award-programs/", program_body(society_a), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    pk = body["id"]
    assert body["status"] == "draft" and body["society_name"] == "中国化学会"
    assert body["entry_fee"] == "0.00" and body["winner_ratio_cap"] == "0.300" and body["last_round"] is None

    edited = client.patch(f"{API}/award-programs/{pk}/", {"quota": 8}, format="json")
    assert edited.status_code == 200 and edited.json()["quota"] == 8
    assert (
        client.post(f"{API}/award-programs/{pk}/submit/", {}, format="json").json()["status"] == "submitted"
    )
    late_edit = client.patch(f"{API}/award-programs/{pk}/", {"quota": 9}, format="json")
    assert late_edit.status_code == 409 and late_edit.json()["status"] == "submitted"

    # only CAST lists: the secretary (who sees it) 403, the member (who does not) 404, the regulator 403
    assert client.post(f"{API}/award-programs/{pk}/list/", {}, format="json").status_code == 403
    assert api.as_user(member).post(f"{API}/award-programs/{pk}/list/", {}).status_code == 404
    assert api.as_user(regulator).post(f"{API}/award-programs/{pk}/list/", {}).status_code == 403
    listed = api.as_user(cast_admin).post(f"{API}/award-programs/{pk}/list/", {"comment": "符合要求"})
    assert listed.status_code == 200 and listed.json()["status"] == "listed"
    assert listed.json()["listed_at"]

    history = api.as_user(secretary_a).get(f"{API}/award-programs/{pk}/history/").json()
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "listed"),
    ]
    assert history[-1]["actor"] == "cast" and history[-1]["comment"] == "符合要求"
    # a member now sees the listed program, still cannot act on it
    assert api.as_user(member).get(f"{API}/award-programs/{pk}/").status_code == 200
    assert (
        api.as_user(member).post(f"{API}/award-programs/{pk}/suspend/", {"comment": "x"}).status_code == 403
    )


@pytest.mark.django_db
def test_cast_returns_suspends_reinstates_and_withdraws(api, program_a, cast_admin, secretary_a, society_a):
    client = api.as_user(cast_admin)
    no_reason = client.post(f"{API}/award-programs/{program_a.pk}/suspend/", {}, format="json")
    assert no_reason.status_code == 400 and "comment" in no_reason.json()
    assert (
        client.post(f"{API}/award-programs/{program_a.pk}/suspend/", {"comment": "评审违规"}).json()["status"]
        == "suspended"
    )
    assert client.post(f"{API}/award-programs/{program_a.pk}/reinstate/", {}).json()["status"] == "listed"
    assert (
        client.post(f"{API}/award-programs/{program_a.pk}/withdraw/", {"comment": "撤销"}).json()["status"]
        == "withdrawn"
    )
    again = client.post(f"{API}/award-programs/{program_a.pk}/reinstate/", {})
    assert again.status_code == 409 and again.json()["status"] == "withdrawn"

    submitted = AwardProgramFactory(society=society_a, status="submitted", listed_at=None)
    returned = client.post(f"{API}/award-programs/{submitted.pk}/return/", {"comment": "补充批准文件"})
    assert returned.status_code == 200 and returned.json()["status"] == "draft"
    assert (
        api.as_user(secretary_a)
        .patch(f"{API}/award-programs/{submitted.pk}/", {"approval_ref": "化会〔2026〕9号"}, format="json")
        .json()["approval_ref"]
        == "化会〔2026〕9号"
    )


@pytest.mark.django_db
def test_secretary_of_b_cannot_touch_programs_of_a(api, society_a, secretary_a, secretary_b, program_a):
    draft = AwardProgramFactory(society=society_a, status="draft", listed_at=None)
    client = api.as_user(secretary_b)
    # a draft of A does not exist for B; a listed program of A is public, but not B's to change
    assert client.get(f"{API}/award-programs/{draft.pk}/").status_code == 404
    assert client.patch(f"{API}/award-programs/{draft.pk}/", {"quota": 2}, format="json").status_code == 404
    assert client.post(f"{API}/award-programs/{draft.pk}/submit/", {}).status_code == 404
    assert client.get(f"{API}/award-programs/{program_a.pk}/").status_code == 200
    assert client.post(f"{API}/award-programs/{program_a.pk}/submit/", {}).status_code == 403
    assert (
        client.patch(f"{API}/award-programs/{program_a.pk}/", {"quota": 2}, format="json").status_code == 403
    )
    created = client.post(f"{API}/award-programs/", program_body(society_a), format="json")
    assert created.status_code == 403
    assert not AwardProgram.objects.filter(name="中国化学会青年化学奖").exists()
    ids = {row["id"] for row in client.get(f"{API}/award-programs/").json()["results"]}
    assert ids == {program_a.pk}
    assert AuditEntry.objects.filter(actor=secretary_b, action__startswith="core.access.denied").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["member", "regulator", "reviewer_a", "branch_officer_x"])
def test_only_a_secretariat_or_cast_creates_programs(api, request, society_a, persona):
    user = request.getfixturevalue(persona)
    response = api.as_user(user).post(f"{API}/award-programs/", program_body(society_a), format="json")
    assert response.status_code == 403
    assert not AwardProgram.objects.exists()


@pytest.mark.django_db
def test_cast_creates_a_program_for_a_society(api, cast_admin, society_a):
    response = api.as_user(cast_admin).post(f"{API}/award-programs/", program_body(society_a), format="json")
    assert response.status_code == 201


@pytest.mark.django_db
@pytest.mark.parametrize("fee", ["0.01", 0.01, "1", "100000", "-1", "-0.01", "1e10", "0.001"])
def test_any_fee_is_refused_with_r_aw_03(api, secretary_a, society_a, fee):
    response = api.as_user(secretary_a).post(
        f"{API}/award-programs/", program_body(society_a, entry_fee=fee), format="json"
    )
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["rule"] == "R-AW-03" and body["field"] == "entry_fee" and body["entry_fee"]
    assert not AwardProgram.objects.exists()


@pytest.mark.django_db
def test_a_fee_cannot_be_patched_in(api, secretary_a, society_a):
    draft = AwardProgramFactory(society=society_a, status="draft")
    response = api.as_user(secretary_a).patch(
        f"{API}/award-programs/{draft.pk}/", {"entry_fee": "0.01"}, format="json"
    )
    assert response.status_code == 400 and response.json()["rule"] == "R-AW-03"
    draft.refresh_from_db()
    assert draft.entry_fee == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, value",
    [
        ("quota", "abc"),
        ("quota", -5),
        ("quota", 0),
        ("quota", 10**30),
        ("quota", 1.5),
        ("cycle_years", 0),
        ("cycle_years", 99999),
        ("winner_ratio_cap", "1.5"),
        ("winner_ratio_cap", "0"),
        ("winner_ratio_cap", "-0.3"),
        ("winner_ratio_cap", "NaN"),
        ("winner_ratio_cap", "Infinity"),
        ("entry_fee", "abc"),
        ("entry_fee", "NaN"),
        ("name", "奖\x00项"),
        ("name", "奖" * 201),
        ("name", ""),
        ("name", ["a"]),
        ("category", "money"),
        ("society", "abc"),
        ("society", 10**30),
        ("society", -1),
        ("description", "bad\x00text"),
    ],
)
def test_odd_program_input_is_a_400(api, secretary_a, society_a, field, value):
    response = api.as_user(secretary_a).post(
        f"{API}/award-programs/", {**program_body(society_a), field: value}, format="json"
    )
    assert response.status_code == 400, (field, value, response.content)
    assert field in response.json()
    assert not AwardProgram.objects.exists()


@pytest.mark.django_db
def test_regulator_reads_and_writes_nothing(api, regulator, program_a, round_a, society_a):
    client = api.as_user(regulator)
    draft = AwardProgramFactory(society=society_a, status="draft")
    assert {r["id"] for r in client.get(f"{API}/award-programs/").json()["results"]} == {
        program_a.pk,
        draft.pk,
    }
    assert client.get(f"{API}/award-rounds/{round_a.pk}/").status_code == 200
    assert client.get(f"{API}/award-programs/{draft.pk}/history/").status_code == 200
    assert client.post(f"{API}/award-programs/{draft.pk}/submit/", {}).status_code == 403
    assert client.patch(f"{API}/award-programs/{draft.pk}/", {"quota": 3}, format="json").status_code == 403
    assert client.post(f"{API}/award-programs/{program_a.pk}/suspend/", {"comment": "x"}).status_code == 403
    assert client.post(f"{API}/award-rounds/{round_a.pk}/close_nominations/", {}).status_code == 403
    assert client.post(f"{API}/award-rounds/", {"program": program_a.pk}, format="json").status_code == 403
    # nominations and reviews are personal: not the regulator's
    nominate_in(round_a, UserFactory())
    assert client.get(f"{API}/nominations/").json()["count"] == 0
    assert client.get(f"{API}/reviews/").json()["count"] == 0


# --- rounds -----------------------------------------------------------------------------------------


def round_body(program, **overrides):
    body = {
        "program": program.pk,
        "year": YEAR,
        "nominations_open_on": (TODAY - timedelta(days=1)).isoformat(),
        "nominations_close_on": (TODAY + timedelta(days=30)).isoformat(),
    }
    body.update(overrides)
    return body


@pytest.mark.django_db
def test_round_lifecycle(api, secretary_a, program_a):
    client = api.as_user(secretary_a)
    created = client.post(f"{API}/award-rounds/", round_body(program_a), format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["status"] == "draft" and created.json()["major_matter"] is None
    assert created.json()["nominations_count"] == 0 and created.json()["society"] == program_a.society_id
    assert client.post(f"{API}/award-rounds/{pk}/open/", {}).json()["status"] == "open"
    assert client.post(f"{API}/award-rounds/{pk}/open/", {}).status_code == 409
    assert client.post(f"{API}/award-rounds/{pk}/close_nominations/", {}).json()["status"] == "reviewing"
    history = client.get(f"{API}/award-rounds/{pk}/history/").json()
    assert [h["to_status"] for h in history] == ["draft", "open", "reviewing"]
    twice = client.post(f"{API}/award-rounds/", round_body(program_a), format="json")
    assert twice.status_code == 400 and "year" in twice.json()


@pytest.mark.django_db
@pytest.mark.parametrize("program_status", ["draft", "submitted", "suspended", "withdrawn"])
def test_unlisted_program_cannot_open_a_round(api, secretary_a, society_a, program_status):
    program = AwardProgramFactory(society=society_a, status=program_status)
    response = api.as_user(secretary_a).post(f"{API}/award-rounds/", round_body(program), format="json")
    assert response.status_code == 400, response.json()
    assert response.json()["rule"] == "R-AW-01" and response.json()["field"] == "program"
    assert not AwardRound.objects.exists()


@pytest.mark.django_db
def test_a_suspended_program_does_not_open_its_draft_round(api, secretary_a, cast_admin, program_a):
    draft = AwardRoundFactory(program=program_a, status="draft")
    api.as_user(cast_admin).post(f"{API}/award-programs/{program_a.pk}/suspend/", {"comment": "暂停"})
    response = api.as_user(secretary_a).post(f"{API}/award-rounds/{draft.pk}/open/", {})
    assert response.status_code == 400 and response.json()["rule"] == "R-AW-01"
    draft.refresh_from_db()
    assert draft.status == "draft"


@pytest.mark.django_db
def test_rounds_across_the_society_line(api, secretary_b, member, society_a, program_a, round_a):
    client = api.as_user(secretary_b)
    draft_program = AwardProgramFactory(society=society_a, status="draft")
    # A's listed program is visible to B but not B's; A's draft program does not exist for B
    assert (
        client.post(f"{API}/award-rounds/", round_body(program_a, year=YEAR + 1), format="json").status_code
        == 403
    )
    invisible = client.post(f"{API}/award-rounds/", round_body(draft_program), format="json")
    assert invisible.status_code == 400 and "program" in invisible.json()
    assert client.get(f"{API}/award-rounds/{round_a.pk}/").status_code == 404  # open: not public yet
    assert client.post(f"{API}/award-rounds/{round_a.pk}/close_nominations/", {}).status_code == 404
    assert (
        api.as_user(member).post(f"{API}/award-rounds/", round_body(program_a), format="json").status_code
        == 403
    )
    assert AwardRound.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        {"year": "abc"},
        {"year": 99999},
        {"year": -1},
        {"year": 10**40},
        {"nominations_open_on": "2026-02-30"},
        {"nominations_open_on": "\x00"},
        {"nominations_close_on": (TODAY - timedelta(days=5)).isoformat()},
        {"program": "abc"},
        {"program": 10**30},
    ],
)
def test_odd_round_input_is_a_400(api, secretary_a, program_a, overrides):
    response = api.as_user(secretary_a).post(
        f"{API}/award-rounds/", {**round_body(program_a), **overrides}, format="json"
    )
    assert response.status_code == 400, (overrides, response.content)
    assert not AwardRound.objects.exists()


# --- nominations ------------------------------------------------------------------------------------


def nomination_body(award_round, nominee, **overrides):
    body = {
        "round": award_round.pk,
        "nominee": nominee.pk,
        "nominator_kind": "secretariat",
        "nominating_unit": "南开大学化学学院",
        "statement": "在有机合成方向成果突出",
    }
    body.update(overrides)
    return body


@pytest.mark.django_db
def test_secretary_nominates_a_member(api, secretary_a, society_a, round_a):
    nominee = member_of(society_a, name="李青", employer="南开大学")
    coauthor = member_of(society_a)
    response = api.as_user(secretary_a).post(
        f"{API}/nominations/", nomination_body(round_a, nominee, coauthors=[coauthor.pk]), format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "submitted" and body["nominee_name"] == "李青" and body["nominator"] is None
    assert body["coauthors"] == [coauthor.pk] and body["reviews_count"] == 0 and body["flags"] == []
    again = api.as_user(secretary_a).post(
        f"{API}/nominations/", nomination_body(round_a, nominee), format="json"
    )
    assert again.status_code == 400 and "nominee" in again.json()


@pytest.mark.django_db
def test_sanctioned_nominee_refused_with_r_eth_02(api, secretary_a, society_a, round_a):
    nominee = member_of(society_a)
    CreditRecordFactory(person=nominee)
    response = api.as_user(secretary_a).post(
        f"{API}/nominations/", nomination_body(round_a, nominee), format="json"
    )
    assert response.status_code == 400
    assert response.json()["rule"] == "R-ETH-02" and response.json()["field"] == "nominee"
    assert not Nomination.objects.exists()


@pytest.mark.django_db
def test_secretariat_nominates_only_people_it_knows_and_in_its_own_rounds(
    api, secretary_a, secretary_b, society_a, society_b, round_a
):
    stranger = PersonFactory()
    unknown = api.as_user(secretary_a).post(
        f"{API}/nominations/", nomination_body(round_a, stranger), format="json"
    )
    assert unknown.status_code == 400 and "nominee" in unknown.json()
    # B's secretariat cannot nominate in A's round
    b_member = member_of(society_b)
    other = api.as_user(secretary_b).post(
        f"{API}/nominations/", nomination_body(round_a, b_member), format="json"
    )
    assert other.status_code == 403
    no_unit = api.as_user(secretary_a).post(
        f"{API}/nominations/",
        nomination_body(round_a, member_of(society_a), nominating_unit=""),
        format="json",
    )
    assert no_unit.status_code == 400 and "nominating_unit" in no_unit.json()
    assert not Nomination.objects.exists()


@pytest.mark.django_db
def test_member_nominates_where_the_program_allows(api, member, society_a, program_a, round_a):
    me = PersonFactory(user=member)
    MembershipFactory(society=society_a, person=me)
    colleague = PersonFactory()
    body = nomination_body(round_a, colleague, nominator_kind="member", nominating_unit="")
    refused = api.as_user(member).post(f"{API}/nominations/", body, format="json")
    assert refused.status_code == 400 and "nominator_kind" in refused.json()
    AwardProgram.objects.filter(pk=program_a.pk).update(member_nominations=True)
    response = api.as_user(member).post(f"{API}/nominations/", body, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["nominator"] == me.pk and response.json()["flags"] == []
    assert [n["id"] for n in api.as_user(member).get(f"{API}/nominations/").json()["results"]] == [pk]
    assert api.as_user(member).get(f"{API}/nominations/{pk}/history/").status_code == 200
    assert api.as_user(member).post(f"{API}/nominations/{pk}/withdraw/", {}).json()["status"] == "withdrawn"


@pytest.mark.django_db
def test_a_non_member_cannot_nominate(api, outsider, society_a, program_a, round_a):
    AwardProgram.objects.filter(pk=program_a.pk).update(member_nominations=True)
    PersonFactory(user=outsider)
    body = nomination_body(round_a, PersonFactory(), nominator_kind="member", nominating_unit="")
    response = api.as_user(outsider).post(f"{API}/nominations/", body, format="json")
    assert response.status_code == 400 and "nominator_kind" in response.json()


@pytest.mark.django_db
def test_nominations_only_while_the_round_is_open(api, secretary_a, society_a, reviewing_round):
    response = api.as_user(secretary_a).post(
        f"{API}/nominations/", nomination_body(reviewing_round, member_of(society_a)), format="json"
    )
    assert response.status_code == 409 and response.json()["status"] == "reviewing"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        {"round": "abc"},
        {"round": 10**30},
        {"nominee": None},
        {"nominee": "1; drop table"},
        {"nominee": 10**30},
        {"nominator_kind": "boss"},
        {"statement": "a\x00b"},
        {"nominating_unit": "x" * 201},
        {"coauthors": "abc"},
        {"coauthors": [10**30]},
    ],
)
def test_odd_nomination_input_is_a_400(api, secretary_a, society_a, round_a, overrides):
    body = {**nomination_body(round_a, member_of(society_a)), **overrides}
    response = api.as_user(secretary_a).post(f"{API}/nominations/", body, format="json")
    assert response.status_code == 400, (overrides, response.content)
    assert not Nomination.objects.exists()


@pytest.fixture
def same_year_pair(society_a, society_b, secretary_a, secretary_b, member):
    """The same person nominated this year in a program of A and in a program of B."""
    person = PersonFactory(user=member, name="王重复")
    MembershipFactory(society=society_a, person=person)
    MembershipFactory(society=society_b, person=person)
    round_b = AwardRoundFactory(program=AwardProgramFactory(society=society_b, name="中国物理学会青年奖"))
    round_a = AwardRoundFactory(program=AwardProgramFactory(society=society_a, name="中国化学会青年奖"))
    in_a = NominationFactory(round=round_a, nominee=person, submitted_by=secretary_a)
    in_b = NominationFactory(round=round_b, nominee=person, submitted_by=secretary_b)
    return in_a, in_b


@pytest.mark.django_db
def test_duplicate_nominee_in_another_program_of_the_year_is_flagged(
    api, same_year_pair, secretary_a, secretary_b, cast_admin, member
):
    in_a, in_b = same_year_pair
    flags = api.as_user(secretary_a).get(f"{API}/nominations/{in_a.pk}/").json()["flags"]
    assert flags == [
        {
            "kind": "same_nominee_same_year",
            "nomination": in_b.pk,
            "program": "中国物理学会青年奖",
            "society": "中国物理学会",
            "year": YEAR,
        }
    ]
    rows = api.as_user(secretary_b).get(f"{API}/nominations/").json()["results"]
    assert [(r["id"], [f["nomination"] for f in r["flags"]]) for r in rows] == [(in_b.pk, [in_a.pk])]
    cast_rows = api.as_user(cast_admin).get(f"{API}/nominations/").json()["results"]
    assert {r["id"]: len(r["flags"]) for r in cast_rows} == {in_a.pk: 1, in_b.pk: 1}
    # the nominee sees their own nominations, never the secretariats' flags
    own = api.as_user(member).get(f"{API}/nominations/").json()["results"]
    assert {r["id"] for r in own} == {in_a.pk, in_b.pk} and all(r["flags"] == [] for r in own)
    # a withdrawn one no longer counts; another year does not count
    Nomination.objects.filter(pk=in_b.pk).update(status="withdrawn")
    assert api.as_user(secretary_a).get(f"{API}/nominations/{in_a.pk}/").json()["flags"] == []


@pytest.mark.django_db
def test_secretary_sees_the_flag_of_a_new_nomination(api, secretary_a, society_a, society_b, round_a):
    person = member_of(society_a)
    other_round = AwardRoundFactory(program=AwardProgramFactory(society=society_b))
    first = NominationFactory(round=other_round, nominee=person)
    response = api.as_user(secretary_a).post(
        f"{API}/nominations/", nomination_body(round_a, person), format="json"
    )
    assert response.status_code == 201
    assert [f["nomination"] for f in response.json()["flags"]] == [first.pk]


@pytest.mark.django_db
def test_nomination_list_keeps_a_constant_query_count(api, secretary_a, society_a, society_b, round_a):
    other_round = AwardRoundFactory(program=AwardProgramFactory(society=society_b))
    client = api.as_user(secretary_a)

    def add(n):
        for _ in range(n):
            person = member_of(society_a)
            NominationFactory(round=round_a, nominee=person, submitted_by=secretary_a)
            NominationFactory(round=other_round, nominee=person)  # every row carries a flag

    def count():
        with CaptureQueriesContext(connection) as ctx:
            rows = client.get(f"{API}/nominations/").json()["results"]
        assert all(r["flags"] for r in rows)
        return len(ctx.captured_queries), len(rows)

    add(3)
    count()  # warm caches (content types, settings)
    few, n_few = count()
    add(17)
    many, n_many = count()
    assert (n_few, n_many) == (3, 20)
    assert few == many


# --- reviewers --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reviewer_from_the_nominees_employer_is_refused_with_r_aw_04(api, secretary_a, society_a, round_a):
    nomination = nominate_in(round_a, secretary_a, employer="南开大学")
    clean = award_reviewer(society_a, employer="清华大学")
    conflicted = award_reviewer(society_a, employer=" 南开大学 ")
    response = api.as_user(secretary_a).post(
        f"{API}/nominations/{nomination.pk}/assign_reviewers/",
        {"reviewers": [clean.pk, conflicted.pk]},
        format="json",
    )
    assert response.status_code == 400, response.json()
    assert response.json()["rule"] == "R-AW-04" and response.json()["field"] == "reviewers"
    assert not ReviewAssignment.objects.exists()  # one refusal assigns none
    ok = api.as_user(secretary_a).post(
        f"{API}/nominations/{nomination.pk}/assign_reviewers/", {"reviewers": [clean.pk]}, format="json"
    )
    assert ok.status_code == 200 and ReviewAssignment.objects.filter(reviewer=clean).count() == 1


@pytest.mark.django_db
def test_declared_coauthor_and_nominator_are_conflicts(
    api, secretary_a, society_a, program_a, round_a, member
):
    reviewer = award_reviewer(society_a)
    nomination = nominate_in(round_a, secretary_a)
    nomination.coauthors.add(reviewer.person)
    response = api.as_user(secretary_a).post(
        f"{API}/nominations/{nomination.pk}/assign_reviewers/", {"reviewers": [reviewer.pk]}, format="json"
    )
    assert response.status_code == 400 and response.json()["rule"] == "R-AW-04"
    nominator_reviewer = award_reviewer(society_a)
    by_them = NominationFactory(
        round=round_a, nominee=member_of(society_a), nominator=nominator_reviewer.person
    )
    response = api.as_user(secretary_a).post(
        f"{API}/nominations/{by_them.pk}/assign_reviewers/",
        {"reviewers": [nominator_reviewer.pk]},
        format="json",
    )
    assert response.status_code == 400 and response.json()["rule"] == "R-AW-04"


@pytest.mark.django_db
def test_assigning_reviewers_refused_across_roles(
    api, secretary_a, secretary_b, society_a, society_b, round_a, reviewer_a
):
    nomination = nominate_in(round_a, secretary_a)
    assigned = award_reviewer(society_a)
    ReviewAssignment.objects.create(nomination=nomination, reviewer=assigned, assigned_by=secretary_a)
    url = f"{API}/nominations/{nomination.pk}/assign_reviewers/"
    other = award_reviewer(society_a)
    assert api.as_user(secretary_b).post(url, {"reviewers": [other.pk]}, format="json").status_code == 404
    assert api.as_user(assigned).post(url, {"reviewers": [other.pk]}, format="json").status_code == 403
    assert api.as_user(reviewer_a).post(url, {"reviewers": [other.pk]}, format="json").status_code == 403
    # a reviewer of another society, and a user without the role, are not this society's reviewers
    for user in (award_reviewer(society_b), UserFactory()):
        response = api.as_user(secretary_a).post(url, {"reviewers": [user.pk]}, format="json")
        assert response.status_code == 400 and "reviewers" in response.json()
    for odd in ("abc", ["abc"], [10**30], [], None, [-1]):
        response = api.as_user(secretary_a).post(url, {"reviewers": odd}, format="json")
        assert response.status_code == 400, (odd, response.content)
    bad_date = api.as_user(secretary_a).post(url, {"reviewers": [other.pk], "due_on": "soon"}, format="json")
    assert bad_date.status_code == 400 and "due_on" in bad_date.json()
    assert ReviewAssignment.objects.count() == 1


# --- reviews ----------------------------------------------------------------------------------------


@pytest.fixture
def assigned(secretary_a, society_a, reviewing_round):
    """A nomination in review with one assigned reviewer."""
    nomination = nominate_in(reviewing_round, secretary_a)
    reviewer = award_reviewer(society_a)
    ReviewAssignment.objects.create(nomination=nomination, reviewer=reviewer, assigned_by=secretary_a)
    return nomination, reviewer


@pytest.mark.django_db
def test_assigned_reviewer_scores_and_sees_only_their_own(api, assigned, secretary_a, society_a):
    nomination, reviewer = assigned
    response = api.as_user(reviewer).post(
        f"{API}/reviews/", {"nomination": nomination.pk, "score": 88, "comment": "创新性强"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["score"] == 88 and response.json()["conflict_declared"] is False
    changed = api.as_user(reviewer).post(
        f"{API}/reviews/", {"nomination": nomination.pk, "score": 90}, format="json"
    )
    assert changed.json()["score"] == 90 and Review.objects.count() == 1

    colleague = award_reviewer(society_a)
    ReviewAssignment.objects.create(nomination=nomination, reviewer=colleague, assigned_by=secretary_a)
    api.as_user(colleague).post(f"{API}/reviews/", {"nomination": nomination.pk, "score": 70}, format="json")
    mine = api.as_user(reviewer).get(f"{API}/reviews/").json()["results"]
    assert [r["score"] for r in mine] == [90]
    assert {r["score"] for r in api.as_user(secretary_a).get(f"{API}/reviews/").json()["results"]} == {90, 70}
    # the reviewer sees the nominations assigned to them, with the review count
    rows = api.as_user(reviewer).get(f"{API}/nominations/").json()["results"]
    assert [(r["id"], r["reviews_count"], r["scored_reviews_count"]) for r in rows] == [(nomination.pk, 2, 2)]


@pytest.mark.django_db
def test_review_declaring_a_conflict_keeps_no_score(api, assigned):
    nomination, reviewer = assigned
    response = api.as_user(reviewer).post(
        f"{API}/reviews/",
        {"nomination": nomination.pk, "score": 95, "conflict_declared": True, "comment": "曾合作"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["score"] is None and response.json()["conflict_declared"] is True
    assert Review.objects.get().score is None
    row = api.as_user(reviewer).get(f"{API}/nominations/{nomination.pk}/").json()
    assert (row["reviews_count"], row["scored_reviews_count"]) == (1, 0)


@pytest.mark.django_db
def test_only_an_assigned_reviewer_reviews(api, assigned, society_a, secretary_a, member, cast_admin):
    nomination, _reviewer = assigned
    body = {"nomination": nomination.pk, "score": 60}
    not_assigned = award_reviewer(society_a)
    assert api.as_user(not_assigned).post(f"{API}/reviews/", body, format="json").status_code == 403
    for user in (secretary_a, member, cast_admin):
        assert api.as_user(user).post(f"{API}/reviews/", body, format="json").status_code == 403
    assert not Review.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        {"score": 101},
        {"score": -1},
        {"score": "abc"},
        {"score": 10**30},
        {"score": 55.5},
        {"score": None},
        {"nomination": "abc"},
        {"nomination": 10**30},
        {"comment": "a\x00b"},
        {"conflict_declared": "perhaps"},
    ],
)
def test_odd_review_input_is_a_400(api, assigned, overrides):
    nomination, reviewer = assigned
    body = {"nomination": nomination.pk, "score": 80, **overrides}
    response = api.as_user(reviewer).post(f"{API}/reviews/", body, format="json")
    assert response.status_code == 400, (overrides, response.content)
    assert not Review.objects.exists()


# --- materials --------------------------------------------------------------------------------------


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.django_db
def test_materials_are_checked_by_content(api, secretary_a, secretary_b, round_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    nomination = nominate_in(round_a, secretary_a)
    url = f"{API}/nominations/{nomination.pk}/materials/"
    client = api.as_user(secretary_a)
    pdf = client.post(url, {"file": SimpleUploadedFile("推荐书.pdf", PDF)}, format="multipart")
    assert pdf.status_code == 201, pdf.json()
    assert pdf.json()["original_name"] == "推荐书.pdf"
    docx = client.post(url, {"file": SimpleUploadedFile("成果.docx", docx_bytes())}, format="multipart")
    assert docx.status_code == 201, docx.content
    fake = client.post(
        url, {"file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")}, format="multipart"
    )
    assert fake.status_code == 400 and "file" in fake.json()
    assert client.post(url, {}, format="multipart").status_code == 400
    assert [m["original_name"] for m in client.get(url).json()] == ["推荐书.pdf", "成果.docx"]
    assert api.as_user(secretary_b).post(url, {"file": SimpleUploadedFile("a.pdf", PDF)}).status_code == 404
    assert NominationMaterial.objects.count() == 2
    AwardRound.objects.filter(pk=round_a.pk).update(status="reviewing")
    closed = api.as_user(secretary_a).post(
        url, {"file": SimpleUploadedFile("late.pdf", PDF)}, format="multipart"
    )
    assert closed.status_code == 409


# --- results ----------------------------------------------------------------------------------------


def scored(nomination, secretary, society, scores=(80, 85, 90)):
    """`nomination` with one assigned reviewer per score, each having scored."""
    for score in scores:
        reviewer = award_reviewer(society)
        ReviewAssignment.objects.create(nomination=nomination, reviewer=reviewer, assigned_by=secretary)
        Review.objects.create(nomination=nomination, reviewer=reviewer, score=score)
    return nomination


@pytest.mark.django_db
def test_four_winners_of_ten_valid_with_a_30_percent_cap_refused_r_aw_02(
    api, secretary_a, society_a, reviewing_round
):
    nominations = [
        scored(nominate_in(reviewing_round, secretary_a), secretary_a, society_a) for _ in range(10)
    ]
    url = f"{API}/award-rounds/{reviewing_round.pk}/propose_results/"
    four = api.as_user(secretary_a).post(url, {"winners": [n.pk for n in nominations[:4]]}, format="json")
    assert four.status_code == 400, four.json()
    assert four.json()["rule"] == "R-AW-02" and four.json()["field"] == "winners"
    assert AwardRound.objects.get(pk=reviewing_round.pk).status == "reviewing"
    three = api.as_user(secretary_a).post(url, {"winners": [n.pk for n in nominations[:3]]}, format="json")
    assert three.status_code == 200 and three.json()["status"] == "proposed"


@pytest.mark.django_db
def test_a_winner_needs_three_scored_reviews(api, secretary_a, society_a, reviewing_round):
    """Three assignments but only one scored review: not enough (R-AW-04), whatever the joins count."""
    nomination = nominate_in(reviewing_round, secretary_a)
    for _ in range(3):
        ReviewAssignment.objects.create(
            nomination=nomination, reviewer=award_reviewer(society_a), assigned_by=secretary_a
        )
    first = nomination.assignments.first().reviewer
    Review.objects.create(nomination=nomination, reviewer=first, score=99)
    for _ in range(6):
        nominate_in(reviewing_round, secretary_a)
    response = api.as_user(secretary_a).post(
        f"{API}/award-rounds/{reviewing_round.pk}/propose_results/",
        {"winners": [nomination.pk]},
        format="json",
    )
    assert response.status_code == 400 and response.json()["rule"] == "R-AW-04"


@pytest.mark.django_db
@pytest.mark.parametrize("winners", ["abc", ["x"], [10**30], [0], None, {"a": 1}, [999999]])
def test_odd_winners_are_a_400(api, secretary_a, reviewing_round, winners):
    response = api.as_user(secretary_a).post(
        f"{API}/award-rounds/{reviewing_round.pk}/propose_results/", {"winners": winners}, format="json"
    )
    assert response.status_code == 400, (winners, response.content)


@pytest.mark.django_db
def test_publish_waits_for_the_party_pre_review(
    api, secretary_a, secretary_b, society_a, reviewer_a, reviewing_round, program_a, cast_admin, regulator
):
    best = scored(
        nominate_in(reviewing_round, secretary_a, name="赵优秀", employer="北京大学"), secretary_a, society_a
    )
    second = scored(nominate_in(reviewing_round, secretary_a), secretary_a, society_a, scores=(60, 65, 70))
    for _ in range(2):
        nominate_in(reviewing_round, secretary_a)
    client = api.as_user(secretary_a)
    base = f"{API}/award-rounds/{reviewing_round.pk}"

    ranking = client.get(f"{base}/ranking/").json()
    assert (ranking["valid"], ranking["limit"], ranking["min_reviews"]) == (4, 1, 3)
    assert [r["nomination"] for r in ranking["nominations"][:2]] == [best.pk, second.pk]
    assert ranking["nominations"][0]["mean_score"] == 85 and ranking["nominations"][0]["scored_reviews"] == 3
    assert api.as_user(secretary_b).get(f"{base}/ranking/").status_code == 404
    assert api.as_user(reviewer_a).get(f"{base}/ranking/").status_code == 403
    assert api.as_user(regulator).get(f"{base}/ranking/").status_code == 403

    client = api.as_user(secretary_a)  # one client: as_user switches its credentials
    early = client.post(f"{base}/publish/", {})
    assert early.status_code == 409  # nothing proposed yet
    proposed = client.post(
        f"{base}/propose_results/", {"winners": [best.pk], "comment": "评审委员会推荐"}, format="json"
    )
    assert proposed.status_code == 200, proposed.json()
    matter_id = proposed.json()["major_matter"]
    assert matter_id and proposed.json()["major_matter_status"] == "pending"
    matter = MajorMatter.objects.get(pk=matter_id)
    assert matter.kind == "award_selection" and matter.society_id == society_a.pk

    refused = client.post(f"{base}/publish/", {})
    assert refused.status_code == 400 and refused.json()["rule"] == "R-AW-05"
    assert AwardRound.objects.get(pk=reviewing_round.pk).status == "proposed"
    # the secretariat cannot approve its own selection; the Party reviewer does
    assert client.post(f"{API}/major-matters/{matter_id}/approve/", {"comment": "同意"}).status_code == 403
    approved = api.as_user(reviewer_a).post(f"{API}/major-matters/{matter_id}/approve/", {"comment": "同意"})
    assert approved.status_code == 200, approved.json()
    assert api.as_user(secretary_b).post(f"{base}/publish/", {}).status_code == 404
    assert api.as_user(reviewer_a).post(f"{base}/publish/", {}).status_code == 403

    client = api.as_user(secretary_a)
    published = client.post(f"{base}/publish/", {"comment": "公示无异议"})
    assert published.status_code == 200, published.json()
    assert published.json()["status"] == "published" and published.json()["winners_count"] == 1
    assert Nomination.objects.get(pk=best.pk).status == "winner"
    assert Nomination.objects.get(pk=second.pk).status == "not_awarded"
    assert [h["to_status"] for h in client.get(f"{base}/history/").json()][-2:] == ["proposed", "published"]

    # the winners are public, without login: on the dynamic list and the program's page
    api.credentials()
    row = next(r for r in api.get(f"{API}/public/awards/").json()["results"] if r["id"] == program_a.pk)
    assert row["last_round"]["year"] == YEAR and row["last_round"]["winners_count"] == 1
    assert row["last_round"]["results"].endswith(f"/api/v1/public/awards/{program_a.pk}/")
    detail = api.get(f"{API}/public/awards/{program_a.pk}/").json()
    assert detail["rounds"][0]["winners"] == [{"name": "赵优秀", "employer": "北京大学"}]
    assert api.get(f"{API}/award-rounds/").status_code == 401  # the scoped resources need a login


@pytest.mark.django_db
def test_results_are_the_secretariats(api, secretary_b, reviewer_a, member, regulator, reviewing_round):
    url = f"{API}/award-rounds/{reviewing_round.pk}/propose_results/"
    assert api.as_user(secretary_b).post(url, {"winners": []}, format="json").status_code == 404
    for user in (reviewer_a, regulator):
        assert api.as_user(user).post(url, {"winners": []}, format="json").status_code == 403
    assert api.as_user(member).post(url, {"winners": []}, format="json").status_code == 404


# --- the public dynamic list ------------------------------------------------------------------------


@pytest.mark.django_db
def test_public_list_needs_no_login_and_shows_listed_programs_only(api, society_a, society_b):
    chem = AwardProgramFactory(society=society_a, name="化学青年奖", category="youth")
    phys = AwardProgramFactory(society=society_b, name="物理科普奖", category="popular_science")
    medic = SocietyFactory(name="中华医学会", discipline="medicine")
    med = AwardProgramFactory(society=medic, name="医学科技奖", category="progress")
    for status in ("draft", "submitted", "suspended", "withdrawn"):
        AwardProgramFactory(society=society_a, status=status)
    api.credentials()
    response = api.get(f"{API}/public/awards/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3 and {r["id"] for r in body["results"]} == {chem.pk, phys.pk, med.pk}
    row = next(r for r in body["results"] if r["id"] == chem.pk)
    assert row == {
        "id": chem.pk,
        "name": "化学青年奖",
        "society": {"id": society_a.pk, "name": "中国化学会"},
        "discipline": "science",
        "category": "youth",
        "cycle_years": 1,
        "last_round": None,
    }

    def ids(**params):
        return {r["id"] for r in api.get(f"{API}/public/awards/", params).json()["results"]}

    assert ids(q="物理") == {phys.pk}
    assert ids(q="中国化学会") == {chem.pk}
    assert ids(society=society_b.pk) == {phys.pk}
    assert ids(category="progress") == {med.pk}
    assert ids(discipline="medicine") == {med.pk}
    assert ids(discipline="science", category="youth") == {chem.pk}
    assert ids(q="不存在") == set()
    assert api.get(f"{API}/public/awards/{chem.pk}/").json()["rounds"] == []
    draft = AwardProgram.objects.filter(status="draft").get()
    assert api.get(f"{API}/public/awards/{draft.pk}/").status_code == 404
    # a token is not needed, and a bad one is not even read
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert api.get(f"{API}/public/awards/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"society": "abc"},
        {"society": str(10**30)},
        {"society": "-1"},
        {"category": "bribe"},
        {"discipline": "astrology"},
        {"q": "a\x00b"},
        {"q": "x" * 101},
    ],
)
def test_odd_public_filters_are_a_400(api, params):
    api.credentials()
    assert api.get(f"{API}/public/awards/", params).status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("pk", ["abc", "0", str(10**30), "-1"])
def test_odd_public_ids_are_a_404(api, pk):
    api.credentials()
    assert api.get(f"{API}/public/awards/{pk}/").status_code == 404


@pytest.mark.django_db
def test_public_list_keeps_a_constant_query_count(api):
    def add(n):
        for _ in range(n):
            program = AwardProgramFactory()
            published = AwardRoundFactory(program=program, year=YEAR - 1, status="published")
            AwardRoundFactory(program=program, status="reviewing")  # not published: not shown
            for status in ("winner", "winner", "not_awarded"):
                NominationFactory(round=published, status=status)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            rows = api.get(f"{API}/public/awards/", {"page_size": 100}).json()["results"]
        assert all(
            r["last_round"]["winners_count"] == 2 and r["last_round"]["year"] == YEAR - 1 for r in rows
        )
        return len(ctx.captured_queries), len(rows)

    api.credentials()
    add(5)
    few, n_few = count()
    add(45)
    many, n_many = count()
    assert (n_few, n_many) == (5, 50)
    assert few == many <= 3


@pytest.mark.django_db
def test_public_program_page_keeps_a_constant_query_count_and_no_personal_data(api):
    program = AwardProgramFactory()

    def add_round(year, winners):
        published = AwardRoundFactory(program=program, year=year, status="published")
        for _ in range(winners):
            NominationFactory(round=published, status="winner", nominee=PersonFactory(phone="13800000000"))
        NominationFactory(round=published, status="not_awarded")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            body = api.get(f"{API}/public/awards/{program.pk}/").json()
        return len(ctx.captured_queries), body

    api.credentials()
    add_round(YEAR - 2, 1)
    few, _body = count()
    add_round(YEAR - 1, 5)
    add_round(YEAR - 3, 5)
    many, body = count()
    assert few == many
    assert [r["year"] for r in body["rounds"]] == [YEAR - 1, YEAR - 2, YEAR - 3]
    assert [len(r["winners"]) for r in body["rounds"]] == [5, 1, 5]
    assert all(set(w) == {"name", "employer"} for r in body["rounds"] for w in r["winners"])
    assert "13800000000" not in str(body) and "id_number" not in str(body)


@pytest.mark.django_db
@pytest.mark.parametrize("resource", ["award-programs", "award-rounds", "nominations", "reviews"])
@pytest.mark.parametrize(
    "params",
    [
        {"search": "a\x00b"},
        {"status": "\x00"},
        {"ordering": "\x00"},
        {"page": "abc"},
        {"page_size": "-5"},
        {"society": "abc"},
        {"round": str(10**30)},
        {"program": "abc"},
        {"nomination": "\x00"},
        {"year": "abc"},
    ],
)
def test_odd_list_parameters_never_500(api, secretary_a, program_a, round_a, resource, params):
    nominate_in(round_a, secretary_a)
    response = api.as_user(secretary_a).get(f"{API}/{resource}/", params)
    assert response.status_code in (200, 400, 404), (resource, params, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("pk", ["abc", str(10**30), "0"])
@pytest.mark.parametrize(
    "path", ["award-programs/{}/", "award-rounds/{}/ranking/", "nominations/{}/history/"]
)
def test_odd_ids_are_a_404(api, secretary_a, pk, path):
    assert api.as_user(secretary_a).get(f"{API}/" + path.format(pk)).status_code == 404


@pytest.mark.django_db
def test_a_comment_with_nul_is_a_400(api, cast_admin, program_a):
    response = api.as_user(cast_admin).post(
        f"{API}/award-programs/{program_a.pk}/suspend/", {"comment": "a\x00b"}, format="json"
    )
    assert response.status_code == 400 and "comment" in response.json()
    program_a.refresh_from_db()
    assert program_a.status == "listed"
