"""Award rules, service by service (issue 11 "Checked by"): R-AW-01 unlisted program opens no round,
R-AW-03 no fee (¥0.01 refused), R-AW-02 4 winners of 10 valid nominations with a 30% cap refused, R-AW-04
reviewer conflicts and the review count, R-AW-05/R-PB-02 publish only after the pre-review, R-ETH-02 a
sanctioned nominee refused, and the same nominee in another program of the same year flagged."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.services import grant_role
from awards import services
from awards.choices import NominationStatus
from awards.models import AwardRound, Nomination, Review
from core.audit import entries_for
from core.errors import DomainError, TransitionNotAllowed
from core.models import AuditEntry
from core.roles import Role
from party_building import gate
from party_building.services.matters import approve_matter

from ..factories import CreditRecordFactory, MembershipFactory, PersonFactory, UserFactory

TODAY = timezone.localdate()


@pytest.fixture
def listed_program(society_a, secretary_a, cast_admin):
    program = services.create_program(
        actor=secretary_a, society=society_a, name="中国化学会青年化学奖", category="youth", quota=5
    )
    services.submit_program(actor=secretary_a, program=program)
    return services.decide_program(actor=cast_admin, program=program, step="list")


def open_round(program, secretary, year=None):
    award_round = services.create_round(
        actor=secretary,
        program=program,
        year=year or TODAY.year,
        nominations_open_on=TODAY - timedelta(days=1),
        nominations_close_on=TODAY + timedelta(days=30),
    )
    return services.open_round(actor=secretary, award_round=award_round)


def nominate(award_round, secretary, society, **person):
    nominee = MembershipFactory(society=society, person=PersonFactory(**person)).person
    return services.nominate(
        actor=secretary,
        award_round=award_round,
        nominee=nominee,
        nominator_kind="secretariat",
        nominating_unit="南开大学化学学院",
    )


def reviewer(society, employer="清华大学"):
    user = UserFactory()
    grant_role(actor=None, user=user, role=Role.AWARD_REVIEWER, society=society)
    PersonFactory(user=user, employer=employer)
    return user


@pytest.mark.django_db
def test_program_lifecycle_is_audited(listed_program, secretary_a, cast_admin):
    assert listed_program.status == "listed" and listed_program.listed_at
    actions = list(entries_for(listed_program).order_by("id").values_list("action", flat=True))
    assert actions == [
        "awards.awardprogram.created",
        "awards.awardprogram.submit",
        "awards.awardprogram.list",
    ]
    with pytest.raises(DomainError) as err:
        services.decide_program(actor=cast_admin, program=listed_program, step="suspend")
    assert err.value.field == "comment"
    suspended = services.decide_program(
        actor=cast_admin, program=listed_program, step="suspend", comment="评审违规"
    )
    assert suspended.status == "suspended"
    with pytest.raises(PermissionDenied):
        services.decide_program(actor=secretary_a, program=suspended, step="reinstate")


@pytest.mark.django_db
@pytest.mark.parametrize("fee", ["0.01", "1", "100000", "-1"])
def test_any_fee_is_refused(society_a, secretary_a, fee):
    with pytest.raises(DomainError) as err:
        services.create_program(
            actor=secretary_a, society=society_a, name="收费奖", category="other", quota=3, entry_fee=fee
        )
    assert err.value.rule == "R-AW-03" and err.value.field == "entry_fee"


@pytest.mark.django_db
def test_unlisted_program_cannot_open_a_round(society_a, secretary_a, cast_admin):
    program = services.create_program(
        actor=secretary_a, society=society_a, name="未列入奖", category="other", quota=3
    )
    with pytest.raises(DomainError) as err:
        open_round(program, secretary_a)
    assert err.value.rule == "R-AW-01"
    services.submit_program(actor=secretary_a, program=program)
    listed = services.decide_program(actor=cast_admin, program=program, step="list")
    award_round = services.create_round(
        actor=secretary_a,
        program=listed,
        year=TODAY.year,
        nominations_open_on=TODAY,
        nominations_close_on=TODAY,
    )
    services.decide_program(actor=cast_admin, program=listed, step="suspend", comment="暂停")
    with pytest.raises(DomainError) as err:
        services.open_round(actor=secretary_a, award_round=award_round)
    assert err.value.rule == "R-AW-01"
    assert AwardRound.objects.get(pk=award_round.pk).status == "draft"


@pytest.mark.django_db
def test_sanctioned_person_cannot_be_nominated(listed_program, secretary_a, society_a, cast_admin):
    award_round = open_round(listed_program, secretary_a)
    nominee = MembershipFactory(society=society_a).person
    CreditRecordFactory(person=nominee, kind="sanction", starts_on=TODAY - timedelta(days=10), ends_on=None)
    with pytest.raises(DomainError) as err:
        services.nominate(
            actor=secretary_a,
            award_round=award_round,
            nominee=nominee,
            nominator_kind="secretariat",
            nominating_unit="x",
        )
    assert err.value.rule == "R-ETH-02"
    assert not Nomination.objects.exists()


@pytest.mark.django_db
def test_same_nominee_in_another_program_of_the_year_is_flagged(
    listed_program, secretary_a, society_a, cast_admin
):
    other = services.create_program(
        actor=secretary_a, society=society_a, name="中国化学会化学贡献奖", category="progress", quota=2
    )
    services.submit_program(actor=secretary_a, program=other)
    other = services.decide_program(actor=cast_admin, program=other, step="list")
    first = nominate(open_round(listed_program, secretary_a), secretary_a, society_a)
    second_round = open_round(other, secretary_a)
    second = services.nominate(
        actor=secretary_a,
        award_round=second_round,
        nominee=first.nominee,
        nominator_kind="secretariat",
        nominating_unit="y",
    )
    assert list(services.same_year_elsewhere(second, TODAY.year, exclude_round_id=second_round.pk)) == [first]
    entry = AuditEntry.objects.get(action="awards.nomination.submitted", object_id=str(second.pk))
    assert entry.data["flag_same_year"] == [first.pk]
    with pytest.raises(DomainError):  # the same person twice in one round is refused outright
        services.nominate(
            actor=secretary_a,
            award_round=second_round,
            nominee=first.nominee,
            nominator_kind="secretariat",
            nominating_unit="y",
        )


@pytest.mark.django_db
def test_conflicted_reviewer_is_refused(listed_program, secretary_a, society_a):
    nomination = nominate(
        open_round(listed_program, secretary_a), secretary_a, society_a, employer="北京大学"
    )
    colleague = reviewer(society_a, employer="北京大学 ")
    with pytest.raises(DomainError) as err:
        services.assign_reviewers(actor=secretary_a, nomination=nomination, reviewers=[colleague])
    assert err.value.rule == "R-AW-04"
    outsider = UserFactory()
    with pytest.raises(DomainError):  # not an award reviewer of the society
        services.assign_reviewers(actor=secretary_a, nomination=nomination, reviewers=[outsider])
    coauthor = reviewer(society_a, employer="复旦大学")
    services.declare_coauthor(actor=coauthor, coauthor=nomination.nominee)
    with pytest.raises(DomainError) as err:
        services.assign_reviewers(
            actor=secretary_a, nomination=nomination, reviewers=[reviewer(society_a), coauthor]
        )
    assert err.value.rule == "R-AW-04"
    assert not nomination.assignments.exists()  # one refusal assigns none


@pytest.mark.django_db
def test_review_declaring_conflict_keeps_no_score(listed_program, secretary_a, society_a):
    nomination = nominate(open_round(listed_program, secretary_a), secretary_a, society_a)
    expert = reviewer(society_a)
    with pytest.raises(PermissionDenied):
        services.submit_review(actor=expert, nomination=nomination, score=90)
    services.assign_reviewers(actor=secretary_a, nomination=nomination, reviewers=[expert])
    review = services.submit_review(actor=expert, nomination=nomination, score=88, conflict_declared=True)
    assert review.score is None and review.conflict_declared
    for bad in (101, -1, "abc", None, True):
        with pytest.raises(DomainError):
            services.submit_review(actor=expert, nomination=nomination, score=bad)
    assert Review.objects.get().score is None


def scored_round(program, secretary, society, n_nominations, reviewers_needed=3):
    award_round = open_round(program, secretary)
    nominations = [
        nominate(award_round, secretary, society, employer=f"单位{i}") for i in range(n_nominations)
    ]
    experts = [reviewer(society, employer=f"评审单位{i}") for i in range(reviewers_needed)]
    services.close_nominations(actor=secretary, award_round=award_round)
    for rank, nomination in enumerate(nominations):
        services.assign_reviewers(actor=secretary, nomination=nomination, reviewers=experts)
        for expert in experts:
            services.submit_review(actor=expert, nomination=nomination, score=90 - rank)
    return AwardRound.objects.get(pk=award_round.pk), nominations


@pytest.mark.django_db
def test_ratio_cap_four_of_ten_refused(listed_program, secretary_a, society_a):
    award_round, nominations = scored_round(listed_program, secretary_a, society_a, 10)
    with pytest.raises(DomainError) as err:
        services.propose_results(actor=secretary_a, award_round=award_round, winners=nominations[:4])
    assert err.value.rule == "R-AW-02"
    assert AwardRound.objects.get(pk=award_round.pk).status == "reviewing"
    proposed = services.propose_results(actor=secretary_a, award_round=award_round, winners=nominations[:3])
    assert proposed.status == "proposed"


@pytest.mark.django_db
def test_winner_needs_enough_scored_reviews(listed_program, secretary_a, society_a):
    award_round = open_round(listed_program, secretary_a)
    nominations = [nominate(award_round, secretary_a, society_a, employer=f"单位{i}") for i in range(10)]
    expert = reviewer(society_a)
    services.close_nominations(actor=secretary_a, award_round=award_round)
    services.assign_reviewers(actor=secretary_a, nomination=nominations[0], reviewers=[expert])
    services.submit_review(actor=expert, nomination=nominations[0], score=95)
    with pytest.raises(DomainError) as err:
        services.propose_results(actor=secretary_a, award_round=award_round, winners=[nominations[0]])
    assert err.value.rule == "R-AW-04"


@pytest.mark.django_db
def test_publish_waits_for_the_pre_review(listed_program, secretary_a, society_a, reviewer_a):
    award_round, nominations = scored_round(listed_program, secretary_a, society_a, 4)
    proposed = services.propose_results(actor=secretary_a, award_round=award_round, winners=nominations[:1])
    matter = gate.matter_for(proposed)
    assert matter.kind == "award_selection" and matter.status == "pending"
    with pytest.raises(DomainError) as err:
        services.publish_results(actor=secretary_a, award_round=proposed)
    assert err.value.rule == "R-AW-05" and "R-PB-02" in str(err.value.message)
    assert AwardRound.objects.get(pk=proposed.pk).status == "proposed"
    approve_matter(actor=reviewer_a, matter=matter, opinion="同意")
    with pytest.raises(TransitionNotAllowed):  # an approved selection no longer changes
        services.propose_results(actor=secretary_a, award_round=proposed, winners=nominations[1:2])
    published = services.publish_results(actor=secretary_a, award_round=proposed)
    assert published.status == "published" and published.published_at
    statuses = dict(Nomination.objects.filter(round=published).values_list("pk", "status"))
    assert statuses[nominations[0].pk] == NominationStatus.WINNER
    assert {statuses[n.pk] for n in nominations[1:]} == {NominationStatus.NOT_AWARDED}


@pytest.mark.django_db
def test_secretary_of_another_society_is_refused(listed_program, secretary_b):
    with pytest.raises(PermissionDenied):
        open_round(listed_program, secretary_b)
    with pytest.raises(PermissionDenied):
        services.update_program(actor=secretary_b, program=listed_program, name="改名")


@pytest.mark.django_db
def test_cap_is_the_lower_of_program_and_setting(listed_program, society_a):
    award_round = AwardRound(program=listed_program, year=2026)
    listed_program.winner_ratio_cap = Decimal("0.5")
    assert services.winner_limit(award_round, 10) == (3, Decimal("0.30"))
