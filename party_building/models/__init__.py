"""Models of the Party-building app, split by aggregate."""

from .elections import Candidate, Election
from .finance import Donation, Expenditure
from .matters import MajorMatter, MatterOpinion, live_matters
from .organizations import PartyOrganization

__all__ = [
    "Candidate",
    "Donation",
    "Election",
    "Expenditure",
    "MajorMatter",
    "MatterOpinion",
    "PartyOrganization",
    "live_matters",
]
