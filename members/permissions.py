"""Who may see and do what with people and memberships.

Personal data (DOMAIN.md): only the person themself, their societies' secretaries and CAST
administrators. Party reviewers and the regulator do not read member records. Academic credit
records are written by CAST administrators only (R-ETH-01); a person reads their own.
"""

from django.db.models import Q

from accounts.roles import reach_of
from core.access import Scope, register

from .models import (
    CreditRecord,
    Membership,
    MembershipApplication,
    Person,
    ProfileChangeRequest,
    TrainingRecord,
)


def _people_of_societies(society_ids):
    return Q(pk__in=Membership.objects.filter(society_id__in=society_ids).values("person_id")) | Q(
        pk__in=MembershipApplication.objects.filter(society_id__in=society_ids).values("person_id")
    )


def _change_requests_of_societies(society_ids):
    return Q(person_id__in=Membership.objects.filter(society_id__in=society_ids).values("person_id"))


PRIVATE = {"reviewer_reads": False, "regulator_reads": False}

register(Person, Scope(society_q=_people_of_societies, owner="user", **PRIVATE))
register(Membership, Scope(society="society", owner="person__user", **PRIVATE))
register(MembershipApplication, Scope(society="society", owner="person__user", **PRIVATE))
register(
    ProfileChangeRequest, Scope(society_q=_change_requests_of_societies, owner="person__user", **PRIVATE)
)
register(CreditRecord, Scope(owner="person__user", **PRIVATE))
register(TrainingRecord, Scope(society="society", owner="person__user", **PRIVATE))


def can_write_credit_records(user) -> bool:
    return reach_of(user).cast_admin


def can_decide_for_society(user, society) -> bool:
    """Approve applications, confirm identity changes: the society's secretaries and CAST."""
    reach = reach_of(user)
    return reach.cast_admin or society.pk in reach.secretary_of
