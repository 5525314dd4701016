"""年度工作报告 (R-GOV-05): one society's work in one year, assembled from the portal's data, with the
secretary's narrative sections first (NARRATIVE_SECTIONS order, the overview carrying the key figures)
and then one chapter per area: governance, membership, branches, activities, awards, Party building,
finance and compliance findings.

A constant number of queries whatever the number of members, branches, activities or findings: grouped
aggregates, one query per list and prefetches (about 25 in all, see tests/reports)."""

from datetime import date, datetime

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from activities.choices import ActivityKind, ActivityStatus
from activities.models import Activity
from awards.choices import NominationStatus
from awards.models import AwardProgram, AwardRound
from branches.choices import STANDING
from branches.models import Branch, BranchAssessment
from compliance.choices import UNRESOLVED, FindingStatus
from compliance.models import Finding
from compliance.rule_titles import rule_title
from core.rule_settings import rule_setting
from members.choices import MembershipCategory, MembershipStatus, MembershipTier, Region
from members.models import Membership
from party_building.models import Donation, Expenditure, MajorMatter, PartyOrganization
from reports.formatting import cny, count, percent
from reports.models import NARRATIVE_SECTIONS
from reports.svg import bar_chart, line_chart
from societies.choices import BodyKind, TermStatus
from societies.models import GovernanceBody, Officer, Term
from societies.selectors import term_composition

from . import Table

TREND_YEARS = 5
LEFT = (MembershipStatus.LAPSED, MembershipStatus.WITHDRAWN, MembershipStatus.EXPELLED)


def display(table: Table, num=()) -> dict:
    """A table as the PDF shows it: every cell as text, numbers (`num`: column indexes) right-aligned
    and formatted — ints as counts (1,234); strings (money, shares) as they were formatted already."""
    num = set(num)

    def cell(i, value):
        text = count(value) if isinstance(value, int) and not isinstance(value, bool) else str(value)
        return text, i in num

    return {
        "title": table.title,
        "header": [(str(h), i in num) for i, h in enumerate(table.header)],
        "rows": [[cell(i, v) for i, v in enumerate(row)] for row in table.rows],
        "width": len(table.header),
    }


def _d(value) -> str:
    return value.isoformat() if value else "—"


def _yes(flag: bool) -> str:
    return _("Yes") if flag else _("No")


def _in_year(field: str, year: int) -> Q:
    return Q(**{f"{field}__gte": date(year, 1, 1), f"{field}__lte": date(year, 12, 31)})


def _year_span(field: str, year: int) -> Q:
    """A datetime field within the calendar year, in the portal's time zone."""
    start = timezone.make_aware(datetime(year, 1, 1))  # noqa: DTZ001
    end = timezone.make_aware(datetime(year + 1, 1, 1))  # noqa: DTZ001
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


# --- governance -------------------------------------------------------------------------------------


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


def _branches(society, year: int) -> dict:
    branches = (
        Branch.objects.filter(society=society, status__in=STANDING)
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=BranchAssessment.objects.filter(year=year),
                to_attr="year_assessments",
            )
        )
        .order_by("name")
    )
    rows = []
    for b in branches:
        a = next(iter(b.year_assessments), None)
        rows.append(
            [
                b.name,
                b.get_kind_display(),
                b.get_status_display(),
                _d(b.established_on),
                a.activities_approved if a else "—",
                a.members_served if a else "—",
                a.get_grade_display() if a else _("Not assessed"),
            ]
        )
    table = Table(
        _("Standing branch offices and their assessment"),
        [
            _("Branch office"),
            _("Kind"),
            _("Status"),
            _("Established"),
            _("Activities approved"),
            _("Members served"),
            _("Assessment"),
        ],  # fmt: skip
        rows,
    )
    return {
        "tables": {"branches": table},
        "shown": {"branches": display(table, num=[4, 5])},
        "count": len(rows),
    }


def _activities(society, year: int) -> dict:
    filed = Activity.objects.filter(society=society, status=ActivityStatus.APPROVED).filter(
        _in_year("starts_on", year)
    )
    by_kind = dict(filed.values_list("kind").annotate(n=Count("pk")).order_by())
    participants = filed.aggregate(n=Sum("participants"))["n"] or 0
    foreign = Q(is_overseas=True) | Q(kind=ActivityKind.OVERSEAS_EXCHANGE) | ~Q(foreign_partner="")
    foreign |= Q(foreign_donation__gt=0)
    listed = list(filed.filter(foreign).order_by("starts_on", "pk"))
    overseas = [a for a in listed if a.is_overseas or a.kind == ActivityKind.OVERSEAS_EXCHANGE]
    partnered = [a for a in listed if a.foreign_partner or a.foreign_donation]
    total = sum(by_kind.values())
    kinds = [k for k in ActivityKind if by_kind.get(k.value)]
    tables = {
        "kinds": Table(
            _("Activities filed by kind"),
            [_("Kind"), _("Activities"), _("Share")],
            [[str(k.label), by_kind[k.value], percent(by_kind[k.value] / total)] for k in kinds],
        ),
        "overseas": Table(
            _("Overseas activities"),
            [_("Title"), _("Kind"), _("Dates"), _("Place"), _("Participants")],
            [
                [
                    a.title,
                    a.get_kind_display(),
                    f"{_d(a.starts_on)} – {_d(a.ends_on)}",
                    a.location,
                    a.actual_participants or a.participants,
                ]  # fmt: skip
                for a in overseas
            ],
        ),
        "foreign": Table(
            _("Activities with a foreign partner or donation"),
            [
                _("Title"),
                _("Foreign partner"),
                _("Foreign donation"),
                _("Foreign-affairs approval"),
                _("Dates"),
            ],
            [
                [
                    a.title,
                    a.foreign_partner or "—",
                    cny(a.foreign_donation) if a.foreign_donation else "—",
                    a.foreign_affairs_approval_ref or "—",
                    f"{_d(a.starts_on)} – {_d(a.ends_on)}",
                ]  # fmt: skip
                for a in partnered
            ],
        ),
    }
    chart = bar_chart([str(k.label) for k in kinds], [by_kind[k.value] for k in kinds])
    return {
        "tables": tables,
        "shown": {
            "kinds": display(tables["kinds"], num=[1, 2]),
            "overseas": display(tables["overseas"], num=[4]),
            "foreign": display(tables["foreign"], num=[2]),
        },
        "count": total,
        "participants": participants,
        "chart": chart,
    }


def _awards(society, year: int) -> dict:
    rounds = AwardRound.objects.filter(year=year).annotate(
        nominations_n=Count("nominations", filter=~Q(nominations__status=NominationStatus.WITHDRAWN)),
        winners_n=Count("nominations", filter=Q(nominations__status=NominationStatus.WINNER)),
    )
    programs = (
        AwardProgram.objects.filter(society=society)
        .prefetch_related(Prefetch("rounds", queryset=rounds.order_by("year", "pk"), to_attr="year_rounds"))
        .order_by("name")
    )
    program_rows, round_rows = [], []
    for p in programs:
        program_rows.append(
            [
                p.name,
                p.get_category_display(),
                _("Every %(n)s year(s)") % {"n": p.cycle_years},
                p.quota,
                p.get_status_display(),
            ]  # fmt: skip
        )
        for r in p.year_rounds:
            round_rows.append([p.name, str(r.year), r.get_status_display(), r.nominations_n, r.winners_n])
    tables = {
        "programs": Table(
            _("Award programs"),
            [_("Program"), _("Category"), _("Cycle"), _("Quota"), _("Status")],
            program_rows,
        ),
        "rounds": Table(
            _("Award rounds of the year"),
            [_("Program"), _("Year"), _("Status"), _("Nominations"), _("Winners")],
            round_rows,
        ),
    }
    return {
        "tables": tables,
        "shown": {
            "programs": display(tables["programs"], num=[3]),
            "rounds": display(tables["rounds"], num=[3, 4]),
        },
    }


# --- Party building, finance, findings --------------------------------------------------------------


def _party(society, year: int) -> dict:
    organizations = PartyOrganization.objects.filter(society=society).select_related("branch")
    matters = MajorMatter.objects.filter(society=society).filter(_year_span("submitted_at", year))
    tables = {
        "organizations": Table(
            _("Party organizations"),
            [_("Level"), _("Branch office"), _("Party secretary"), _("Party members"), _("Established")],
            [
                [
                    o.get_level_display(),
                    o.branch.name if o.branch_id else "—",
                    o.secretary_name or "—",
                    o.members_count,
                    _d(o.established_on),
                ]  # fmt: skip
                for o in organizations
            ],
        ),
        "matters": Table(
            _("Major matters of the year and their pre-review (R-PB-02)"),
            [_("Matter"), _("Kind"), _("Amount"), _("Submitted"), _("Pre-review"), _("Decided")],
            [
                [
                    m.title,
                    m.get_kind_display(),
                    cny(m.amount) if m.amount is not None else "—",
                    _d(timezone.localdate(m.submitted_at)),
                    m.get_status_display(),
                    _d(timezone.localdate(m.decided_at)) if m.decided_at else "—",
                ]  # fmt: skip
                for m in matters.order_by("submitted_at", "pk")
            ],
        ),
    }
    return {
        "tables": tables,
        "shown": {
            "organizations": display(tables["organizations"], num=[3]),
            "matters": display(tables["matters"], num=[2]),
        },
    }


def _finance(society, year: int) -> dict:
    donation_threshold = rule_setting("large_donation_threshold")
    expenditure_threshold = rule_setting("large_expenditure_threshold")
    donations = Donation.objects.filter(society=society).filter(_in_year("received_on", year))
    expenditures = Expenditure.objects.filter(society=society).filter(_in_year("spent_on", year))
    d = donations.aggregate(
        n=Count("pk"), total=Sum("amount"), foreign=Count("pk", filter=Q(is_foreign=True))
    )
    e = expenditures.aggregate(n=Count("pk"), total=Sum("amount"))
    large_donations = donations.filter(Q(amount__gte=donation_threshold) | Q(is_foreign=True)).order_by(
        "received_on", "pk"
    )
    large_expenditures = expenditures.filter(amount__gte=expenditure_threshold).order_by("spent_on", "pk")
    tables = {
        "summary": Table(
            _("Donations and expenditures of the year"),
            [_("Item"), _("Records"), _("Amount")],
            [
                [_("Donations received"), d["n"], cny(d["total"] or 0)],
                [_("Expenditures"), e["n"], cny(e["total"] or 0)],
            ],
        ),
        "donations": Table(
            _("Large and foreign donations"),
            [_("Donor"), _("Purpose"), _("Received"), _("Foreign source"), _("Amount"), _("Status")],
            [
                [
                    x.donor,
                    x.purpose,
                    _d(x.received_on),
                    _yes(x.is_foreign),
                    cny(x.amount),
                    x.get_status_display(),
                ]
                for x in large_donations
            ],
        ),
        "expenditures": Table(
            _("Large expenditures"),
            [_("Purpose"), _("Date"), _("Amount"), _("Status")],
            [[x.purpose, _d(x.spent_on), cny(x.amount), x.get_status_display()] for x in large_expenditures],
        ),
    }
    return {
        "tables": tables,
        "shown": {
            "summary": display(tables["summary"], num=[1, 2]),
            "donations": display(tables["donations"], num=[4]),
            "expenditures": display(tables["expenditures"], num=[2]),
        },
        "donation_threshold": donation_threshold,
        "expenditure_threshold": expenditure_threshold,
        "donations_total": d["total"] or 0,
        "expenditures_total": e["total"] or 0,
        "foreign_donations": d["foreign"],
    }


def _findings(society, year: int) -> dict:
    findings = (
        Finding.objects.filter(society=society)
        .filter(_year_span("opened_at", year) | Q(status__in=UNRESOLVED))
        .order_by("opened_at", "pk")
    )
    rows, unresolved, resolved = [], 0, 0
    for f in findings:
        unresolved += f.is_unresolved
        resolved += f.status == FindingStatus.RESOLVED
        rows.append(
            [
                f.rule,
                rule_title(f.rule) or "—",
                f.get_severity_display(),
                f.text,
                _d(timezone.localdate(f.opened_at)),
                f.get_status_display(),
                _d(f.deadline) + (f" ({_('overdue')})" if f.is_overdue else ""),
                f.rectification or f.closing_comment or "—",
            ]
        )
    table = Table(
        _("Compliance findings and their rectification"),
        [
            _("Rule"),
            _("Rule name"),
            _("Severity"),
            _("Finding"),
            _("Opened"),
            _("Status"),
            _("Deadline"),
            _("Rectification"),
        ],  # fmt: skip
        rows,
    )
    return {
        "tables": {"findings": table},
        "shown": {"findings": display(table)},
        "unresolved": unresolved,
        "count": len(rows),
        "resolved": resolved,
    }


def build(report) -> dict:
    society, year = report.society, report.year or timezone.localdate().year - 1
    annual = report.annual_report
    narrative = (annual.narrative if annual is not None else None) or {}
    as_of = min(date(year, 12, 31), timezone.localdate())

    governance = _governance(society, year, as_of)
    membership = _membership(society, year)
    branches = _branches(society, year)
    activities = _activities(society, year)
    awards = _awards(society, year)
    party = _party(society, year)
    finance = _finance(society, year)
    findings = _findings(society, year)

    narratives = [
        {
            "key": key,
            "anchor": f"narrative-{key}",
            "heading": str(heading),
            "text": str(narrative.get(key) or ""),
        }
        for key, heading in NARRATIVE_SECTIONS.items()
    ]
    # The overview always opens the report (it carries the key figures); other sections when written.
    narratives = [n for n in narratives if n["key"] == "overview" or n["text"].strip()]
    chapters = [
        ("governance", _("Governance")),
        ("membership", _("Membership")),
        ("branches", _("Branch offices")),
        ("activities", _("Activities")),
        ("awards", _("Awards")),
        ("party", _("Party building")),
        ("finance", _("Donations and expenditures")),
        ("findings", _("Compliance findings")),
    ]
    parts = [governance, membership, branches, activities, awards, party, finance, findings]
    tables = [t for part in parts for t in part["tables"].values()]
    figures = [
        (_("Active members"), count(membership["active"])),
        (_("Standing branch offices"), count(branches["count"])),
        (_("Activities filed"), count(activities["count"])),
        (_("Unresolved findings"), count(findings["unresolved"])),
    ]
    return {
        "title": _("Annual work report"),
        "subtitle": _("%(society)s · %(year)s") % {"society": society.name, "year": year},
        "society": society,
        "year": year,
        "annual": annual,
        "sections": [(n["anchor"], n["heading"]) for n in narratives] + chapters,
        "narratives": narratives,
        "figures": figures,
        "governance": governance,
        "membership": membership,
        "trend_note": _trend_note(),
        "branches": branches,
        "activities": activities,
        "awards": awards,
        "party": party,
        "finance": finance,
        "findings": findings,
        "tables": tables,
    }
