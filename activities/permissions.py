"""Who may see and do what with activity filings.

A society's secretaries file and see all of their society's filings; a branch officer files and sees
their branch's filings only; Party reviewers and the regulator read; CAST administrators review.
"""

from accounts.roles import reach_of
from core.access import Scope, register

from .models import Activity, ActivityVersion, Attachment

register(Activity, Scope(society="society", branch="branch"))
register(ActivityVersion, Scope(society="activity__society", branch="activity__branch"))
register(Attachment, Scope(society="activity__society", branch="activity__branch"))


def can_review(user) -> bool:
    return reach_of(user).cast_admin
