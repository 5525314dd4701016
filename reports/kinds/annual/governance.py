"""The annual report's governance and membership chapters."""

from datetime import date

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from members.choices import MembershipCategory, MembershipStatus, MembershipTier, Region
from members.models import Membership
from reports.formatting import percent
from reports.svg import line_chart
from societies.choices import BodyKind, TermStatus
from societies.models import GovernanceBody, Officer, Term
from societies.selectors import term_composition

from .. import Table
from ..cells import _d, _in_year, _yes, display

TREND_YEARS = 5
LEFT = (MembershipStatus.LAPSED, MembershipStatus.WITHDRAWN, MembershipStatus.EXPELLED)


def _governance(society, year: int, as_of: date) -> dict:
    bodies = list(
        GovernanceBody.objects.filter(society=society).prefetch_related(
            Prefetch(
                "terms",
                queryset=Term.objects.filter(status=TermStatus.CURRENT).prefetch_related("seat_set"),
                to_attr="current_terms",
            )
        )
    )
    body_rows, council = [], None
    for body in bodies:
        term = next(iter(body.current_terms), None)
        if body.kind == BodyKind.COUNCIL and term is not None:
            council = term
        body_rows.append(
            [
                body.get_kind_display(),
                body.name or body.get_kind_display(),
                _("Term %(n)s") % {"n": term.number} if term else "—",
                _d(term.starts_on) if term else "—",
                _d(term.ends_on) if term else "—",
                len(term.seat_set.all()) if term else 0,
            ]
        )
    officers = (
        Officer.objects.filter(society=society, starts_on__lte=as_of)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=as_of))
        .select_related("person")
        .order_by("position", "starts_on", "pk")
    )
    officer_rows = [
        [o.get_position_display(), o.person.name, _yes(o.full_time), _d(o.starts_on), _d(o.ends_on)]
        for o in officers
    ]
    composition = term_composition(council) if council else None
    composition_rows = []
    if composition:
        for key, label in (("grassroots", _("Grassroots / front line")), ("under50", _("Under 50"))):
            composition_rows.append(
                [
                    label,
                    composition[key],
                    composition["seats"],
                    percent(composition[f"{key}_share"]),
                    percent(composition[f"{key}_target"]),
                    _("Below target") if composition[f"{key}_below"] else _("Meets target"),
                ]
            )
    tables = {
        "bodies": Table(
            _("Governance bodies"),
            [_("Body"), _("Name"), _("Current term"), _("Starts"), _("Ends"), _("Seats")],
            body_rows,
        ),
        "officers": Table(
            _("Officers in office"),
            [
                _("Position"),
                pgettext("person", "Name"),
                _("Full-time"),
                pgettext("date", "From"),
                pgettext("date", "Until"),
            ],
            officer_rows,
        ),
        "composition": Table(
            _("Council composition (R-GOV-03)"),
            [_("Indicator"), _("Seats"), _("Council seats"), _("Share"), _("Target"), _("Result")],
            composition_rows,
        ),
    }
    return {
        "tables": tables,
        "shown": {
            "bodies": display(tables["bodies"], num=[5]),
            "officers": display(tables["officers"]),
            "composition": display(tables["composition"], num=[1, 2, 3, 4]),
        },
        "composition": composition,
        "council": council,
    }


# --- membership -------------------------------------------------------------------------------------


def _membership(society, year: int) -> dict:
    active = Q(status=MembershipStatus.ACTIVE)
    aggregates = {"active": Count("pk", filter=active)}
    for tier in MembershipTier:
        aggregates[f"tier_{tier.value}"] = Count("pk", filter=active & Q(tier=tier))
    for category in MembershipCategory:
        aggregates[f"cat_{category.value}"] = Count("pk", filter=active & Q(category=category))
    for region in Region:
        aggregates[f"region_{region.value}"] = Count("pk", filter=active & Q(person__region=region))
    aggregates["joined"] = Count("pk", filter=_in_year("joined_on", year))
    for status in LEFT:
        aggregates[f"left_{status.value}"] = Count("pk", filter=Q(status=status))
    years = list(range(year - TREND_YEARS + 1, year + 1))
    for y in years:
        by_end = Q(joined_on__isnull=True) | Q(joined_on__lte=date(y, 12, 31))
        aggregates[f"end_{y}"] = Count("pk", filter=active & by_end)
        aggregates[f"in_{y}"] = Count("pk", filter=_in_year("joined_on", y))
    a = Membership.objects.filter(society=society).aggregate(**aggregates)
    total = a["active"]

    def rows(prefix, choices):
        return [
            [
                str(c.label),
                a[f"{prefix}_{c.value}"],
                percent(a[f"{prefix}_{c.value}"] / total if total else None),
            ]
            for c in choices
        ]

    header = [_("Group"), _("Active members"), _("Share")]
    tables = {
        "tier": Table(_("Active members by tier"), [_("Tier"), *header[1:]], rows("tier", MembershipTier)),
        "category": Table(
            _("Active members by category"), [_("Category"), *header[1:]], rows("cat", MembershipCategory)
        ),
        "region": Table(_("Active members by region"), [_("Region"), *header[1:]], rows("region", Region)),
        "change": Table(
            _("Change of membership in the year"),
            [_("Item"), _("Members")],
            [[_("Joined in the year"), a["joined"]]] + [[str(s.label), a[f"left_{s.value}"]] for s in LEFT],
        ),
        "trend": Table(
            _("Active members at year end"),
            [_("Year"), _("Active members (approx.)"), _("Joined in the year")],
            [[str(y), a[f"end_{y}"], a[f"in_{y}"]] for y in years],
        ),
    }
    chart = line_chart(
        [str(y) for y in years],
        {
            _("Active members (approx.)"): [a[f"end_{y}"] for y in years],
            _("Joined in the year"): [a[f"in_{y}"] for y in years],
        },
    )
    return {
        "tables": tables,
        "shown": {key: display(t, num=[1, 2]) for key, t in tables.items()},
        "active": total,
        "joined": a["joined"],
        "left": sum(a[f"left_{s.value}"] for s in LEFT),
        "chart": chart,
    }


def _trend_note() -> str:
    return _(
        "Members at the end of each year are approximated from the joining dates of today's active "
        "memberships (members who left since are not counted for earlier years)."
    )


# --- branches, activities, awards -------------------------------------------------------------------
