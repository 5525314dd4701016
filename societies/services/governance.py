"""Governance: charter versions (R-GOV-01), bodies' terms and seats (R-GOV-02/03), officers (R-GOV-04)."""

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import refuse_crossing
from core.audit import log_action
from core.errors import DomainError
from core.history import attribute_change

from ..choices import BodyKind, OfficerPosition, TermStatus
from ..models import CharterVersion, GovernanceBody, Officer, Seat, Society, Term
from .common import CHANGE_REFUSED, _clean_scope, _require_change


def add_charter_version(
    *,
    actor,
    society: Society,
    adopted_on: date,
    has_party_leadership_clause: bool,
    business_scope,
    business_scope_text: str = "",
    document=None,
    comment: str = "",
) -> CharterVersion:
    """Record a newly adopted charter 章程 as the next version (R-GOV-01). Earlier versions are kept as
    they were; the society's current business scope follows the newest charter."""
    _require_change(actor, society)
    scope = _clean_scope(business_scope)
    if not scope:
        raise DomainError(
            _("A charter grants a business scope: choose at least one discipline code."),
            rule="R-GOV-01",
            field="business_scope",
        )
    with transaction.atomic():
        locked = Society.objects.select_for_update().get(pk=society.pk)
        latest = locked.charters.order_by("-version").first()
        if latest and adopted_on < latest.adopted_on:
            raise DomainError(
                _("A new charter version cannot be adopted before version %(v)d (%(d)s).")
                % {"v": latest.version, "d": latest.adopted_on.isoformat()},
                rule="R-GOV-01",
                field="adopted_on",
            )
        charter = CharterVersion(
            society=locked,
            version=(latest.version + 1) if latest else 1,
            adopted_on=adopted_on,
            has_party_leadership_clause=has_party_leadership_clause,
            business_scope=scope,
            business_scope_text=business_scope_text,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        if document:
            charter.document = document
        charter.save()
        old_scope = [locked.business_scope, locked.business_scope_text]
        locked.business_scope = scope
        locked.business_scope_text = business_scope_text
        attribute_change(locked, actor=actor, reason=f"charter v{charter.version}")
        locked.save(update_fields=["business_scope", "business_scope_text"])
        log_action(
            "societies.charter.added",
            actor=actor,
            obj=charter,
            comment=comment,
            data={
                "version": charter.version,
                "adopted_on": adopted_on.isoformat(),
                "party_clause": has_party_leadership_clause,
                "business_scope": scope,
                "previous_scope": old_scope,
            },
        )
    return charter


def open_term(
    *,
    actor,
    society: Society,
    kind: str,
    number: int,
    starts_on: date,
    ends_on: date,
    seats: int = 0,
    name: str = "",
    comment: str = "",
) -> Term:
    """Record a term 届 of a body (creating the body on first use). The new term becomes the body's
    current one and the previous current term is closed: one current term per body (R-GOV-02)."""
    _require_change(actor, society)
    if kind not in BodyKind.values:
        raise DomainError(_("Unknown governance body."), field="kind")
    if ends_on <= starts_on:
        raise DomainError(_("A term ends after it starts."), rule="R-GOV-02", field="ends_on")
    with transaction.atomic():
        Society.objects.select_for_update().get(pk=society.pk)
        body, created = GovernanceBody.objects.get_or_create(
            society=society, kind=kind, defaults={"name": name}
        )
        if body.terms.filter(number=number).exists():
            raise DomainError(
                _("Term %(n)d of this body is already recorded.") % {"n": number},
                rule="R-GOV-02",
                field="number",
            )
        current = body.terms.filter(status=TermStatus.CURRENT).first()
        if current and number < current.number:
            raise DomainError(
                _("The new term's number must follow the current term (%(n)d).") % {"n": current.number},
                rule="R-GOV-02",
                field="number",
            )
        if current:
            current.status = TermStatus.CLOSED
            current.save(update_fields=["status"])
        term = Term.objects.create(
            body=body,
            number=number,
            starts_on=starts_on,
            ends_on=ends_on,
            seats=seats,
            status=TermStatus.CURRENT,
        )
        log_action(
            "societies.term.opened",
            actor=actor,
            obj=term,
            comment=comment,
            to_status=TermStatus.CURRENT,
            data={
                "body": kind,
                "number": number,
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat(),
                "seats": seats,
                "closed_term": current.number if current else None,
                "body_created": created,
            },
        )
    return term


def _under_sanction(person, day) -> bool:
    """R-ETH-02, asked of the person's own credit records (members sits above societies)."""
    return person.credit_records.sanctions_in_force(day).exists()


def add_seat(
    *, actor, term: Term, person, birth_year: int | None = None, grassroots: bool = False, sector: str = ""
) -> Seat:
    """Seat a person on a body for a term, with the facts R-GOV-03 asks about. A person under an active
    sanction cannot stand for the council (R-ETH-02); a term's seats cannot be overfilled."""
    Term.workflow.require_editable(term, actor, CHANGE_REFUSED)
    if term.body.kind in (BodyKind.COUNCIL, BodyKind.STANDING_COUNCIL) and _under_sanction(
        person, max(term.starts_on, timezone.localdate())
    ):
        raise DomainError(
            _("%(name)s is under an active academic sanction and cannot hold a council seat.")
            % {"name": person.name},
            rule="R-ETH-02",
            field="person",
        )
    if birth_year is None and person.birth_date:
        birth_year = person.birth_date.year
    with transaction.atomic():
        locked = Term.objects.select_for_update().get(pk=term.pk)
        if locked.seat_set.filter(person=person).exists():
            raise DomainError(_("This person already holds a seat in this term."), field="person")
        if locked.seats and locked.seat_set.count() >= locked.seats:
            raise DomainError(
                _("All %(n)d seats of this term are filled.") % {"n": locked.seats},
                rule="R-GOV-02",
                field="person",
            )
        seat = Seat.objects.create(
            term=locked,
            person=person,
            birth_year=birth_year,
            grassroots=grassroots,
            sector=sector or person.sector,
        )
        log_action(
            "societies.seat.added",
            actor=actor,
            obj=seat,
            data={
                "term": locked.pk,
                "person": person.pk,
                "birth_year": birth_year,
                "grassroots": grassroots,
                "sector": seat.sector,
            },
        )
    return seat


def remove_seat(*, actor, seat: Seat, comment: str = "") -> None:
    """Vacate a seat of the current term (the person left the body); recorded with its reason."""
    Term.workflow.require_editable(seat.term, actor, CHANGE_REFUSED)
    if not comment.strip():
        raise DomainError(_("Give the reason the seat is vacated."), field="comment")
    with transaction.atomic():
        data = {"term": seat.term_id, "person": seat.person_id, "person_name": seat.person.name}
        log_action("societies.seat.removed", actor=actor, obj=seat, comment=comment, data=data)
        seat.delete()


def _sync_secretary_general_full_time(society: Society, actor) -> None:
    """Society.secretary_general_full_time mirrors the sitting secretary-general's flag (R-GOV-04)."""
    sitting = Officer.objects.filter(
        society=society, position=OfficerPosition.SECRETARY_GENERAL, ends_on__isnull=True
    ).first()
    value = bool(sitting and sitting.full_time)
    locked = Society.objects.select_for_update().get(pk=society.pk)
    if locked.secretary_general_full_time != value:
        locked.secretary_general_full_time = value
        attribute_change(locked, actor=actor, reason="secretary-general")
        locked.save(update_fields=["secretary_general_full_time"])
        log_action(
            "societies.society.sg_full_time_synced",
            actor=actor,
            obj=locked,
            data={"secretary_general_full_time": value, "officer": sitting.pk if sitting else None},
        )
    society.secretary_general_full_time = value


SINGLE_SEAT_POSITIONS = (
    OfficerPosition.PRESIDENT,
    OfficerPosition.SECRETARY_GENERAL,
    OfficerPosition.CHIEF_SUPERVISOR,
)


def appoint_officer(
    *,
    actor,
    society: Society,
    person,
    position: str,
    starts_on: date,
    full_time: bool = False,
    term: Term | None = None,
    comment: str = "",
) -> Officer:
    """Record a responsible person taking office. A new president, secretary-general or chief supervisor
    replaces the sitting one (whose office ends the day the new one starts). The society's
    secretary-general full-time flag follows the sitting secretary-general (R-GOV-04)."""
    _require_change(actor, society)
    if position not in OfficerPosition.values:
        raise DomainError(_("Unknown position."), field="position")
    if term is not None and term.body.society_id != society.pk:
        raise refuse_crossing(
            actor,
            _("This term belongs to another society."),
            field="term",
            model=type(term),
            value=term,
            society=society.pk,
        )
    if _under_sanction(person, starts_on):
        raise DomainError(
            _("%(name)s is under an active academic sanction.") % {"name": person.name},
            rule="R-ETH-02",
            field="person",
        )
    with transaction.atomic():
        Society.objects.select_for_update().get(pk=society.pk)
        if Officer.objects.filter(
            society=society, person=person, position=position, ends_on__isnull=True
        ).exists():
            raise DomainError(_("This person already holds this office."), field="person")
        replaced = None
        if position in SINGLE_SEAT_POSITIONS:
            replaced = Officer.objects.filter(
                society=society, position=position, ends_on__isnull=True
            ).first()
            if replaced:
                if starts_on <= replaced.starts_on:
                    raise DomainError(
                        _("The new officer must start after the sitting one (%(d)s).")
                        % {"d": replaced.starts_on.isoformat()},
                        field="starts_on",
                    )
                replaced.ends_on = starts_on
                replaced.save(update_fields=["ends_on"])
        officer = Officer.objects.create(
            society=society,
            term=term,
            person=person,
            position=position,
            full_time=full_time,
            starts_on=starts_on,
        )
        log_action(
            "societies.officer.appointed",
            actor=actor,
            obj=officer,
            comment=comment,
            data={
                "position": position,
                "person": person.pk,
                "full_time": full_time,
                "starts_on": starts_on.isoformat(),
                "replaced": replaced.pk if replaced else None,
            },
        )
        if position == OfficerPosition.SECRETARY_GENERAL:
            _sync_secretary_general_full_time(society, actor)
    return officer


def end_officer(*, actor, officer: Officer, ends_on: date, comment: str = "") -> Officer:
    """Record that an officer left office (with the reason)."""
    _require_change(actor, officer.society)
    if officer.ends_on is not None:
        raise DomainError(_("This office has already ended."), field="ends_on")
    if ends_on < officer.starts_on:
        raise DomainError(_("An office cannot end before it started."), field="ends_on")
    if not comment.strip():
        raise DomainError(_("Give the reason the office ends."), field="comment")
    with transaction.atomic():
        locked = Officer.objects.select_for_update().get(pk=officer.pk)
        locked.ends_on = ends_on
        locked.save(update_fields=["ends_on"])
        log_action(
            "societies.officer.ended",
            actor=actor,
            obj=locked,
            comment=comment,
            data={"ends_on": ends_on.isoformat()},
        )
        if locked.position == OfficerPosition.SECRETARY_GENERAL:
            _sync_secretary_general_full_time(locked.society, actor)
    return locked


def set_officer_full_time(*, actor, officer: Officer, full_time: bool, comment: str = "") -> Officer:
    """Change whether a sitting officer works full-time (for the secretary-general: R-GOV-04)."""
    _require_change(actor, officer.society)
    if officer.ends_on is not None:
        raise DomainError(_("This office has already ended."), field="full_time")
    with transaction.atomic():
        locked = Officer.objects.select_for_update().get(pk=officer.pk)
        if locked.full_time != full_time:
            locked.full_time = full_time
            locked.save(update_fields=["full_time"])
            log_action(
                "societies.officer.full_time_changed",
                actor=actor,
                obj=locked,
                comment=comment,
                data={"full_time": full_time},
            )
        if locked.position == OfficerPosition.SECRETARY_GENERAL:
            _sync_secretary_general_full_time(locked.society, actor)
    return locked


def next_charter_version(society: Society) -> int:
    return (society.charters.aggregate(v=Max("version"))["v"] or 0) + 1
