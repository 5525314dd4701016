"""State changes of a society and its governance. Each is one function, used by the web view and the API
alike: check the rule (DomainError with its ID), lock, save the changed fields, audit."""

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import CHANGE, DECIDE, require
from core.audit import log_action
from core.disciplines import parse_codes
from core.disciplines import unknown as unknown_codes
from core.errors import DomainError
from core.history import attribute_change

from .choices import BodyKind, Discipline, OfficerPosition, TermStatus
from .models import CharterVersion, GovernanceBody, Officer, Seat, Society, Term
from .validators import validate_credit_code

# Fields of the society a secretary (or CAST) edits; status and code are not among them.
PROFILE_FIELDS = (
    "name",
    "name_en",
    "discipline",
    "credit_code",
    "founded_on",
    "business_scope",
    "business_scope_text",
)


# What registering a society takes (POST societies/, CAST's registration form).
REGISTRATION_FIELDS = ("code", *PROFILE_FIELDS)
_CODE_SHAPE = re.compile(r"[a-z][a-z0-9-]{1,31}")


def register_society(*, actor, comment: str = "", **fields) -> Society:
    """CAST registers a national society under its supervision (API `POST societies/`, the registration
    page). Every field is checked before anything is written, and all faults are reported at once, each on
    its field: code (short lowercase letters, digits, hyphens; unique), name (unique), discipline group,
    credit code (GB 32100-2015 checksum; unique) and scope (known GB/T 13745 codes, at least one)."""
    require(actor, None, DECIDE, _("Only CAST administrators register societies."))
    unknown = set(fields) - set(REGISTRATION_FIELDS)
    if unknown:
        raise DomainError(_("Unknown field."), field=sorted(unknown)[0])
    errors: dict[str, list[str]] = {}
    data: dict[str, Any] = {f: fields.get(f) for f in REGISTRATION_FIELDS}
    for text in ("code", "name", "name_en", "credit_code", "business_scope_text"):
        data[text] = (data[text] or "").strip()
    data["code"] = data["code"].lower()
    data["credit_code"] = data["credit_code"].upper()
    if not _CODE_SHAPE.fullmatch(data["code"]):
        errors["code"] = [
            _("Use 2 to 32 lowercase letters, digits or hyphens, starting with a letter (e.g. ccs).")
        ]
    elif Society.objects.filter(code=data["code"]).exists():
        errors["code"] = [_("Another society already has this code.")]
    if not data["name"]:
        errors["name"] = [_("The society needs a name.")]
    elif len(data["name"]) > (Society._meta.get_field("name").max_length or 100):
        errors["name"] = [_("The name is too long.")]
    elif Society.objects.filter(name=data["name"]).exists():
        errors["name"] = [_("Another society already has this name.")]
    if data["discipline"] not in Discipline.values:
        errors["discipline"] = [_("Choose a discipline group.")]
    try:
        validate_credit_code(data["credit_code"])
    except ValidationError as exc:
        errors["credit_code"] = list(exc.messages)
    else:
        if Society.objects.filter(credit_code=data["credit_code"]).exists():
            errors["credit_code"] = [
                _("Another society is registered under this unified social credit code.")
            ]
    try:
        data["business_scope"] = _clean_scope(data["business_scope"] or [])
        if not data["business_scope"]:
            errors["business_scope"] = [_("Give at least one GB/T 13745 discipline code.")]
    except DomainError as exc:
        errors["business_scope"] = [str(exc.message)]
    if data["founded_on"] and data["founded_on"] > timezone.localdate():
        errors["founded_on"] = [_("The founding date lies in the future.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        society = Society(**{k: v for k, v in data.items() if v is not None})
        attribute_change(society, actor=actor, reason=comment or "registered")
        try:
            with transaction.atomic():
                society.save()
        except IntegrityError:  # a concurrent registration took a unique value between check and save
            raise DomainError(
                _("Another society was just registered with this code, name or credit code."), field="code"
            ) from None
        log_action(
            "societies.society.registered",
            actor=actor,
            obj=society,
            to_status=society.status,
            comment=comment,
            data={k: _plain(v) for k, v in data.items()},
        )
    return society


def change_society_status(*, actor, society: Society, action: str, comment: str = "") -> Society:
    """Suspend, reinstate or deregister a society (CAST only); a reason is required."""
    require(actor, society, DECIDE, _("Only CAST administrators change a society's status."))
    return Society.workflow.apply(society, action, actor=actor, comment=comment)


def _require_change(actor, society: Society) -> None:
    require(actor, society, CHANGE, _("Only the society's secretaries and CAST change its records."))


def _clean_scope(codes, field: str = "business_scope") -> list[str]:
    if not isinstance(codes, list | tuple):
        raise DomainError(_("The business scope is a list of GB/T 13745 codes."), field=field)
    cleaned = parse_codes(codes)
    bad = unknown_codes(cleaned)
    if bad:
        raise DomainError(
            _("“%(code)s” is not a GB/T 13745 discipline code.") % {"code": bad[0]}, field=field
        )
    return sorted(cleaned)


def update_society_profile(*, actor, society: Society, changes: dict, comment: str = "") -> Society:
    """Edit the society's profile (names, discipline group, credit code, founding date, scope).

    The unified social credit code is checked against GB 32100-2015 and must be unique. Only fields that
    actually change are saved; the audit row records old and new values, simple_history keeps the rows."""
    _require_change(actor, society)
    unknown = set(changes) - set(PROFILE_FIELDS)
    if "status" in unknown:
        raise DomainError(
            _("The status changes only through its actions (suspend, reinstate, deregister)."), field="status"
        )
    if unknown:
        raise DomainError(
            _("These fields cannot be edited here: %(f)s.") % {"f": ", ".join(sorted(unknown))},
            field=sorted(unknown)[0],
        )
    changes = dict(changes)
    if "credit_code" in changes:
        code = (changes["credit_code"] or "").strip().upper()
        try:
            validate_credit_code(code)
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), field="credit_code") from None
        if Society.objects.filter(credit_code=code).exclude(pk=society.pk).exists():
            raise DomainError(
                _("Another society is registered under this unified social credit code."), field="credit_code"
            )
        changes["credit_code"] = code
    if "business_scope" in changes:
        changes["business_scope"] = _clean_scope(changes["business_scope"])
    if "name" in changes:
        changes["name"] = (changes["name"] or "").strip()
        if not changes["name"]:
            raise DomainError(_("The society needs a name."), field="name")
        if Society.objects.filter(name=changes["name"]).exclude(pk=society.pk).exists():
            raise DomainError(_("Another society already has this name."), field="name")
    with transaction.atomic():
        locked = Society.objects.select_for_update().get(pk=society.pk)
        diff = {}
        for field, new in changes.items():
            old = getattr(locked, field)
            if old != new:
                diff[field] = [_plain(old), _plain(new)]
                setattr(locked, field, new)
        if diff:
            attribute_change(locked, actor=actor, reason=comment or "profile")
            locked.save(update_fields=list(diff))
            log_action(
                "societies.society.profile_changed", actor=actor, obj=locked, comment=comment, data=diff
            )
    return locked


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


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


def add_seat(
    *, actor, term: Term, person, birth_year: int | None = None, grassroots: bool = False, sector: str = ""
) -> Seat:
    """Seat a person on a body for a term, with the facts R-GOV-03 asks about. A person under an active
    sanction cannot stand for the council (R-ETH-02); a term's seats cannot be overfilled."""
    from members.sanctions import is_under_sanction

    society = term.body.society
    _require_change(actor, society)
    if term.status != TermStatus.CURRENT:
        raise DomainError(_("Seats are recorded on the current term only."), rule="R-GOV-02", field="term")
    if term.body.kind in (BodyKind.COUNCIL, BodyKind.STANDING_COUNCIL) and is_under_sanction(
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
    _require_change(actor, seat.term.body.society)
    if seat.term.status != TermStatus.CURRENT:
        raise DomainError(_("Seats of a closed term are history and stay as they were."), rule="R-GOV-02")
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
    from members.sanctions import is_under_sanction

    _require_change(actor, society)
    if position not in OfficerPosition.values:
        raise DomainError(_("Unknown position."), field="position")
    if term is not None and term.body.society_id != society.pk:
        raise DomainError(_("This term belongs to another society."), field="term")
    if is_under_sanction(person, starts_on):
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


def import_members(*, actor, society: Society, upload, filename: str):
    """Import members from a CSV/XLSX file: every row is validated first; if any row is bad nothing is
    written and the row errors are returned. Otherwise people are created or linked and memberships
    created in bulk, in one transaction, and the import is audited with its counts."""
    from members import import_export

    _require_change(actor, society)
    with transaction.atomic():
        Society.objects.select_for_update().get(pk=society.pk)  # one import per society at a time
        rows, errors = import_export.read_and_validate(society, upload, filename)
        if errors:
            log_action(
                "members.membership.import_refused",
                actor=actor,
                obj=society,
                data={"file": filename, "rows": len(rows), "errors": len(errors)},
            )
            return import_export.ImportResult(errors=errors, rows=len(rows))
        result = import_export.write_rows(society, rows)
        log_action(
            "members.membership.imported",
            actor=actor,
            obj=society,
            data={
                "file": filename,
                "rows": result.rows,
                "people_created": result.people_created,
                "people_linked": result.people_linked,
                "memberships_created": result.memberships_created,
            },
        )
    return result
