"""Record pages of a person and of a membership: everything about them the viewer may see, each part
scoped by core.access on its own (a society's secretary sees the person's memberships, applications and
training records with their own society, never another society's; the person sees all of their own; CAST
sees all), with the history of changes."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core.access import CHANGE, VIEW, get_for, may, reads_internals, restrict
from core.audit import status_history
from core.history import history_with_changes

from ..models import (
    CreditRecord,
    Membership,
    MembershipApplication,
    Person,
    ProfileChangeRequest,
    TrainingRecord,
)
from ..picker import mask_id_number

HISTORY_LIMIT = 50
SECRET_FIELDS = ("id_number",)  # a profile change of these is shown masked to anyone but the person


def _profile_history(person: Person, *, own: bool) -> list[dict]:
    rows = []
    for record, delta in history_with_changes(person.history, HISTORY_LIMIT):
        changes = []
        for change in delta or []:
            old, new = change.old, change.new
            if change.field in SECRET_FIELDS and not own:
                old, new = mask_id_number(str(old or "")), mask_id_number(str(new or ""))
            changes.append((change.field, old, new))
        rows.append({"record": record, "changes": changes})
    return rows


@login_required
def person_detail(request, pk):
    """A person's record: profile (ID number masked), memberships, applications, credit and training records,
    identity-change requests and the profile's change history."""
    person = get_for(Person.objects.select_related("user"), request.user, VIEW, pk=pk)
    user = request.user
    own = person.user_id is not None and person.user_id == user.pk
    memberships = restrict(
        Membership.objects.filter(person=person).select_related("society"), user, VIEW
    ).order_by("society__name", "-joined_on", "pk")
    applications = restrict(
        MembershipApplication.objects.filter(person=person).select_related("society"), user, VIEW
    ).order_by("-submitted_at", "-pk")
    return render(
        request,
        "members/person_detail.html",
        {
            "person": person,
            "own": own,
            "masked_id": person.id_number if own else mask_id_number(person.id_number),
            "memberships": memberships,
            "applications": applications,
            "credit_records": restrict(CreditRecord.objects.filter(person=person), user, VIEW),
            "training_records": restrict(
                TrainingRecord.objects.filter(person=person).select_related("society"), user, VIEW
            ),
            "change_requests": restrict(
                ProfileChangeRequest.objects.filter(person=person).select_related("requested_by"), user, VIEW
            )[:20],
            "history": _profile_history(person, own=own),
        },
    )


@login_required
def membership_detail(request, pk):
    """A membership's record: its facts, the steps the viewer may take, and its status history."""
    membership = get_for(Membership.objects.select_related("person", "society"), request.user, VIEW, pk=pk)
    own = membership.person.user_id is not None and membership.person.user_id == request.user.pk
    manage = may(request.user, membership.society, CHANGE)
    steps = [t for t in Membership.workflow.available(membership) if manage or (own and t.name == "withdraw")]
    return render(
        request,
        "members/membership_detail.html",
        {
            "membership": membership,
            "own": own,
            "manage": manage,
            "steps": steps,
            "person_url": may(request.user, membership.person, VIEW),
            "history": status_history(membership) if reads_internals(request.user, membership) else None,
            "changes": history_with_changes(membership.history, HISTORY_LIMIT),
        },
    )
