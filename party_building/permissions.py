"""Who may see and do what in Party building.

- Major matters and their opinions: the society's secretaries (they raise and resubmit them), its Party
  reviewers (they decide them) and CAST (sees all) — never another society's; not the regulator.
- Donations, expenditures, Party organizations, elections: the society's secretaries write; its Party
  reviewers read (to judge the linked object); CAST reads and writes all; the regulator reads.
- Deciding a matter (approve/return) is the society's Party reviewers' alone — not CAST's, not the
  secretary's: pre-review is the council Party committee's task (R-PB-02).
"""

from accounts.roles import reach_of
from core.access import CHANGE, REVIEW, Scope, may, register

from .models import Candidate, Donation, Election, Expenditure, MajorMatter, MatterOpinion, PartyOrganization

register(MajorMatter, Scope(society="society", regulator_reads=False))
register(MatterOpinion, Scope(society="matter__society", regulator_reads=False))
register(Donation, Scope(society="society"))
register(Expenditure, Scope(society="society"))
register(PartyOrganization, Scope(society="society"))
register(Election, Scope(society="society"))
register(Candidate, Scope(society="election__society"))


def can_manage(user, society) -> bool:
    """Raise and resubmit matters, record finance, run organizations and elections (what the services
    `require` as CHANGE on the society)."""
    return may(user, society, CHANGE)


def can_review(user, society) -> bool:
    """Approve or return a major matter of `society` (REVIEW: its Party reviewers, never CAST)."""
    return may(user, society, REVIEW)


def managed_society_ids(user) -> set[int] | None:
    """Societies the user may manage here; None means all (CAST)."""
    reach = reach_of(user)
    return None if reach.cast_admin else set(reach.secretary_of)
