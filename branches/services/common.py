"""Shared by the branch services: the editable fields, who may act, input cleaning."""

from django.utils.translation import gettext as _

from core.access import CHANGE, DECIDE, require
from core.errors import DomainError

from .. import rules

BRANCH_FIELDS = ("name", "kind", "business_scope", "purpose")
RESOLUTION_FIELDS = ("body", "held_on", "seats", "present", "votes_for", "votes_against", "abstain")


# --- who -------------------------------------------------------------------------------------------


def _require_secretary(user, society) -> None:
    """The society's secretariat proposes; CAST decides the proposal and does not also make it."""
    require(
        user, society, CHANGE, _("Only the society's secretariat proposes its branch offices."), cast=False
    )


def _require_runner(user, branch) -> None:
    """The society's secretariat or the branch's own officer: a branch's officers are not CAST's."""
    require(
        user,
        branch,
        CHANGE,
        _("Only the society's secretariat or the branch's own officer does this."),
        cast=False,
    )


def _require_cast(user) -> None:
    require(user, None, DECIDE, _("Only CAST administrators decide on branch offices."))


def _clean_data(data: dict, allowed) -> dict:
    rules.check_no_nesting_keys(data)
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise DomainError(_("Unknown field “%(field)s”.") % {"field": unknown[0]}, field=unknown[0])
    out = dict(data)
    if "name" in out:
        out["name"] = (out["name"] or "").strip()
    if "business_scope" in out:
        out["business_scope"] = [str(c).strip() for c in out["business_scope"] or [] if str(c).strip()]
    return out
