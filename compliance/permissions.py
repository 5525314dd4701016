"""Who sees findings: a society's secretaries (and its Party reviewers) their society's; CAST
administrators and the regulator all of them. CAST follows them up; secretaries acknowledge."""

from accounts.roles import reach_of
from core.access import Scope, register

from .models import Evidence, Finding, Sweep

register(Finding, Scope(society="society"))
register(Evidence, Scope(society="finding__society"))
# A sweep of one society is that society's; a sweep of all is read by CAST and the regulator only.
register(Sweep, Scope(society="society", reviewer_reads=False))


def can_decide(user) -> bool:
    """Resolve or dismiss a finding: CAST administrators (the system itself passes actor=None)."""
    return reach_of(user).cast_admin
