"""Who may see and do what in Party building.

- Major matters and their opinions: the society's secretaries (they raise and resubmit them), its Party
  reviewers (they decide them) and CAST (sees all) — never another society's; not the regulator.
- Donations, expenditures, Party organizations, elections: the society's secretaries write; its Party
  reviewers read (to judge the linked object); CAST reads and writes all; the regulator reads.
- Deciding a matter (approve/return) is the society's Party reviewers' alone — not CAST's, not the
  secretary's: pre-review is the council Party committee's task (R-PB-02).
"""

from core.access import Scope, register

from .models import Candidate, Donation, Election, Expenditure, MajorMatter, MatterOpinion, PartyOrganization

register(MajorMatter, Scope(society="society", regulator_reads=False))
register(MatterOpinion, Scope(society="matter__society", regulator_reads=False))
register(Donation, Scope(society="society"))
register(Expenditure, Scope(society="society"))
register(PartyOrganization, Scope(society="society"))
register(Election, Scope(society="society"))
register(Candidate, Scope(society="election__society"))
