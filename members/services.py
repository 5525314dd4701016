"""State changes of people, memberships, applications, identity changes, credit and training records.

One function per state change. Each checks the rule (DomainError naming the field and rule ID),
runs in one transaction, writes the audit trail and queues mail with `transaction.on_commit`.
Web views, API viewsets and the demo call these; none of them re-implements a rule.
"""

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import Role, reach_of
from accounts.services import create_user
from core.audit import log_action
from core.errors import DomainError
from societies.choices import SocietyStatus

from .choices import (
    FLAGGED_REGIONS,
    ApplicationStatus,
    CreditKind,
    Gender,
    IdType,
    MembershipCategory,
    MembershipStatus,
    MembershipTier,
    Region,
    Sector,
    TrainingKind,
)
from .models import (
    IDENTITY_FIELDS,
    CreditRecord,
    Membership,
    MembershipApplication,
    Person,
    ProfileChangeRequest,
    TrainingRecord,
)
from .permissions import can_decide_for_society, can_write_credit_records
from .validators import validate_id_number

# Profile fields a member changes directly (history kept by simple_history); identity fields wait.
PROFILE_FIELDS = (
    "gender",
    "birth_date",
    "region",
    "employer",
    "sector",
    "title",
    "disciplines",
    "email",
    "phone",
)
_CHOICES = {
    "gender": Gender.values,
    "region": Region.values,
    "sector": Sector.values,
    "id_type": IdType.values,
}


# --------------------------------------------------------------------------- helpers


def _today() -> date:
    return timezone.localdate()


def one_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _check_choice(field: str, value, allowed) -> None:
    if value not in allowed:
        raise DomainError(_("“%(value)s” is not a valid choice.") % {"value": value}, field=field)


def _clean_id(id_type: str, id_number: str, *, exclude_pk=None) -> str:
    """Normalize and check an identity document number: shape, checksum, not held by someone else."""
    _check_choice("id_type", id_type, IdType.values)
    number = (id_number or "").strip().upper()
    if not number:
        return ""
    try:
        validate_id_number(id_type, number)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="id_number") from exc
    taken = Person.objects.filter(id_type=id_type, id_number=number)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise DomainError(_("Another person is registered with this ID number."), field="id_number")
    return number


def _validated_profile(person: Person, data: dict) -> dict:
    """The non-identity changes in `data` that differ from `person`, validated."""
    changes = {}
    for field in PROFILE_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if value is None and field not in ("birth_date",):
            value = [] if field == "disciplines" else ""
        if field in _CHOICES and value != "":
            _check_choice(field, value, _CHOICES[field])
        if field == "region" and value == "":
            raise DomainError(_("Choose a region."), field="region")
        if field == "disciplines":
            if isinstance(value, str):
                value = [c.strip() for c in value.replace("，", ",").split(",") if c.strip()]
            if not all(isinstance(c, str) and c.isdigit() for c in value):
                raise DomainError(_("Discipline codes are digits (GB/T 13745)."), field="disciplines")
        if getattr(person, field) != value:
            changes[field] = value
    probe = Person(**{f: getattr(person, f) for f in PROFILE_FIELDS}, name=person.name or "x")
    for field, value in changes.items():
        setattr(probe, field, value)
    try:
        probe.clean_fields(exclude=[f.name for f in Person._meta.fields if f.name not in changes])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(" ".join(messages), field=field) from exc
    if "birth_date" in changes and changes["birth_date"] and changes["birth_date"] > _today():
        raise DomainError(_("The birth date lies in the future."), field="birth_date")
    return changes


def _jsonable(value):
    return value.isoformat() if isinstance(value, date) else value


def _send(subject: str, body: str, to: str) -> None:
    if to:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=True)


def _applicant_email(application: MembershipApplication) -> tuple[str, str]:
    user = application.applicant or application.person.user
    email = application.person.email or (user.email if user else "")
    language = getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE
    return email, language


# --------------------------------------------------------------------------- people


@transaction.atomic
def create_person(
    *, actor, name: str, id_type: str = IdType.MAINLAND_ID, id_number: str = "", user=None, **fields
):
    """Create a person profile (used by registration, the secretaries' import and the officer forms)."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("A name is required."), field="name")
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise DomainError(_("Unknown field."), field=sorted(unknown)[0])
    number = _clean_id(id_type, id_number)
    person = Person(name=name, id_type=id_type, id_number=number, user=user, region=Region.MAINLAND)
    for field, value in _validated_profile(person, fields).items():
        setattr(person, field, value)
    person._history_user = actor if getattr(actor, "is_authenticated", False) else None
    person.save()
    log_action(
        "members.person.created",
        actor=actor,
        obj=person,
        data={"region": person.region, "linked_user": getattr(user, "pk", None)},
    )
    return person


@transaction.atomic
def register_visitor(
    *, username: str, password: str, email: str, name: str, id_type: str, id_number: str, **profile
):
    """A visitor opens an account to apply for membership: a User with the member role and a Person."""
    if not email:
        raise DomainError(_("An email address is required to receive decisions."), field="email")
    number = _clean_id(id_type, id_number)  # before the account exists, so nothing is half written
    user = create_user(actor=None, username=username, password=password, email=email, name=name)
    from accounts.services import grant_role

    grant_role(actor=user, user=user, role=Role.MEMBER)
    person = create_person(
        actor=user, name=name, id_type=id_type, id_number=number, user=user, email=email, **profile
    )
    log_action("members.person.registered", actor=user, obj=person, data={"username": username})
    return user


def link_person_to_user(*, actor, person: Person, user) -> Person:
    """Tie an existing profile to an account (demo, CAST administration)."""
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if locked.user_id and locked.user_id != user.pk:
            raise DomainError(_("This profile belongs to another account."), field="user")
        locked.user = user
        locked.save(update_fields=["user"])
        log_action("members.person.linked", actor=actor, obj=locked, data={"user": user.pk})
    return locked


# --------------------------------------------------------------------------- applications


def apply_for_membership(
    *,
    actor,
    society,
    person: Person,
    tier: str = MembershipTier.ORDINARY,
    category: str = MembershipCategory.INDIVIDUAL,
    statement: str = "",
) -> MembershipApplication:
    """Submit an application to join `society`. One active membership or open application per society
    (R-MEM-01); HK, Macao, Taiwan and foreign applicants are flagged for explicit approval (R-MEM-02)."""
    if not (person.user_id and person.user_id == getattr(actor, "pk", None)) and not can_decide_for_society(
        actor, society
    ):
        raise PermissionDenied(_("You may only apply for yourself."))
    _check_choice("tier", tier, MembershipTier.values)
    _check_choice("category", category, MembershipCategory.values)
    if society.status != SocietyStatus.ACTIVE:
        raise DomainError(_("This society does not accept applications at present."), field="society")
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)  # serializes concurrent applications
        if Membership.objects.filter(society=society, person=locked, status=MembershipStatus.ACTIVE).exists():
            raise DomainError(
                _("You already hold an active membership of %(society)s.") % {"society": society.name},
                rule="R-MEM-01",
                field="society",
            )
        if MembershipApplication.objects.filter(
            society=society, person=locked, status=ApplicationStatus.SUBMITTED
        ).exists():
            raise DomainError(
                _("An application to %(society)s is already waiting for a decision.")
                % {"society": society.name},
                rule="R-MEM-01",
                field="society",
            )
        application = MembershipApplication.objects.create(
            society=society,
            person=locked,
            applicant=actor if locked.user_id == getattr(actor, "pk", None) else locked.user,
            tier=tier,
            category=category,
            statement=statement or "",
            needs_explicit_approval=locked.region in FLAGGED_REGIONS,
        )
        log_action(
            "members.membershipapplication.submitted",
            actor=actor,
            obj=application,
            to_status=ApplicationStatus.SUBMITTED,
            data={"tier": tier, "category": category, "flagged": application.needs_explicit_approval},
        )
        transaction.on_commit(lambda: notify_submitted(application.pk))
    return application


def _next_number(society) -> str:
    """`CCS-2026-000123`: society code, year, sequence. Caller holds the society row lock."""
    prefix = f"{society.code.upper()}-{_today().year}-"
    last = (
        Membership.objects.filter(society=society, number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    try:
        seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    except ValueError:
        seq = Membership.objects.filter(society=society).count() + 1
    return f"{prefix}{seq:06d}"


def _create_active_membership(*, actor, society, person, tier, category) -> Membership:
    from societies.models import Society

    Society.objects.select_for_update().get(pk=society.pk)  # one number at a time per society
    today = _today()
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                society=society,
                person=person,
                tier=tier,
                category=category,
                status=MembershipStatus.ACTIVE,
                number=_next_number(society),
                joined_on=today,
                valid_until=one_year_after(today),
            )
    except IntegrityError as exc:
        if "one_active_membership_per_society" in str(exc):
            raise DomainError(
                _("%(person)s already holds an active membership of %(society)s.")
                % {"person": person.name, "society": society.name},
                rule="R-MEM-01",
                field="person",
            ) from exc
        raise
    log_action(
        "members.membership.created",
        actor=actor,
        obj=membership,
        to_status=MembershipStatus.ACTIVE,
        data={"number": membership.number, "tier": tier, "category": category},
    )
    return membership


def _require_decider(actor, society) -> None:
    if not can_decide_for_society(actor, society):
        raise PermissionDenied(_("Only the society's secretariat or CAST decides this."))


def approve_application(
    *, actor, application: MembershipApplication, comment: str = "", confirm_flagged: bool = False
) -> MembershipApplication:
    """Approve: create the active membership (numbered, joined today, valid one year) and notify."""
    _require_decider(actor, application.society)
    workflow = MembershipApplication.workflow
    with transaction.atomic():
        locked = (
            MembershipApplication.objects.select_for_update()
            .select_related("society", "person")
            .get(pk=application.pk)
        )
        if not workflow.can(locked, "approve"):
            # let the workflow raise its 409 with the current status
            return workflow.apply(locked, "approve", actor=actor, comment=comment)
        if locked.needs_explicit_approval and not confirm_flagged:
            raise DomainError(
                _(
                    "This applicant is from Hong Kong, Macao, Taiwan or abroad: confirm explicitly that you "
                    "approve the application."
                ),
                rule="R-MEM-02",
                field="confirm_flagged",
            )
        membership = _create_active_membership(
            actor=actor,
            society=locked.society,
            person=locked.person,
            tier=locked.tier,
            category=locked.category,
        )
        approved = workflow.apply(
            locked,
            "approve",
            actor=actor,
            comment=comment,
            changes={
                "decided_at": timezone.now(),
                "decided_by": actor,
                "decision_comment": comment or "",
                "membership": membership,
            },
            data={
                "membership": membership.pk,
                "number": membership.number,
                "confirmed_flagged": confirm_flagged,
            },
            on_commit=lambda: notify_decided(application.pk),
        )
    return approved


def reject_application(
    *, actor, application: MembershipApplication, comment: str = "", confirm_flagged: bool = False
) -> MembershipApplication:
    """Reject with a reason the applicant will read. (`confirm_flagged` is accepted for symmetry:
    the explicit confirmation of R-MEM-02 is needed to admit, not to refuse.)"""
    _require_decider(actor, application.society)
    workflow = MembershipApplication.workflow

    def check(locked):
        if not (comment or "").strip():
            raise DomainError(_("Give the applicant a reason for the rejection."), field="comment")

    return workflow.apply(
        application,
        "reject",
        actor=actor,
        comment=comment,
        check=check,
        changes={"decided_at": timezone.now(), "decided_by": actor, "decision_comment": comment or ""},
        on_commit=lambda: notify_decided(application.pk),
    )


def notify_submitted(application_pk: int) -> None:
    application = MembershipApplication.objects.select_related("society", "person", "applicant").get(
        pk=application_pk
    )
    email, language = _applicant_email(application)
    with translation.override(language):
        subject = _("Your application to %(society)s was received") % {"society": application.society.name}
        body = _(
            "Dear %(name)s,\n\nYour application to join %(society)s has been received and is waiting for "
            "the secretariat's decision. You can follow it under “My memberships” in the portal.\n"
        ) % {"name": application.person.name, "society": application.society.name}
    _send(subject, body, email)


def notify_decided(application_pk: int) -> None:
    application = MembershipApplication.objects.select_related(
        "society", "person", "applicant", "membership"
    ).get(pk=application_pk)
    email, language = _applicant_email(application)
    names = {"name": application.person.name, "society": application.society.name}
    with translation.override(language):
        if application.status == ApplicationStatus.APPROVED:
            subject = _("Welcome to %(society)s") % names
            body = _(
                "Dear %(name)s,\n\nYour application to join %(society)s has been approved. "
                "Your membership number is %(number)s, valid until %(until)s.\n"
            ) % {
                **names,
                "number": application.membership.number,
                "until": application.membership.valid_until.isoformat(),
            }
        else:
            subject = _("Your application to %(society)s was not accepted") % names
            body = _("Dear %(name)s,\n\nYour application to join %(society)s was not accepted.\n") % names
        if application.decision_comment:
            body += "\n" + _("Comment of the secretariat: %(comment)s") % {
                "comment": application.decision_comment
            }
    _send(subject, body, email)


# --------------------------------------------------------------------------- memberships


def change_membership_status(*, actor, membership: Membership, action: str, comment: str = "") -> Membership:
    """lapse / renew / withdraw / expel through Membership.workflow. The member may withdraw themself;
    everything else is the society's secretariat's or CAST's."""
    if action not in Membership.workflow.transitions:
        raise DomainError(_("Unknown membership action."), field="action")
    own = membership.person.user_id is not None and membership.person.user_id == getattr(actor, "pk", None)
    if not (action == "withdraw" and own):
        _require_decider(actor, membership.society)

    def check(locked):
        if action == "expel" and not (comment or "").strip():
            raise DomainError(_("Give the reason for the expulsion."), field="comment")

    changes = {}
    if action == "renew":
        changes["valid_until"] = one_year_after(max(_today(), membership.valid_until or _today()))
    try:
        with transaction.atomic():
            return Membership.workflow.apply(
                membership, action, actor=actor, comment=comment, check=check, changes=changes
            )
    except IntegrityError as exc:
        if "one_active_membership_per_society" in str(exc):
            raise DomainError(
                _("This person already holds another active membership of this society."),
                rule="R-MEM-01",
                field="status",
            ) from exc
        raise


# --------------------------------------------------------------------------- profile (R-MEM-03)


def update_own_profile(*, actor, person: Person, data: dict) -> tuple[Person, ProfileChangeRequest | None]:
    """A member edits their own profile. Non-identity fields are saved at once (kept in history);
    a change of name or ID goes to the secretariat as a ProfileChangeRequest (R-MEM-03)."""
    if not person.user_id or person.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("You may only edit your own profile."))
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        changes = _validated_profile(locked, data)
        identity = {}
        new_name = (data.get("name", locked.name) or "").strip()
        new_type = data.get("id_type", locked.id_type) or locked.id_type
        new_number = (data.get("id_number", locked.id_number) or "").strip().upper()
        if not new_name:
            raise DomainError(_("A name is required."), field="name")
        if new_name != locked.name:
            identity["name"] = [locked.name, new_name]
        if (new_type, new_number) != (locked.id_type, locked.id_number):
            new_number = _clean_id(new_type, new_number, exclude_pk=locked.pk)
            if new_type != locked.id_type:
                identity["id_type"] = [locked.id_type, new_type]
            if new_number != locked.id_number:
                identity["id_number"] = [locked.id_number, new_number]
        request = None
        if identity:
            if locked.change_requests.filter(status="pending").exists():
                raise DomainError(
                    _("A change of your name or ID is already waiting for the secretariat's confirmation."),
                    rule="R-MEM-03",
                    field=next(iter(identity)),
                )
            request = ProfileChangeRequest.objects.create(person=locked, requested_by=actor, changes=identity)
            log_action(
                "members.profilechangerequest.submitted",
                actor=actor,
                obj=request,
                to_status="pending",
                data={"fields": sorted(identity)},
            )
        if changes:
            old = {f: _jsonable(getattr(locked, f)) for f in changes}
            for field, value in changes.items():
                setattr(locked, field, value)
            locked._history_user = actor
            locked._change_reason = "self-service"
            locked.save(update_fields=list(changes))
            log_action(
                "members.person.updated",
                actor=actor,
                obj=locked,
                data={"old": old, "new": {f: _jsonable(v) for f, v in changes.items()}},
            )
    return locked, request


def can_decide_change_request(user, change_request: ProfileChangeRequest) -> bool:
    reach = reach_of(user)
    if reach.cast_admin:
        return True
    return Membership.objects.filter(
        person_id=change_request.person_id, status=MembershipStatus.ACTIVE, society_id__in=reach.secretary_of
    ).exists()


def confirm_change_request(
    *, actor, change_request: ProfileChangeRequest, comment: str = ""
) -> ProfileChangeRequest:
    """The secretariat confirms a change of name/ID: the person's record changes (history kept)."""
    if not can_decide_change_request(actor, change_request):
        raise PermissionDenied(_("Only a secretariat of this member's society or CAST confirms this."))
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=change_request.person_id)
        new = {
            field: values[1] for field, values in change_request.changes.items() if field in IDENTITY_FIELDS
        }

        def check(locked):
            id_type = new.get("id_type", person.id_type)
            number = new.get("id_number", person.id_number)
            if "id_type" in new or "id_number" in new:
                _clean_id(id_type, number, exclude_pk=person.pk)

        confirmed = ProfileChangeRequest.workflow.apply(
            change_request,
            "confirm",
            actor=actor,
            comment=comment,
            check=check,
            changes={"decided_by": actor, "decided_at": timezone.now(), "comment": comment or ""},
            data={"changes": change_request.changes},
        )
        for field, value in new.items():
            setattr(person, field, value)
        person._history_user = actor
        person._change_reason = f"identity change request {change_request.pk}"
        person.save(update_fields=list(new))
        if "name" in new and person.user_id:
            from accounts.models import User

            User.objects.filter(pk=person.user_id).update(name=new["name"])
        log_action(
            "members.person.identity_changed",
            actor=actor,
            obj=person,
            data={"request": change_request.pk, "changes": change_request.changes},
        )
    return confirmed


def reject_change_request(
    *, actor, change_request: ProfileChangeRequest, comment: str = ""
) -> ProfileChangeRequest:
    if not can_decide_change_request(actor, change_request):
        raise PermissionDenied(_("Only a secretariat of this member's society or CAST decides this."))

    def check(locked):
        if not (comment or "").strip():
            raise DomainError(_("Give the member a reason for the rejection."), field="comment")

    return ProfileChangeRequest.workflow.apply(
        change_request,
        "reject",
        actor=actor,
        comment=comment,
        check=check,
        changes={"decided_by": actor, "decided_at": timezone.now(), "comment": comment or ""},
    )


# --------------------------------------------------------------------------- credit and training


def record_credit(
    *,
    actor,
    person: Person,
    kind: str,
    summary: str,
    starts_on: date,
    source_document: str,
    ends_on: date | None = None,
    source_file=None,
) -> CreditRecord:
    """An academic credit record with its source document. CAST administrators only (R-ETH-01)."""
    if not can_write_credit_records(actor):
        raise PermissionDenied(_("Only CAST administrators record academic credit (R-ETH-01)."))
    _check_choice("kind", kind, CreditKind.values)
    if not (summary or "").strip():
        raise DomainError(_("Describe the finding or sanction."), field="summary")
    if not (source_document or "").strip():
        raise DomainError(
            _("Name the source document (decision, file number)."), rule="R-ETH-01", field="source_document"
        )
    if starts_on is None:
        raise DomainError(_("Give the start date."), field="starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(_("The period ends before it starts."), field="ends_on")
    with transaction.atomic():
        record = CreditRecord(
            person=person,
            kind=kind,
            summary=summary.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            source_document=source_document.strip(),
            recorded_by=actor,
        )
        if source_file:
            record.source_file = source_file
        record._history_user = actor
        record.save()
        log_action(
            "members.creditrecord.recorded",
            actor=actor,
            obj=record,
            data={
                "person": person.pk,
                "kind": kind,
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat() if ends_on else None,
                "source_document": record.source_document,
            },
        )
    return record


def record_training(
    *, actor, person: Person, kind: str, course: str, attended_on: date, hours, society=None
) -> TrainingRecord:
    """Attendance of new-leader, secretary-general rotation or staff training (R-TR-01). CAST records it."""
    if not reach_of(actor).cast_admin:
        raise PermissionDenied(_("Only CAST administrators record training attendance."))
    _check_choice("kind", kind, TrainingKind.values)
    if not (course or "").strip():
        raise DomainError(_("Name the course."), field="course")
    if attended_on is None:
        raise DomainError(_("Give the date."), field="attended_on")
    if attended_on > _today() + timedelta(days=1):
        raise DomainError(_("Attendance cannot be recorded for a future date."), field="attended_on")
    try:
        hours = Decimal(str(hours))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Hours must be a number."), field="hours") from None
    hours = hours.quantize(Decimal("0.1")) if hours.is_finite() else hours
    if not hours.is_finite() or hours <= 0 or hours > 1000:
        raise DomainError(_("Hours must be more than 0."), field="hours")
    with transaction.atomic():
        record = TrainingRecord.objects.create(
            person=person,
            society=society,
            kind=kind,
            course=course.strip(),
            attended_on=attended_on,
            hours=hours,
            recorded_by=actor,
        )
        log_action(
            "members.trainingrecord.recorded",
            actor=actor,
            obj=record,
            data={
                "person": person.pk,
                "kind": kind,
                "attended_on": attended_on.isoformat(),
                "hours": str(hours),
            },
        )
    return record
