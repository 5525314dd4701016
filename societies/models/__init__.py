"""Models of the societies app, split by aggregate."""

from .governance import CharterVersion, GovernanceBody, Officer, Seat, Term
from .society import Society

__all__ = ["CharterVersion", "GovernanceBody", "Officer", "Seat", "Society", "Term"]
