"""Read-side queries of the workspaces: the member directory and CAST's society overview.

Both return one queryset whose row count does not change the number of SQL queries: filters are
applied in SQL, per-society figures are correlated subqueries annotated on the society row.
"""

from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear, Round
from django.urls import reverse

from awards.choices import ProgramStatus
from awards.models import AwardProgram
from branches.choices import BranchStatus
from branches.models import Branch
from core.access import VIEW, restrict
from core.roles import reach_of
from core.rule_settings import rule_setting
from members.choices import MembershipStatus, MembershipTier
from members.models import Membership

from .choices import BodyKind, TermStatus
from .models import Seat, Society, Term

UNDER_AGE = 50  # R-GOV-03: "under 50"


def _grouped_count(qs, group: str) -> Coalesce:
    return Coalesce(
        Subquery(
            qs.order_by().values(group).annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()
        ),
        Value(0),
        output_field=IntegerField(),
    )


def key_figures(qs: QuerySet[Society]) -> QuerySet[Society]:
    """Societies with their key figures for CAST's workspace as annotations: `m_<tier>` active members per
    tier, `members_active`, `council_seats`, `council_grassroots`, `council_under50` (of the current
    council term's seats, age as in `term_composition`), and the shares `grassroots_share`,
    `under50_share` (None without seats) the workspace sorts by."""
    active = Membership.objects.filter(society=OuterRef("pk"), status=MembershipStatus.ACTIVE)
    annotations = {"members_active": _grouped_count(active, "society")}
    for tier in MembershipTier.values:
        annotations[f"m_{tier}"] = _grouped_count(active.filter(tier=tier), "society")
    seats = Seat.objects.filter(
        term__body__society=OuterRef("pk"), term__body__kind=BodyKind.COUNCIL, term__status=TermStatus.CURRENT
    )
    # The rule of `term_composition` in SQL (one query for the page): under 50 in the year the term starts.
    under50 = Q(birth_year__gt=ExtractYear("term__starts_on") - UNDER_AGE)
    annotations["council_seats"] = _grouped_count(seats, "term__body__society")
    annotations["council_grassroots"] = _grouped_count(seats.filter(grassroots=True), "term__body__society")
    annotations["council_under50"] = _grouped_count(seats.filter(under50), "term__body__society")
    qs = qs.annotate(**annotations)
    return qs.annotate(
        grassroots_share=_share_of("council_grassroots", "council_seats"),
        under50_share=_share_of("council_under50", "council_seats"),
    )


def _share_of(part: str, whole: str):
    """part / whole as `share` gives it (3 decimals, None without a whole), in SQL so the list sorts by it:
    a float division (an integer one is 0 on SQLite), rounded, then a numeric(6, 3) read as a Decimal."""
    share = DecimalField(max_digits=6, decimal_places=3)
    return Case(
        When(**{whole: 0}, then=Value(None, output_field=share)),
        default=Cast(Round(Cast(F(part), FloatField()) / F(whole), 3), share),
        output_field=share,
    )


def council_targets() -> dict[str, Decimal]:
    return {
        "grassroots": rule_setting("council_grassroots_target"),
        "under50": rule_setting("council_under50_target"),
    }


def share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.001"))


def term_composition(term: Term) -> dict:
    """The composition of a term's seats against the targets of R-GOV-03: the one computation behind the
    workspace term page, the election result and (in SQL, see `key_figures`) CAST's overview.

    Age is counted in the year the term starts, not in the current year: R-GOV-03 is about the council
    a general assembly elects, so a term's composition is a fact of that term and must not drift as its
    members grow older (a closed term's figures stay what they were; an election's result reads the same
    on the day it is certified and years later). A seat is "under 50" when `starts_on.year - birth_year
    < 50`; seats with no birth year count as not under 50 and are reported as `unknown_age`.

    Shares are rounded to 3 decimals and are None when the term has no seats; the `*_below` flags are
    True only when a share exists and lies below its target (targets from rule settings
    `council_grassroots_target` / `council_under50_target`)."""
    seats = list(term.seat_set.all())
    year = term.starts_on.year
    total = len(seats)
    grassroots = sum(1 for s in seats if s.grassroots)
    under50 = sum(1 for s in seats if s.birth_year and year - s.birth_year < UNDER_AGE)
    targets = council_targets()
    grassroots_share = share(grassroots, total)
    under50_share = share(under50, total)
    return {
        "rule": "R-GOV-03",
        "as_of": term.starts_on,
        "seats": total,
        "grassroots": grassroots,
        "under50": under50,
        "unknown_age": sum(1 for s in seats if not s.birth_year),
        "grassroots_share": grassroots_share,
        "under50_share": under50_share,
        "grassroots_target": targets["grassroots"],
        "under50_target": targets["under50"],
        "grassroots_below": grassroots_share is not None and grassroots_share < targets["grassroots"],
        "under50_below": under50_share is not None and under50_share < targets["under50"],
    }


# --- the society's public page --------------------------------------------------------------------


def public_branches(society: Society, user) -> list[dict]:
    """The society's active branch offices as its public page lists them: name, kind and founding date —
    what the civil-affairs register shows anyone. `url` is the branch's record page for a user who may read
    it (core.access), else None. Two queries whatever the number of branches."""
    active = Branch.objects.filter(society=society, status=BranchStatus.ACTIVE).order_by("name", "pk")
    readable = set(restrict(active, user, VIEW).values_list("pk", flat=True))
    return [
        {
            "name": b.name,
            "kind": b.get_kind_display(),
            "established_on": b.established_on,
            "url": reverse("branches:detail", args=[b.pk]) if b.pk in readable else None,
        }
        for b in active.only("pk", "name", "kind", "established_on")
    ]


def listed_awards(society: Society, user) -> QuerySet:
    """The society's award programs on CAST's dynamic list (R-AW-06): public."""
    return restrict(
        AwardProgram.objects.filter(society=society, status=ProgramStatus.LISTED), user, VIEW
    ).order_by("name", "pk")


def filter_societies(request) -> QuerySet[Society]:
    """The societies a list's society filter offers: all for CAST and the regulator, else the user's own
    (secretariat, Party reviewer, branch officer)."""
    reach = reach_of(request.user)
    qs = Society.objects.order_by("code").only("pk", "name")
    if reach.cast_admin or reach.regulator:
        return qs
    return qs.filter(pk__in=reach.secretary_of | reach.reviewer_of | reach.officer_societies)
