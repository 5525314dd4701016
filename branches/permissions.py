"""Who may see and do what with branches: the society's secretaries and CAST manage them; a branch
officer sees and manages only their own branch; regulators and Party reviewers read."""

from core.access import Scope, register

from .models import Branch

register(Branch, Scope(society="society", branch=""))
