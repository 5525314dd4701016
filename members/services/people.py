"""People: creating a profile, a visitor's registration, linking a profile to an account, and the profile
field checks the other services share."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.email_verification import send_verification
from accounts.services import create_user, grant_role
from core.access import ADMIN, CHANGE, may
from core.audit import log_action
from core.disciplines import parse_codes
from core.errors import DomainError
from core.history import attribute_change
from core.roles import Role, reach_of
from societies.choices import Sector

from .. import models
from ..choices import Gender, IdType, Region
from ..models import IDENTITY_FIELDS, Person, PrivacyConsent
from ..privacy import current_version, last_consent
from ..validators import validate_id_number
from .common import _check_choice, _today

# Fields given when a profile is created, beside the name and the ID (registration, the officer forms).
PERSON_FIELDS = tuple(f for f in models.PERSON_FIELDS if f not in ("name", "id_type", "id_number"))
# Profile fields a member changes directly (history kept by simple_history). The identity fields
# (members.models.IDENTITY_FIELDS: name, ID and region, which decides the R-MEM-02 flag) wait for the
# secretariat's confirmation instead (R-MEM-03).
PROFILE_FIELDS = tuple(f for f in PERSON_FIELDS if f not in IDENTITY_FIELDS)
_CHOICES = {
    "gender": Gender.values,
    "region": Region.values,
    "sector": Sector.values,
    "id_type": IdType.values,
}


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


def _validated_profile(person: Person, data: dict, fields=PROFILE_FIELDS) -> dict:
    """The changes in `data` to `fields` (by default the directly editable ones) that differ from
    `person`, validated."""
    changes = {}
    for field in fields:
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
                value = parse_codes(value)
            if not all(isinstance(c, str) and c.isascii() and c.isdigit() for c in value):
                raise DomainError(_("Discipline codes are digits (GB/T 13745)."), field="disciplines")
        if getattr(person, field) != value:
            changes[field] = value
    probe = Person(**{f: getattr(person, f) for f in fields}, name=person.name or "x")
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


def _require_person_creator(actor, *, user, society) -> None:
    """Who creates a profile: the person for their own account; CAST; a society's secretariat for that
    society (the profile is then registered by it and stays in its view). `actor=None` is the system."""
    if actor is None:
        return
    if user is not None and getattr(user, "pk", None) == getattr(actor, "pk", None):
        return
    if society is not None and may(actor, society, CHANGE):
        return
    if society is None and may(actor, None, ADMIN):
        return
    if society is None and reach_of(actor).secretary_of:
        raise DomainError(_("Name the society whose secretariat registers this person."), field="society")
    raise PermissionDenied(_("Only CAST and the society's secretariat register people."))


@transaction.atomic
def create_person(
    *,
    actor,
    name: str,
    id_type: str = IdType.MAINLAND_ID,
    id_number: str = "",
    user=None,
    society=None,
    **fields,
):
    """Create a person profile (registration, the officer forms, `POST people/`, a secretary adding a
    member). With `society`, the profile is registered by that society's secretariat (see Person)."""
    _require_person_creator(actor, user=user, society=society)
    name = (name or "").strip()
    if not name:
        raise DomainError(_("A name is required."), field="name")
    if len(name) > (Person._meta.get_field("name").max_length or 100) or "\x00" in name:
        raise DomainError(_("A name has at most 100 characters and no control characters."), field="name")
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise DomainError(_("Unknown field."), field=sorted(unknown)[0])
    number = _clean_id(id_type, id_number)
    person = Person(
        name=name,
        id_type=id_type,
        id_number=number,
        user=user,
        region=Region.MAINLAND,
        registered_by_society=society,
    )
    for field, value in _validated_profile(person, fields, PERSON_FIELDS).items():
        setattr(person, field, value)
    attribute_change(person, actor=actor if getattr(actor, "is_authenticated", False) else None)
    person.save()
    log_action(
        "members.person.created",
        actor=actor,
        obj=person,
        data={
            "region": person.region,
            "linked_user": getattr(user, "pk", None),
            "registered_by_society": getattr(society, "pk", None),
        },
    )
    return person


@transaction.atomic
def register_visitor(
    *,
    username: str,
    password: str,
    email: str,
    name: str,
    id_type: str,
    id_number: str,
    consent: bool = False,
    ip: str | None = None,
    **profile,
):
    """A visitor opens an account to apply for membership: a User with the member role and a Person.
    Only with their consent to the personal-data notice (PIPL), recorded with the notice's version, the
    time and the address it came from. The account is limited until the e-mail address is verified
    (accounts.email_verification): the link is mailed after commit."""
    if consent is not True:
        raise DomainError(_("Read the personal-data notice and consent to it to register."), field="consent")
    if not email:
        raise DomainError(_("An email address is required to receive decisions."), field="email")
    number = _clean_id(id_type, id_number)  # before the account exists, so nothing is half written
    user = create_user(actor=None, username=username, password=password, email=email, name=name)
    user.email_verification_required = True
    user.save(update_fields=["email_verification_required"])
    grant_role(actor=user, user=user, role=Role.MEMBER)
    person = create_person(
        actor=user, name=name, id_type=id_type, id_number=number, user=user, email=email, **profile
    )
    consent_row = PrivacyConsent.objects.create(
        user=user, person=person, notice_version=current_version(), ip=ip
    )
    log_action(
        "members.person.registered",
        actor=user,
        obj=person,
        data={
            "username": username,
            "notice_version": consent_row.notice_version,
            "consented_at": consent_row.consented_at.isoformat(),
        },
    )
    send_verification(actor=user, user=user)
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


def consent_again(*, actor, consent: bool, ip: str | None = None) -> PrivacyConsent:
    """A member consents to the version of the personal-data notice now in force (PIPL): recorded like
    the first consent (version, time, address) and audited with the version it replaces."""
    if consent is not True:
        raise DomainError(_("Read the personal-data notice and consent to it to go on."), field="consent")
    previous = last_consent(actor)
    person = Person.objects.filter(user=actor).first()
    row = PrivacyConsent.objects.create(user=actor, person=person, notice_version=current_version(), ip=ip)
    log_action(
        "members.privacyconsent.renewed",
        actor=actor,
        obj=row,
        data={
            "notice_version": row.notice_version,
            "previous_version": previous.notice_version if previous else None,
            "consented_at": row.consented_at.isoformat(),
        },
    )
    return row
