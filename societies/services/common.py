"""Helpers the society services share: the secretariat's right, scope codes, plain audit values."""

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import CHANGE, require
from core.disciplines import parse_codes
from core.disciplines import unknown as unknown_codes
from core.errors import DomainError

from ..models import Society

# Fields of the society a secretary (or CAST) edits; status and code are not among them.
PROFILE_FIELDS = (
    "name",
    "name_en",
    "discipline",
    "credit_code",
    "founded_on",
    "business_scope",
    "business_scope_text",
    "website",
    "email",
    "phone",
    "address",
)


# What registering a society takes (POST societies/, CAST's registration form).


CHANGE_REFUSED = gettext_lazy("Only the society's secretaries and CAST change its records.")


def _require_change(actor, society: Society) -> None:
    require(actor, society, CHANGE, CHANGE_REFUSED)


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


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value
