"""Queries of a society's members for its secretariat: the member directory with its filters and orderings
(scoped by core.access, a constant number of queries per page)."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from core.access import VIEW, restrict
from societies.models import Society

from .choices import ApplicationStatus, MembershipStatus, MembershipTier, Region
from .models import Membership, MembershipApplication, Person

DIRECTORY_PAGE_SIZE = 50
DIRECTORY_ORDERINGS = {
    "number": ("number", "id"),
    "name": ("person__name", "id"),
    "joined": ("-joined_on", "id"),
    "tier": ("tier", "number", "id"),
}


@dataclass
class DirectoryFilters:
    q: str = ""
    tier: str = ""
    status: str = ""
    region: str = ""
    ordering: str = "number"

    @classmethod
    def from_query(cls, params) -> "DirectoryFilters":
        def pick(key, allowed):
            value = params.get(key, "")
            return value if value in allowed else ""

        return cls(
            q=params.get("q", "").strip()[:100],
            tier=pick("tier", MembershipTier.values),
            status=pick("status", MembershipStatus.values),
            region=pick("region", Region.values),
            ordering=pick("ordering", DIRECTORY_ORDERINGS) or "number",
        )

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v}


def search_memberships(memberships: QuerySet[Membership], q: str) -> QuerySet[Membership]:
    """The memberships of `memberships` whose person's name or employer, or whose number, contains `q`.

    The same rows as `Q(person__name__icontains=q) | Q(number__icontains=q) | …`, written as a UNION so
    that each part is answered by its own trigram index (members migration 0005) — an OR spanning the
    membership and the person tables can use neither and reads every membership of the society. Used by
    the directory page's filter (members.tables) and its exports (member_directory) alike."""
    people = Person.objects.filter(Q(name__icontains=q) | Q(employer__icontains=q)).order_by().values("pk")
    by_person = memberships.filter(person_id__in=people).order_by().values("pk")
    by_number = memberships.filter(number__icontains=q).order_by().values("pk")
    return memberships.filter(pk__in=by_person.union(by_number))


def member_directory(society: Society, user, filters: DirectoryFilters) -> QuerySet[Membership]:
    """The society's memberships the user may see, filtered and ordered; the person comes in the same
    query (select_related), so a page costs one query plus the count."""
    qs = restrict(Membership.objects.filter(society=society), user, VIEW, society=society)
    qs = qs.select_related("person")
    if filters.q:
        qs = search_memberships(qs, filters.q)
    if filters.tier:
        qs = qs.filter(tier=filters.tier)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.region:
        qs = qs.filter(person__region=filters.region)
    return qs.order_by(*DIRECTORY_ORDERINGS[filters.ordering])


# --- CAST overview ---------------------------------------------------------------------------------


def join_state(user, society) -> dict:
    """The user's standing with `society`: their active membership, or their application waiting for a
    decision (each None when there is none). Two queries at most; none for a visitor."""
    if not getattr(user, "is_authenticated", False):
        return {"membership": None, "application": None}
    membership = (
        Membership.objects.filter(society=society, person__user=user, status=MembershipStatus.ACTIVE)
        .only("pk", "number", "tier", "status")
        .first()
    )
    application = None
    if membership is None:
        application = MembershipApplication.objects.filter(
            society=society, person__user=user, status=ApplicationStatus.SUBMITTED
        ).first()
    return {"membership": membership, "application": application}
