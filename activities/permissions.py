"""Who may see and do what with activity filings.

A society's secretaries file and see all of their society's filings; a branch officer files and sees
their branch's filings only; Party reviewers and the regulator read; CAST administrators review.
"""

from core.access import Scope, register

from .models import Activity, ActivityVersion, Attachment

# Filings are the society's (or the branch's) to write and CAST's to decide: CAST does not CHANGE them.
FILED = {"cast_changes": False}
register(Activity, Scope(society="society", branch="branch", **FILED))
register(ActivityVersion, Scope(society="activity__society", branch="activity__branch", **FILED))
register(Attachment, Scope(society="activity__society", branch="activity__branch", **FILED))
