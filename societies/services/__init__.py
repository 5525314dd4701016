"""State changes of a society and its governance. Each is one function, used by the web view and the API
alike: check the actor and the rule (DomainError with its ID), lock, save the changed fields, audit.

Modules: `society` (registration, status, profile), `governance` (charters, terms, seats, officers),
`common` (shared helpers). The member import lives with the members (members.services.imports).
"""

from .common import PROFILE_FIELDS
from .governance import (
    SINGLE_SEAT_POSITIONS,
    add_charter_version,
    add_seat,
    appoint_officer,
    end_officer,
    next_charter_version,
    open_term,
    remove_seat,
    set_officer_full_time,
)
from .society import REGISTRATION_FIELDS, change_society_status, register_society, update_society_profile

__all__ = [
    "PROFILE_FIELDS",
    "REGISTRATION_FIELDS",
    "SINGLE_SEAT_POSITIONS",
    "add_charter_version",
    "add_seat",
    "appoint_officer",
    "change_society_status",
    "end_officer",
    "next_charter_version",
    "open_term",
    "register_society",
    "remove_seat",
    "set_officer_full_time",
    "update_society_profile",
]
