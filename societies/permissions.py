"""Who may see and do what with societies.

The directory (name, discipline, status, scope) is public; everything a secretary edits is
reached with action "change", which only the society's own secretaries and CAST hold.
Changing a society's legal status (suspend, reinstate, deregister) is CAST's alone.
"""

from django.db.models import Q

from core.access import Scope, register

from .models import CharterVersion, GovernanceBody, Officer, Seat, Society, Term

register(Society, Scope(society="", public=Q(), officer_reads_society=True))
register(CharterVersion, Scope(society="society"))
register(GovernanceBody, Scope(society="society", public=Q()))
register(Term, Scope(society="body__society", public=Q()))
register(Seat, Scope(society="term__body__society"))
register(Officer, Scope(society="society", public=Q()))
