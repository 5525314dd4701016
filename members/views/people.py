"""The person lookup and search behind the person picker."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import render

from core.access import restrict
from core.forms import parse_id

from ..choices import CreditKind, MembershipStatus
from ..models import CreditRecord, Membership, Person
from ..picker import SEARCH_LIMIT, describe, mask_id_number
from ..selectors import search_people
from ..tables import LookupTable
from ..training import training_gaps
from .common import require_cast, require_secretariat
from .records import _day_param


@login_required
def person_lookup(request):
    """CAST: find a person and answer "under an active sanction on this day?" (R-ETH-02), and "overdue
    for training?" (R-TR-01). Nobody is listed until something is searched for."""
    require_cast(request)
    q = request.GET.get("q", "").strip()
    day = _day_param(request)
    in_force = CreditRecord.objects.filter(
        person=OuterRef("pk"), kind=CreditKind.SANCTION, starts_on__lte=day
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    people = restrict(Person.objects.all(), request.user) if q else Person.objects.none()
    people = people.annotate(
        active_memberships=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE)),
        under_sanction=Exists(in_force),
    )
    gaps_by_person: dict[int, list] = {}
    if q:
        for gap in training_gaps(None, day):  # R-TR-01, a fixed number of queries
            gaps_by_person.setdefault(gap.officer.person_id, []).append(gap)
    params = request.GET.copy()
    params.setdefault("on", day.isoformat())  # the panel shows the day the answers are for
    table = LookupTable(request, people, params=params, gaps_by_person=gaps_by_person)
    return render(
        request, "members/person_lookup.html", {"table": table, "page": table.page, "q": q, "day": day}
    )


@login_required
def person_search(request):
    """The person picker's htmx answer: at most SEARCH_LIMIT people matching the typed text by name,
    employer, ID number or membership number, among the people core.access lets the user see.
    `society=<id>` narrows to that society's active members (the workspace's officer and seat forms);
    the user must run that society (its secretary, or CAST)."""
    reach = require_secretariat(request)
    field = request.GET.get("field", "person")
    if not field.isidentifier():
        field = "person"
    q = (request.GET.get(f"{field}_q") or request.GET.get("q") or "").strip()
    people = []
    more = False
    if q:
        society_id = None
        if society := request.GET.get("society", ""):
            society_id = parse_id(society)
            if society_id is None:
                raise Http404
            if not (reach.cast_admin or society_id in reach.secretary_of):
                raise PermissionDenied

        def scope(people):
            people = restrict(people, request.user)
            if society_id is not None:
                active = Membership.objects.filter(society_id=society_id, status=MembershipStatus.ACTIVE)
                people = people.filter(pk__in=active.values("person_id"))
            return people

        found = search_people(q, scope, SEARCH_LIMIT + 1)
        more = len(found) > SEARCH_LIMIT
        people = [
            {"person": p, "label": describe(p), "masked_id": mask_id_number(p.id_number)}
            for p in found[:SEARCH_LIMIT]
        ]
    return render(
        request,
        "members/partials/person_results.html",
        {"people": people, "q": q, "more": more, "limit": SEARCH_LIMIT},
    )
