"""CAST's decisions on branches: approve, reject, flag for rectification, confirm rectified, revoke."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.services import open_finding, resolve_all_for
from core.errors import DomainError
from core.rule_settings import rule_setting

from .. import rules
from ..models import Branch
from .common import _require_cast

# --- CAST's decisions --------------------------------------------------------------------------------


def approve_branch(*, actor, branch: Branch, comment: str = "") -> Branch:
    """CAST approves: the branch is established today. A society now above its ceiling gets an
    R-BR-04 warning finding."""
    _require_cast(actor)
    approved = Branch.workflow.apply(
        branch,
        "approve",
        actor=actor,
        comment=comment,
        changes={"established_on": timezone.localdate()},
    )
    ceiling = rules.ceiling_for(approved.society)
    if ceiling.over_now:
        open_finding(
            rule="R-BR-04",
            severity="warning",
            society=approved.society,
            subject=approved.society,
            actor=actor,
            message=_("%(society)s has %(n)d branch offices, above its ceiling of %(allowed)d.")
            % {"society": approved.society.name, "n": ceiling.counted, "allowed": ceiling.allowed},
            facts={
                "branches": ceiling.counted,
                "allowed": ceiling.allowed,
                "active_members": ceiling.active_members,
            },
        )
    return approved


def reject_branch(*, actor, branch: Branch, comment: str) -> Branch:
    _require_cast(actor)
    return Branch.workflow.apply(branch, "reject", actor=actor, comment=comment)


def default_rectification_deadline(today: date | None = None) -> date:
    return (today or timezone.localdate()) + timedelta(days=int(rule_setting("branch_rectification_days")))


def flag_branch(*, actor, branch: Branch, comment: str = "", deadline: date | None = None) -> Branch:
    """Put an active branch under rectification 整改 with a deadline (default: the setting's days)."""
    _require_cast(actor)
    deadline = deadline or default_rectification_deadline()
    if deadline < timezone.localdate():
        raise DomainError(_("The deadline cannot lie in the past."), rule="R-BR-05", field="deadline")
    return Branch.workflow.apply(
        branch,
        "flag",
        actor=actor,
        comment=comment,
        changes={"rectification_deadline": deadline},
        data={"deadline": deadline.isoformat()},
    )


def confirm_rectified(*, actor, branch: Branch, comment: str = "") -> Branch:
    """CAST confirms the rectification: the branch is active again and its R-BR-05 findings resolved."""
    _require_cast(actor)
    with transaction.atomic():
        done = Branch.workflow.apply(
            branch, "rectified", actor=actor, comment=comment, changes={"rectification_deadline": None}
        )
        resolve_all_for(actor=actor, rule="R-BR-05", subject=done, comment=comment or _("Rectified."))
    return done


def revoke_branch(*, actor, branch: Branch, comment: str) -> Branch:
    """Revoke 撤销 a branch. It stays on record (never deleted), with its history and assessments."""
    _require_cast(actor)
    with transaction.atomic():
        done = Branch.workflow.apply(
            branch,
            "revoke",
            actor=actor,
            comment=comment,
            changes={"revoked_on": timezone.localdate()},
        )
        resolve_all_for(actor=actor, rule="R-BR-05", subject=done, comment=_("Branch office revoked."))
    return done
