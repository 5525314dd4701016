"""Queries of a society's members for its secretariat: the member directory with its filters and orderings
(scoped by core.access, a constant number of queries per page)."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.db import connections
from django.db.models import Func, QuerySet, TextField
from django.db.models.functions import Cast, Collate, Upper
from django.utils.translation import gettext_lazy as _

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


ORDERING_LABELS = {
    "number": _("by membership number"),
    "name": _("by name"),
    "joined": _("newest members first"),
    "tier": _("by tier"),
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

    def described(self) -> list[tuple[str, str]]:
        """The filters in effect as the reader says them: (label, value) in the active language — what a
        confirmation or job page lists, never the query's keys and codes."""
        labels = {
            "q": _("Search"),
            "tier": _("Tier"),
            "status": _("Status"),
            "region": _("Region"),
            "ordering": _("Order"),
        }
        values = {
            "tier": dict(MembershipTier.choices),
            "status": dict(MembershipStatus.choices),
            "region": dict(Region.choices),
            "ordering": ORDERING_LABELS,
        }
        return [
            (str(labels[key]), str(values.get(key, {}).get(value, value)))
            for key, value in self.as_dict().items()
            if not (key == "ordering" and value == "number")
        ]


# From this length on a term is matched anywhere in names, employers and numbers by the trigram indexes
# (members migration 0005); a two-character term is matched in names by the bigram index (0011).
TRIGRAM_LENGTH = 3


class Bigrams(Func):
    """`portal_bigrams(x)`: the two-character pairs of a text (core.migration_ops.BIGRAMS_FUNCTION)."""

    function = "portal_bigrams"
    output_field = ArrayField(TextField())


def name_contains(q: str) -> QuerySet[Person]:
    """The people whose name contains `q`, by the index that can answer it at 6M people: the trigram index
    from three characters, the bigram index for two (`portal_bigrams(UPPER(name)) @> ARRAY[term]` is
    exactly "contains" for a term of two characters), a prefix of the name for one."""
    people = Person.objects.order_by()
    if len(q) >= TRIGRAM_LENGTH or connections[people.db].vendor != "postgresql":
        return people.filter(name__icontains=q)
    if len(q) == 2:
        # The very expression of the index (migration 0011), or PostgreSQL would not use it.
        grams = Bigrams(Upper(Cast("name", TextField())))
        return people.alias(name_grams=grams).filter(name_grams__contains=[q.upper()])
    return people.filter(name__startswith=q)


def people_matching(q: str) -> QuerySet:
    """The pks of the people a search box's `q` finds: by name (name_contains); by employer from three
    characters (a two-character employer is not worth reading every person for); by ID number exactly.
    A UNION, so each part is answered by its own index — an OR could use none of them."""
    parts = [name_contains(q).values("pk")]
    if len(q) >= TRIGRAM_LENGTH:
        parts.append(Person.objects.filter(employer__icontains=q).order_by().values("pk"))
        parts.append(Person.objects.filter(id_number=q.upper()).order_by().values("pk"))
    first, *others = parts
    return first.union(*others) if others else first


ID_NUMBER_LIKE = re.compile(r"^\d{6,}[\dX]?$")
# A membership number or other code: Latin letters, digits and dashes with at least one digit (S001-0123457).
# No name holds one, so the picker looks for it only as a number or an ID number (each an index lookup)
# instead of through the trigram indexes of names and employers as well (7 of its 8 ms at full scale).
CODE_LIKE = re.compile(r"^[A-Z0-9-]*\d[A-Z0-9-]*$")


def search_people(q: str, scope: Callable[[QuerySet], QuerySet], limit: int) -> list[Person]:
    """The first `limit` people the person picker's `q` finds among those `scope` keeps
    (core.access.restrict and any narrowing): first the names that begin with `q`, in name order; then
    (from three characters) the people whose employer begins with it, by employer and name; then, if there
    is room, everyone else it finds — by name anywhere, by employer anywhere, by ID number, by membership
    number — in name order.

    Beginnings come first because that is what the one typing means, and because it is the only way to
    answer a common term fast: 王伟 is contained in 12,436 of 6M names and 清华大学 is the employer of
    300,000 people; listing all of them by name read (and sorted) every one (120 ms, 3 s). The beginnings
    are read in order from `person_name_prefix` and `person_employer_prefix` (members 0014, 0015) and the
    search stops at `limit`. The rest is a UNION of primary keys, each part answered by its own index (an
    OR could use none). They are not each cut to `limit` in name order: that tempts PostgreSQL to walk the
    name index for a rare term and read millions of rows (seen: 33 s). A term that looks like an ID
    number or a membership number (CODE_LIKE) is not looked for in names or employers."""
    key = q.upper()
    found: list[Person] = []
    if ID_NUMBER_LIKE.match(key) or CODE_LIKE.match(key):
        matches = Person.objects.filter(id_number=key).order_by().values("pk")
    else:
        matches = people_matching(q)
        beginnings = [("name",), ("employer", "name")] if len(q) >= TRIGRAM_LENGTH else [("name",)]
        for fields in beginnings:
            part = _others(beginning_with(scope(Person.objects.all()), q, *fields), found)
            found += list(part[: limit - len(found)])
            if len(found) == limit:
                return found
    by_number = Membership.objects.filter(number=key).order_by().values("person_id")
    rest = scope(Person.objects.all()).filter(pk__in=matches.union(by_number))
    return found + list(_others(rest, found).order_by("name", "id")[: limit - len(found)])


def _others(people: QuerySet[Person], found: list[Person]) -> QuerySet[Person]:
    """`people` but those already `found` (an earlier part of the picker's answer)."""
    return people.exclude(pk__in=[p.pk for p in found]) if found else people


def beginning_with(people: QuerySet[Person], q: str, field: str, *then: str) -> QuerySet[Person]:
    """`people` whose `field` begins with `q`, ordered by it, then by `then`, then id — in the C collation,
    the order of the `person_name_prefix` / `person_employer_prefix` indexes (members 0014, 0015), so
    PostgreSQL reads them in order and stops at the LIMIT."""
    order = (field, *then)
    if connections[people.db].vendor != "postgresql":
        return people.filter(**{f"{field}__startswith": q}).order_by(*order, "id")
    collated = {f"{name}_c": Collate(name, "C") for name in order}
    return (
        people.alias(**collated)
        .filter(**{f"{field}_c__startswith": q})
        .order_by(*(expr.asc() for expr in collated.values()), "id")
    )


def search_memberships(memberships: QuerySet[Membership], q: str) -> QuerySet[Membership]:
    """The memberships of `memberships` whose person people_matching finds, or whose number contains `q`.

    The same rows as `Q(person__name__icontains=q) | Q(number__icontains=q) | …`, written as a UNION so
    that each part is answered by its own index (members migrations 0005, 0011) — an OR spanning the
    membership and the person tables can use neither and reads every membership of the society. Used by
    the directory page's filter (members.tables) and its exports (member_directory) alike."""
    by_person = memberships.filter(person_id__in=people_matching(q)).order_by().values("pk")
    if len(q) >= TRIGRAM_LENGTH:
        by_number = memberships.filter(number__icontains=q).order_by().values("pk")
    else:
        by_number = memberships.filter(number__startswith=q.upper()).order_by().values("pk")
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
