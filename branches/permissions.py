"""Who may see and do what with branches: the society's secretaries and CAST manage them; a branch
officer sees and manages only their own branch; regulators and Party reviewers read."""

from accounts.roles import reach_of
from core.access import Scope, register

from .models import Branch, BranchAssessment, BranchOfficer, BranchResolution

register(Branch, Scope(society="society", branch=""))
register(BranchResolution, Scope(society="branch__society", branch="branch"))
register(BranchOfficer, Scope(society="branch__society", branch="branch"))
register(BranchAssessment, Scope(society="branch__society", branch="branch"))


def is_cast(user) -> bool:
    return reach_of(user).cast_admin


def is_secretary_of(user, society_id: int) -> bool:
    return society_id in reach_of(user).secretary_of


def runs_branch(user, branch) -> bool:
    """The society's secretariat or this branch's own officer."""
    reach = reach_of(user)
    return branch.society_id in reach.secretary_of or branch.pk in reach.officer_of
