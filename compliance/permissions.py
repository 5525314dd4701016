"""Who sees findings: a society's secretaries (and its Party reviewers) their society's; CAST
administrators and the regulator all of them. CAST follows them up; secretaries acknowledge."""

from accounts.roles import reach_of
from core.access import Scope, register

from .models import Finding

register(Finding, Scope(society="society"))


def can_decide(user) -> bool:
    """Resolve or dismiss a finding: CAST administrators (the system itself passes actor=None)."""
    return reach_of(user).cast_admin
