"""A membership's life after joining: lapse, renew, withdraw, expel (Membership.workflow)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.errors import DomainError

from ..models import Membership
from .common import _require_decider, _today, one_year_after


def change_membership_status(*, actor, membership: Membership, action: str, comment: str = "") -> Membership:
    """lapse / renew / withdraw / expel through Membership.workflow. The member may withdraw themself;
    everything else is the society's secretariat's or CAST's."""
    if action not in Membership.workflow.transitions:
        raise DomainError(_("Unknown membership action."), field="action")
    own = membership.person.user_id is not None and membership.person.user_id == getattr(actor, "pk", None)
    if not (action == "withdraw" and own):
        _require_decider(actor, membership.society)

    changes = {}
    if action == "renew":
        changes["valid_until"] = one_year_after(max(_today(), membership.valid_until or _today()))
    try:
        with transaction.atomic():
            return Membership.workflow.apply(
                membership, action, actor=actor, comment=comment, changes=changes
            )
    except IntegrityError as exc:
        if "one_active_membership_per_society" in str(exc):
            raise DomainError(
                _("This person already holds another active membership of this society."),
                rule="R-MEM-01",
                field="status",
            ) from exc
        raise
