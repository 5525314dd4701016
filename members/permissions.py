"""Who may see and do what with people and memberships.

Personal data (DOMAIN.md): only the person themself, their societies' secretaries and CAST
administrators. Party reviewers and the regulator do not read member records. Academic credit
records are written by CAST administrators only (R-ETH-01); a person reads their own.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from core.access import CHANGE, DECIDE, Scope, may, register
from core.roles import reach_of

from .choices import ApplicationStatus, MembershipStatus
from .models import (
    CreditRecord,
    JoiningPolicy,
    MemberExport,
    MemberImport,
    Membership,
    MembershipApplication,
    Person,
    PrivacyConsent,
    ProfileChangeRequest,
    TrainingRecord,
)

# An application that ended without a membership: its applicant's data leaves the society's reach after
# DECIDED_APPLICANT_DAYS (rejected by the secretariat, or withdrawn by the applicant).
ENDED_APPLICATION_STATUSES = (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN)


def decided_applicant_cutoff():
    """A rejected applicant's personal data stays in the deciding society's reach this long after the
    decision (settings.DECIDED_APPLICANT_DAYS), then no longer (issue 14, finding 8)."""
    return timezone.now() - timedelta(days=settings.DECIDED_APPLICANT_DAYS)


def applicant_data_expired(application) -> bool:
    return (
        application.status in ENDED_APPLICATION_STATUSES
        and application.decided_at is not None
        and application.decided_at < decided_applicant_cutoff()
    )


def _people_of_societies(society_ids):
    applications = MembershipApplication.objects.filter(society_id__in=society_ids).filter(
        ~Q(status__in=ENDED_APPLICATION_STATUSES) | Q(decided_at__gte=decided_applicant_cutoff())
    )
    return (
        Q(pk__in=Membership.objects.filter(society_id__in=society_ids).values("person_id"))
        | Q(pk__in=applications.values("person_id"))
        | Q(registered_by_society_id__in=society_ids)
    )


# A society's secretariat decides a person's identity change (R-MEM-03) while the person is its member
# in a live status, or has an application to it still waiting for a decision. Ended memberships
# (withdrawn, expelled) and decided applications no longer concern the society.
LIVE_MEMBERSHIP_STATUSES = (MembershipStatus.ACTIVE, MembershipStatus.LAPSED)


def concerned_people(society_ids, person_field: str = "pk") -> Q:
    """R-MEM-03: the one rule for "this person concerns these societies' secretariats" — a live
    (active or lapsed) membership of, or a submitted (undecided) application to, one of `society_ids`.
    A Q on `person_field` (the Person's pk, or a path to it), made of subqueries: no row repeats,
    no query of its own. The change-request queue scope and the decision check both use it."""
    lookup = f"{person_field}__in"
    return Q(
        **{
            lookup: Membership.objects.filter(
                society_id__in=society_ids, status__in=LIVE_MEMBERSHIP_STATUSES
            ).values("person_id")
        }
    ) | Q(
        **{
            lookup: MembershipApplication.objects.filter(
                society_id__in=society_ids, status=ApplicationStatus.SUBMITTED
            ).values("person_id")
        }
    )


def societies_concerned_with(person) -> set[int]:
    """Ids of the societies whose secretariat decides `person`'s identity changes (see concerned_people)."""
    person_id = getattr(person, "pk", person)
    return set(
        Membership.objects.filter(person_id=person_id, status__in=LIVE_MEMBERSHIP_STATUSES).values_list(
            "society_id", flat=True
        )
    ) | set(
        MembershipApplication.objects.filter(
            person_id=person_id, status=ApplicationStatus.SUBMITTED
        ).values_list("society_id", flat=True)
    )


def _change_requests_of_societies(society_ids):
    return concerned_people(society_ids, person_field="person_id")


PRIVATE = {"reviewer_reads": False, "regulator_reads": False}

register(JoiningPolicy, Scope(society="society", public=Q()))  # which tiers a society offers: public
register(PrivacyConsent, Scope(owner="user", **PRIVATE))  # a person's own record of consent
register(Person, Scope(society_q=_people_of_societies, owner="user", **PRIVATE))
register(Membership, Scope(society="society", owner="person__user", **PRIVATE))
register(MembershipApplication, Scope(society="society", owner="person__user", **PRIVATE))
register(
    ProfileChangeRequest, Scope(society_q=_change_requests_of_societies, owner="person__user", **PRIVATE)
)
register(CreditRecord, Scope(owner="person__user", **PRIVATE))
register(TrainingRecord, Scope(society="society", owner="person__user", **PRIVATE))
# An export holds the personal data of the directory it was made from: the society's secretariat and CAST.
register(MemberExport, Scope(society="society", **PRIVATE))
register(MemberImport, Scope(society="society", **PRIVATE))


def can_write_credit_records(user) -> bool:
    """R-ETH-01: academic credit records are CAST's to write (DECIDE)."""
    return may(user, None, DECIDE)


def can_decide_change_request(user, change_request) -> bool:
    """Confirm or reject an identity change (R-MEM-03): CAST, or a secretary of a society the person
    concerns — exactly the secretaries whose queue shows the request (same `concerned_people` rule)."""
    reach = reach_of(user)
    if reach.cast_admin:
        return True
    if not reach.secretary_of:
        return False
    return (
        Person.objects.filter(pk=change_request.person_id)
        .filter(concerned_people(reach.secretary_of))
        .exists()
    )


def can_decide_for_society(user, society) -> bool:
    """Approve applications, record members, confirm identity changes: CHANGE on the society (its
    secretaries and CAST) — the question members.services `require`s."""
    return may(user, society, CHANGE)
