"""A membership's life after joining: lapse, renew, withdraw, expel (Membership.workflow)."""

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
    # A second active membership (renewing next to an active one) is refused by the workflow with the
    # constraint's R-MEM-01 message (core.constraints).
    return Membership.workflow.apply(membership, action, actor=actor, comment=comment, changes=changes)
