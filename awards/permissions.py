"""Who sees and does what with awards.

- Programs and rounds: the society's secretaries write (CHANGE); CAST lists, returns, suspends and
  withdraws programs (DECIDE); everyone reads a listed program and a published round (the dynamic list
  is public, R-AW-06); the regulator and the society's Party reviewers read.
- Nominations and materials: the society's secretaries; the nominee and the nominating member their own;
  an award reviewer only the nominations assigned to them; the Party reviewers read (award selection is a
  major matter, R-PB-02); never the regulator. Published winners are public.
- Reviews and assignments: the reviewer their own; the society's secretaries see all of the round's.
"""

from django.db.models import Q

from core.access import Scope, register

from .choices import NominationStatus, ProgramStatus, RoundStatus
from .models import (
    AwardProgram,
    AwardRound,
    DeclaredCoauthor,
    Nomination,
    NominationMaterial,
    Review,
    ReviewAssignment,
)

SOCIETY_OF_NOMINATION = "round__program__society"
PRIVATE = {"regulator_reads": False}

register(AwardProgram, Scope(society="society", public=Q(status=ProgramStatus.LISTED)))
register(
    AwardRound,
    Scope(
        society="program__society",
        public=Q(
            status=RoundStatus.PUBLISHED, program__status__in=[ProgramStatus.LISTED, ProgramStatus.SUSPENDED]
        ),
    ),
)
register(
    Nomination,
    Scope(
        society=SOCIETY_OF_NOMINATION,
        owner=("nominee__user", "nominator__user"),
        assignee="assignments__reviewer",
        public=Q(status=NominationStatus.WINNER, round__status=RoundStatus.PUBLISHED),
        **PRIVATE,
    ),
)
register(
    NominationMaterial,
    Scope(
        society=f"nomination__{SOCIETY_OF_NOMINATION}",
        owner=("nomination__nominee__user", "nomination__nominator__user"),
        assignee="nomination__assignments__reviewer",
        **PRIVATE,
    ),
)
register(
    ReviewAssignment,
    Scope(society=f"nomination__{SOCIETY_OF_NOMINATION}", owner="reviewer", reviewer_reads=False, **PRIVATE),
)
register(Review, Scope(society=f"nomination__{SOCIETY_OF_NOMINATION}", owner="reviewer", **PRIVATE))
register(DeclaredCoauthor, Scope(owner="person__user", **PRIVATE))
