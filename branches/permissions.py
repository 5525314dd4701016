"""Who may see and do what with branches: the society's secretaries and CAST manage them; a branch
officer sees and manages only their own branch; regulators and Party reviewers read."""

from core.access import Scope, register

from .models import Branch, BranchAssessment, BranchOfficer, BranchResolution

register(Branch, Scope(society="society", branch=""))
register(BranchResolution, Scope(society="branch__society", branch="branch"))
register(BranchOfficer, Scope(society="branch__society", branch="branch"))
register(BranchAssessment, Scope(society="branch__society", branch="branch"))
