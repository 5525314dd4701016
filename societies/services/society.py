"""The society itself: CAST registers it and changes its legal status; the secretariat edits its profile."""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import DECIDE, require
from core.audit import log_action
from core.errors import DomainError
from core.history import apply_changes, attribute_change

from ..choices import Discipline
from ..models import Society
from ..validators import validate_credit_code
from .common import PROFILE_FIELDS, _clean_scope, _plain, _require_change

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
        diff = apply_changes(locked, changes, shown=_plain)
        if diff:
            attribute_change(locked, actor=actor, reason=comment or "profile")
            locked.save(update_fields=list(diff))
            log_action(
                "societies.society.profile_changed", actor=actor, obj=locked, comment=comment, data=diff
            )
    return locked
