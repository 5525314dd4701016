"""Elections 换届: slate review gate (R-PB-02/03), sanctioned candidates refused (R-ETH-02), quorum, seats
and terms (R-GOV-02), composition shares (R-GOV-03)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from core.errors import DomainError
from core.models import AuditEntry
from party_building.gate import matter_for, require_matter
from party_building.models import Candidate, Election
from party_building.services import elections
from party_building.services.matters import approve_matter, resubmit_matter, return_matter
from societies.models import Officer, Seat, Term

from ..factories import CreditRecordFactory, council_with_term, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(society_a):
    return council_with_term(society_a)


@pytest.fixture
def election(society_a, council, secretary_a):
    return elections.create_election(
        actor=secretary_a,
        society=society_a,
        body=council,
        term_start=date(2026, 1, 1),
        term_end=date(2031, 1, 1),
        seats=2,
    )


@pytest.fixture
def people(society_a):
    return [
        member_of(society_a, name="甲", birth_date=date(1985, 3, 1)),
        member_of(society_a, name="乙", birth_date=date(1960, 3, 1)),
        member_of(society_a, name="丙", birth_date=None),
    ]


def _slate(election, people, secretary):
    return [
        elections.add_candidate(actor=secretary, election=election, person=p, grassroots=(i == 0))
        for i, p in enumerate(people)
    ]


def test_sanctioned_candidate_refused(election, people, secretary_a, cast_admin):
    CreditRecordFactory(person=people[0], recorded_by=cast_admin)
    with pytest.raises(DomainError) as refused:
        elections.add_candidate(actor=secretary_a, election=election, person=people[0])
    assert refused.value.rule == "R-ETH-02" and refused.value.field == "person"
    assert not Candidate.objects.exists()
    CreditRecordFactory(  # expired
        person=people[1], recorded_by=cast_admin, starts_on=date(2010, 1, 1), ends_on=date(2012, 1, 1)
    )
    elections.add_candidate(actor=secretary_a, election=election, person=people[1])
    assert Candidate.objects.count() == 1


def test_sanction_recorded_after_nomination_blocks_submission(election, people, secretary_a, cast_admin):
    _slate(election, people, secretary_a)
    CreditRecordFactory(person=people[2], recorded_by=cast_admin)
    with pytest.raises(DomainError) as refused:
        elections.submit_slate(actor=secretary_a, election=election)
    assert refused.value.rule == "R-ETH-02"
    election.refresh_from_db()
    assert election.status == "draft" and matter_for(election) is None


def test_votes_refused_until_slate_review_approved(election, people, secretary_a, reviewer_a):
    candidates = _slate(election, people, secretary_a)
    election = elections.submit_slate(actor=secretary_a, election=election)
    matter = matter_for(election)
    assert election.status == "slate_submitted" and matter.kind == "election" and matter.status == "pending"
    votes = {c.pk: (80, 10, 5) for c in candidates}
    with pytest.raises(DomainError) as refused:
        elections.record_votes(
            actor=secretary_a, election=election, voters_eligible=100, voters_present=95, votes=votes
        )
    assert refused.value.rule == "R-PB-02"
    election.refresh_from_db()
    assert election.status == "slate_submitted" and election.voters_present is None
    # returned: the slate can be revised, then the matter resubmitted
    return_matter(actor=reviewer_a, matter=matter, opinion="请调整候选人结构")
    assert Election.workflow.is_editable(election)
    elections.remove_candidate(actor=secretary_a, candidate=candidates[2])
    resubmit_matter(actor=secretary_a, matter=matter, comment="已调整")
    approve_matter(actor=reviewer_a, matter=matter, opinion="同意提交选举")
    election.refresh_from_db()
    assert election.status == "slate_approved"
    assert not Election.workflow.is_editable(election)


def test_quorum_and_majority(election, people, secretary_a, reviewer_a):
    candidates = _slate(election, people, secretary_a)
    elections.submit_slate(actor=secretary_a, election=election)
    approve_matter(actor=reviewer_a, matter=matter_for(election), opinion="同意")
    votes = {candidates[0].pk: (60, 5, 1), candidates[1].pk: (50, 10, 6), candidates[2].pk: (30, 30, 6)}
    for present in (60, 66):  # 66/100 is not more than 2/3
        with pytest.raises(DomainError) as refused:
            elections.record_votes(
                actor=secretary_a, election=election, voters_eligible=100, voters_present=present, votes=votes
            )
        assert refused.value.rule == "R-PB-03" and refused.value.field == "voters_present"
    assert not Candidate.objects.filter(votes_for__gt=0).exists()
    election = elections.record_votes(
        actor=secretary_a, election=election, voters_eligible=100, voters_present=67, votes=votes
    )
    assert election.status == "voted"
    elected = dict(Candidate.objects.values_list("person__name", "elected"))
    assert elected == {"甲": True, "乙": True, "丙": False}  # 丙: 30 of 67 is no majority


def test_certify_closes_old_term_and_creates_seats(election, council, people, secretary_a, reviewer_a):
    candidates = _slate(election, people, secretary_a)
    candidates[0].position = "president"
    candidates[0].save()
    elections.submit_slate(actor=secretary_a, election=election)
    approve_matter(actor=reviewer_a, matter=matter_for(election), opinion="同意")
    votes = {c.pk: (90, 0, 0) for c in candidates}  # three pass, two seats: the first two by order
    elections.record_votes(
        actor=secretary_a, election=election, voters_eligible=100, voters_present=90, votes=votes
    )
    election = elections.certify(actor=secretary_a, election=election)
    assert election.status == "certified"
    old, new = Term.objects.filter(body=council).order_by("number")
    assert old.status == "closed" and new.status == "current" and new.number == 2 and new.seats == 2
    assert (new.starts_on, new.ends_on) == (date(2026, 1, 1), date(2031, 1, 1))
    seats = {s.person.name: s for s in Seat.objects.filter(term=new).select_related("person")}
    assert set(seats) == {"甲", "乙"}
    assert seats["甲"].birth_year == 1985 and seats["甲"].grassroots and seats["甲"].sector == "university"
    assert Officer.objects.get(position="president", ends_on__isnull=True).person.name == "甲"
    composition = elections.council_composition(new)
    assert composition["grassroots_share"] == Decimal("0.5") and composition["under50_share"] == Decimal(
        "0.5"
    )
    assert composition["grassroots_target"] == Decimal("0.20") and not composition["grassroots_below"]


def test_election_api_flow(api, society_a, council, people, secretary_a, reviewer_a, secretary_b):
    client = api.as_user(secretary_a)
    body = {
        "society": society_a.pk,
        "body": council.pk,
        "term_start": "2026-01-01",
        "term_end": "2031-01-01",
        "seats": 2,
        "candidates": [{"person": p.pk, "grassroots": True} for p in people[:2]],
    }
    created = client.post("/api/v1/elections/", body, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["status"] == "draft" and len(data["candidates"]) == 2
    url = f"/api/v1/elections/{data['id']}"
    assert api.as_user(secretary_b).post(f"{url}/submit_slate/", {}, format="json").status_code == 404
    client = api.as_user(secretary_a)
    submitted = client.post(f"{url}/submit_slate/", {}, format="json").json()
    assert submitted["status"] == "slate_submitted" and submitted["matter"]["status"] == "pending"
    votes = {
        "voters_eligible": 10,
        "voters_present": 9,
        "votes": [{"candidate": c["id"], "votes_for": 8} for c in data["candidates"]],
    }
    gated = client.post(f"{url}/record_votes/", votes, format="json")
    assert gated.status_code == 400 and gated.json()["rule"] == "R-PB-02"
    api.as_user(reviewer_a).post(
        f"/api/v1/major-matters/{submitted['matter']['id']}/approve/", {"comment": "同意"}, format="json"
    )
    client = api.as_user(secretary_a)
    low = client.post(f"{url}/record_votes/", {**votes, "voters_present": 5}, format="json")
    assert low.status_code == 400 and low.json()["rule"] == "R-PB-03"
    assert client.post(f"{url}/certify/", {}, format="json").status_code == 409
    assert client.post(f"{url}/record_votes/", votes, format="json").json()["status"] == "voted"
    done = client.post(f"{url}/certify/", {}, format="json").json()
    assert done["status"] == "certified" and done["composition"]["seats"] == 2
    assert done["composition"]["grassroots_share"] == "1.000"  # rounded like societies.selectors.share


def _voted(election, people, secretary, reviewer, votes_for=90):
    candidates = _slate(election, people, secretary)
    elections.submit_slate(actor=secretary, election=election)
    approve_matter(actor=reviewer, matter=matter_for(election), opinion="同意")
    votes = {c.pk: (votes_for, 0, 0) for c in candidates}  # three pass, two seats: 甲 and 乙
    return elections.record_votes(
        actor=secretary, election=election, voters_eligible=100, voters_present=90, votes=votes
    )


def test_certify_refused_when_elected_candidate_sanctioned_since(
    election, council, people, secretary_a, reviewer_a, cast_admin
):
    """R-ETH-02 is re-checked on the certification date: a sanction recorded after the vote stops it."""
    election = _voted(election, people, secretary_a, reviewer_a)
    CreditRecordFactory(person=people[1], recorded_by=cast_admin)  # 乙, elected
    before_audit = AuditEntry.objects.count()
    with pytest.raises(DomainError) as refused:
        elections.certify(actor=secretary_a, election=election)
    assert refused.value.rule == "R-ETH-02" and "乙" in str(refused.value.message)
    election.refresh_from_db()
    assert election.status == "voted" and election.new_term is None
    assert list(Term.objects.filter(body=council).values_list("number", "status")) == [(1, "current")]
    assert not Seat.objects.filter(term__body=council, term__number=2).exists()
    assert AuditEntry.objects.count() == before_audit  # nothing written


def test_certify_ignores_sanctions_not_active_on_the_day(
    election, council, people, secretary_a, reviewer_a, cast_admin
):
    election = _voted(election, people, secretary_a, reviewer_a)
    today = timezone.localdate()
    not_yet = today + timedelta(days=30)
    CreditRecordFactory(person=people[0], recorded_by=cast_admin, starts_on=not_yet)  # not yet in force
    CreditRecordFactory(
        person=people[1],
        recorded_by=cast_admin,
        starts_on=date(2010, 1, 1),
        ends_on=today - timedelta(days=1),
    )
    CreditRecordFactory(person=people[2], recorded_by=cast_admin)  # 丙 was not elected: takes no seat
    election = elections.certify(actor=secretary_a, election=election)
    assert election.status == "certified"
    assert set(Seat.objects.filter(term=election.new_term).values_list("person__name", flat=True)) == {
        "甲",
        "乙",
    }


def test_votes_gated_by_every_matter_of_the_election(election, people, secretary_a, reviewer_a):
    """record_votes uses the one gate: an approved slate does not clear an election still held by another
    pending matter linked to it (here the new term's large budget)."""
    candidates = _slate(election, people, secretary_a)
    budget = require_matter(
        election,
        kind="large_expenditure",
        society=election.society,
        title="换届大会经费",
        actor=secretary_a,
        amount=Decimal("600000"),
    )
    elections.submit_slate(actor=secretary_a, election=election)
    slate = matter_for(election)
    assert slate.kind == "election"
    approve_matter(actor=reviewer_a, matter=slate, opinion="同意")
    votes = {c.pk: (80, 0, 0) for c in candidates}
    with pytest.raises(DomainError) as refused:
        elections.record_votes(
            actor=secretary_a, election=election, voters_eligible=100, voters_present=90, votes=votes
        )
    assert refused.value.rule == "R-PB-02" and "换届大会经费" in str(refused.value.message)
    election.refresh_from_db()
    assert election.status == "slate_approved" and election.voters_present is None
    approve_matter(actor=reviewer_a, matter=budget, opinion="同意")
    election = elections.record_votes(
        actor=secretary_a, election=election, voters_eligible=100, voters_present=90, votes=votes
    )
    assert election.status == "voted"


def test_votes_refused_with_clear_error_when_slate_never_submitted(election, people, secretary_a):
    candidates = _slate(election, people, secretary_a)
    Election.objects.filter(pk=election.pk).update(status="slate_submitted")  # inconsistent legacy row
    election.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        elections.record_votes(
            actor=secretary_a,
            election=election,
            voters_eligible=100,
            voters_present=90,
            votes={c.pk: (80, 0, 0) for c in candidates},
        )
    assert refused.value.rule == "R-PB-02" and "尚未提交" in str(refused.value.message)
    election.refresh_from_db()
    assert election.status == "slate_submitted" and election.voters_present is None
