"""Elections 换届: slate, Party political review, vote, certification (R-PB-03, R-GOV-02, R-ETH-02),
and the council composition the result gives (R-GOV-03)."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import CHANGE, refuse_crossing, require
from core.audit import log_action
from core.constraints import constraint_errors
from core.errors import DomainError
from core.rule_settings import rule_setting
from members.sanctions import active_sanction, is_under_sanction
from societies.choices import OfficerPosition, TermStatus
from societies.models import Officer, Seat, Term
from societies.selectors import term_composition

from ..choices import ElectionStatus, MatterKind
from ..gate import ensure_cleared, matter_for, on_decision, require_matter
from ..models import Candidate, Election

# Offices held by one person at a time (the others end when the old term closes).
SINGLE_OFFICES = (OfficerPosition.PRESIDENT, OfficerPosition.SECRETARY_GENERAL)


def _require_manager(actor, society):
    require(actor, society, CHANGE, _("Only the society's secretariat runs its elections."))


def _refuse_sanctioned(person, on=None):
    record = active_sanction(person, on)
    if record is not None:
        raise DomainError(
            _("%(name)s is under an active academic sanction (%(source)s) and cannot stand for election.")
            % {"name": person.name, "source": record.source_document},
            rule="R-ETH-02",
            field="person",
        )


def create_election(*, actor, society, body, term_start, term_end, seats) -> Election:
    _require_manager(actor, society)
    if body.society_id != society.pk:
        raise refuse_crossing(
            actor,
            _("The body belongs to another society."),
            field="body",
            model=type(body),
            value=body,
            society=society.pk,
        )
    if term_end <= term_start:
        raise DomainError(_("The new term must end after it starts."), field="term_end")
    if not seats or int(seats) < 1:
        raise DomainError(_("The new term needs at least one seat."), field="seats")
    with transaction.atomic():
        election = Election.objects.create(
            society=society,
            body=body,
            term_start=term_start,
            term_end=term_end,
            seats=int(seats),
            created_by=actor,
        )
        log_action("party_building.election.created", actor=actor, obj=election, to_status=election.status)
    return election


def add_candidate(
    *, actor, election: Election, person, grassroots: bool = False, sector: str = "", position: str = ""
) -> Candidate:
    """Put a person on the slate; a person under an active sanction is refused (R-ETH-02)."""
    Election.workflow.require_editable(
        election, actor, _("Only the society's secretariat runs its elections.")
    )
    _refuse_sanctioned(person)
    with constraint_errors(), transaction.atomic():  # already on the slate: one_candidacy_per_election
        candidate = Candidate.objects.create(
            election=election,
            person=person,
            grassroots=bool(grassroots),
            sector=sector or person.sector,
            position=position or "",
        )
        log_action(
            "party_building.election.candidate_added",
            actor=actor,
            obj=election,
            data={"person": person.pk, "candidate": candidate.pk},
        )
    return candidate


def remove_candidate(*, actor, candidate: Candidate) -> None:
    election = candidate.election
    Election.workflow.require_editable(
        election, actor, _("Only the society's secretariat runs its elections.")
    )
    with transaction.atomic():
        log_action(
            "party_building.election.candidate_removed",
            actor=actor,
            obj=election,
            data={"person": candidate.person_id, "candidate": candidate.pk},
        )
        candidate.delete()


def _check_slate(election: Election):
    candidates = list(election.candidates.select_related("person"))
    if not candidates:
        raise DomainError(_("Put at least one candidate on the slate."), field="candidates")
    for candidate in candidates:
        _refuse_sanctioned(candidate.person)
    return candidates


def _slate_description(candidates) -> str:
    return "\n".join(
        f"{c.person.name} · {c.person.employer or '—'}"
        f"{' · ' + c.get_position_display() if c.position else ''}"
        for c in candidates
    )


def submit_slate(*, actor, election: Election, comment: str = "") -> Election:
    """Send the slate to the council Party committee for political review (R-PB-03): opens the
    election's major matter; the vote may be recorded only once it is approved."""
    _require_manager(actor, election.society)
    with transaction.atomic():
        candidates = _check_slate(election)
        election = Election.workflow.apply(election, "submit_slate", actor=actor, comment=comment)
        require_matter(
            election,
            kind=MatterKind.ELECTION,
            society=election.society,
            title=_("Candidate slate: %(election)s") % {"election": election},
            actor=actor,
            description=_slate_description(candidates),
        )
    return election


@on_decision(Election)
def _on_slate_decision(matter, election, step, actor):
    """Approval of the political review moves the election on; a resubmitted slate is re-checked."""
    if matter.kind != MatterKind.ELECTION:
        return
    if step == "approve" and election.status == ElectionStatus.SLATE_SUBMITTED:
        Election.workflow.apply(election, "slate_approved", actor=actor, comment=matter.comment)
    elif step == "resubmit":
        candidates = _check_slate(election)
        matter.description = _slate_description(candidates)
        matter.save(update_fields=["description"])


def record_votes(
    *, actor, election: Election, voters_eligible: int, voters_present: int, votes: dict, comment: str = ""
) -> Election:
    """Record the ballots: `votes` maps candidate id → (for, against, abstain). Refused before the slate's
    political review is approved (R-PB-02/R-PB-03) and below quorum (more than `election_quorum_ratio`
    of eligible voters present). A candidate is elected with more than half of the ballots cast (voters
    present) in favour; at most `seats` are elected, those with most votes for first."""
    _require_manager(actor, election.society)
    voters_eligible, voters_present = int(voters_eligible or 0), int(voters_present or 0)
    candidates = {c.pk: c for c in election.candidates.all()}

    def check(locked):
        if matter_for(locked) is None:
            raise DomainError(
                _(
                    "The candidate slate has not been submitted to the Party political review yet; "
                    "votes cannot be recorded."
                ),
                rule="R-PB-02",
            )
        ensure_cleared(locked)
        if voters_eligible < 1 or voters_present > voters_eligible:
            raise DomainError(
                _("Voters present must be between 0 and the number of eligible voters."),
                field="voters_present",
            )
        ratio = rule_setting("election_quorum_ratio")
        if Decimal(voters_present) <= ratio * voters_eligible:
            raise DomainError(
                _(
                    "No quorum: %(present)s of %(eligible)s voters present; more than %(ratio)s%% "
                    "must take part."
                )
                % {
                    "present": voters_present,
                    "eligible": voters_eligible,
                    "ratio": (ratio * 100).quantize(Decimal("0.01")),
                },
                rule="R-PB-03",
                field="voters_present",
            )
        unknown = set(votes) - set(candidates)
        if unknown:
            raise DomainError(_("Votes name a candidate not on this slate."), field="votes")
        for pk, counts in votes.items():
            if any(int(n) < 0 for n in counts) or sum(int(n) for n in counts) > voters_present:
                raise DomainError(
                    _("%(name)s has more ballots than voters present.") % {"name": candidates[pk].person},
                    field="votes",
                )

    with transaction.atomic():
        election = Election.workflow.apply(
            election,
            "record_votes",
            actor=actor,
            comment=comment,
            check=check,
            changes={"voters_eligible": voters_eligible, "voters_present": voters_present},
            data={"votes": {str(k): [int(n) for n in v] for k, v in votes.items()}},
        )
        for pk, candidate in candidates.items():
            counts = votes.get(pk, (0, 0, 0))
            candidate.votes_for, candidate.votes_against, candidate.votes_abstain = (int(n) for n in counts)
            candidate.elected = False
        passing = sorted(
            (c for c in candidates.values() if c.votes_for * 2 > voters_present),
            key=lambda c: (-c.votes_for, c.pk),
        )
        for candidate in passing[: election.seats]:
            candidate.elected = True
        Candidate.objects.bulk_update(
            candidates.values(), ["votes_for", "votes_against", "votes_abstain", "elected"]
        )
    return election


def certify(*, actor, election: Election, comment: str = "") -> Election:
    """Certify the result: close the body's current term, open the new one with a seat for each elected
    candidate (birth year, grassroots, sector — R-GOV-03) and seat the officers they were elected to.
    Refused with R-ETH-02, writing nothing, when an elected candidate is under an active academic
    sanction on the certification date (a sanction recorded after the slate was reviewed)."""
    _require_manager(actor, election.society)
    today = timezone.localdate()

    def check(locked):
        for candidate in locked.candidates.filter(elected=True).select_related("person"):
            if is_under_sanction(candidate.person, today):
                raise DomainError(
                    _(
                        "%(name)s is under an active academic sanction on %(date)s and cannot take a seat; "
                        "the result cannot be certified."
                    )
                    % {"name": candidate.person.name, "date": today.isoformat()},
                    rule="R-ETH-02",
                )

    with transaction.atomic():
        election = Election.workflow.apply(election, "certify", actor=actor, comment=comment, check=check)
        body = election.body
        old = Term.objects.select_for_update().filter(body=body, status=TermStatus.CURRENT).first()
        if old is not None:
            old.status = TermStatus.CLOSED
            old.save(update_fields=["status"])
            log_action(
                "societies.term.closed",
                actor=actor,
                obj=old,
                from_status=TermStatus.CURRENT,
                to_status=TermStatus.CLOSED,
                data={"election": election.pk},
            )
        number = (Term.objects.filter(body=body).aggregate(n=Max("number"))["n"] or 0) + 1
        term = Term.objects.create(
            body=body,
            number=number,
            starts_on=election.term_start,
            ends_on=election.term_end,
            seats=election.seats,
            status=TermStatus.CURRENT,
        )
        elected = list(election.candidates.filter(elected=True).select_related("person"))
        Seat.objects.bulk_create(
            Seat(
                term=term,
                person=c.person,
                birth_year=c.person.birth_year,
                grassroots=c.grassroots,
                sector=c.sector or c.person.sector,
            )
            for c in elected
        )
        _seat_officers(election, term, old, elected)
        election.new_term = term
        election.save(update_fields=["new_term"])
        log_action(
            "societies.term.opened",
            actor=actor,
            obj=term,
            to_status=TermStatus.CURRENT,
            data={"election": election.pk, "seats": [c.person_id for c in elected]},
        )
    return election


def _seat_officers(election, term, old_term, elected):
    with_office = [c for c in elected if c.position]
    if not with_office:
        return
    today = election.term_start
    sitting = Officer.objects.filter(society=election.society, ends_on__isnull=True)
    ending = sitting.filter(position__in={c.position for c in with_office} & set(SINGLE_OFFICES))
    if old_term is not None:
        ending = ending | sitting.filter(term=old_term)
    ending.update(ends_on=today)
    Officer.objects.bulk_create(
        Officer(society=election.society, term=term, person=c.person, position=c.position, starts_on=today)
        for c in with_office
    )


def council_composition(term: Term | None) -> dict | None:
    """The composition of an election's new term against R-GOV-03 (None before there is a term): see
    `societies.selectors.term_composition`, the one place the rule is computed."""
    if term is None:
        return None
    return term_composition(term)
