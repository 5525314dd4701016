"""A member's own profile (R-MEM-03): direct edits kept in history, and identity changes (name, ID,
region) that wait as a ProfileChangeRequest for the secretariat's confirmation or rejection."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.email_verification import request_email_change
from accounts.models import User
from core.audit import log_action
from core.errors import DomainError
from core.history import attribute_change

from ..choices import FLAGGED_REGIONS, ApplicationStatus, Region
from ..models import IDENTITY_FIELDS, MembershipApplication, Person, ProfileChangeRequest
from ..permissions import can_decide_change_request
from .common import _check_choice, _jsonable
from .people import _clean_id, _validated_profile


def update_own_profile(*, actor, person: Person, data: dict) -> tuple[Person, ProfileChangeRequest | None]:
    """A member edits their own profile. Non-identity fields are saved at once (kept in history);
    a change of name, ID or region (the region decides the R-MEM-02 flag) goes to the secretariat as a
    ProfileChangeRequest (R-MEM-03)."""
    if not person.user_id or person.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("You may only edit your own profile."))
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        data, new_email = _new_email(locked, data)
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
        new_region = _validated_profile(locked, data, ("region",)).get("region")
        if new_region is not None:
            identity["region"] = [locked.region, new_region]
        request = None
        if identity:
            if locked.change_requests.filter(status="pending").exists():
                raise DomainError(
                    _(
                        "A change of your name, ID or region is already waiting for the secretariat's "
                        "confirmation."
                    ),
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
            attribute_change(locked, actor=actor, reason="self-service")
            locked.save(update_fields=list(changes))
            log_action(
                "members.person.updated",
                actor=actor,
                obj=locked,
                data={"old": old, "new": {f: _jsonable(v) for f, v in changes.items()}},
            )
        if new_email:
            request_email_change(actor=actor, user=locked.user, email=new_email)
    return locked, request


def _new_email(person: Person, data: dict) -> tuple[dict, str]:
    """A new e-mail address is not saved with the profile: it is verified first (the link goes to it, the
    old address stays in use until it is opened). Returns the data without it, and the new address (or
    ""). Clearing the address, or giving the same one, is an ordinary change."""
    if "email" not in data:
        return data, ""
    new = (data.get("email") or "").strip()
    if not new or new.lower() == (person.email or "").lower():
        return data, ""
    try:
        validate_email(new)
    except ValidationError:
        raise DomainError(_("Enter a valid email address."), field="email") from None
    return {**data, "email": person.email}, new


def confirm_change_request(
    *, actor, change_request: ProfileChangeRequest, comment: str = ""
) -> ProfileChangeRequest:
    """The secretariat confirms a change of name/ID/region: the person's record changes (history kept)."""
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
            if "region" in new:
                _check_choice("region", new["region"], Region.values)

        confirmed = ProfileChangeRequest.workflow.apply(
            change_request,
            "confirm",
            actor=actor,
            comment=comment,
            check=check,
            data={"changes": change_request.changes},
        )
        for field, value in new.items():
            setattr(person, field, value)
        attribute_change(person, actor=actor, reason=f"identity change request {change_request.pk}")
        person.save(update_fields=list(new))
        if "name" in new and person.user_id:
            User.objects.filter(pk=person.user_id).update(name=new["name"])
        if "region" in new:
            # R-MEM-02: undecided applications follow the confirmed region.
            MembershipApplication.objects.filter(person=person, status=ApplicationStatus.SUBMITTED).update(
                needs_explicit_approval=new["region"] in FLAGGED_REGIONS
            )
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

    return ProfileChangeRequest.workflow.apply(
        change_request,
        "reject",
        actor=actor,
        comment=comment,
    )
