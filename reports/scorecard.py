"""The first-class society scorecard 一流学会评估 (R-EV-01): every active society scored per calendar year on
seven indicator areas from the portal's own data, with the formula and the weights shown to the reader.

Contract:
- `compute(year, society_ids=None)` scores *all* active societies — the count-type areas are relative to
  the best society of the year and the ranks compare a society with its discipline group and size tier —
  and returns the rows of `society_ids` (all when None), best total first. It runs a constant number of
  queries whatever the number of societies (one per source table and year, plus the weights): grouped
  aggregates and subqueries, never a query per society.
- The year is a calendar year: an activity counts when it was filed and approved (status "approved") and
  starts in the year; a talent recommendation when its pre-review was approved in the year; a finding
  when it was open at the end of the year (opened on or before 31 December and not closed by then).
- Members are the society's active memberships that began on or before 31 December of the year (or carry
  no start date). The size tier follows them: large ≥ 50,000, medium 10,000–50,000, small < 10,000.
- Count-type areas (academic, think tank, popular science, industry, international) combine their inputs
  into one value (`FORMULAS`), and score 100 × value ÷ the highest value among the active societies that
  year (0 for all when every value is 0). Governance and compliance are deductions from 100.
- The total is the mean of the area scores weighted by the rule settings `scorecard_weight_<area>`
  (changed by CAST, audited); stars follow the total (`STAR_THRESHOLDS`). Ranks are competition ranks
  (1 = best; equal totals share a rank) within the same discipline group and within the same size tier.
- Every figure behind a score is kept in `SocietyScore.inputs`, labelled by `INPUTS`, so a page can show
  it and link to the records behind it.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.choices import ActivityKind, ActivityStatus
from activities.models import Activity
from compliance.choices import UNRESOLVED, Severity
from compliance.models import Finding
from core.rule_settings import all_rule_settings
from members.choices import MembershipCategory, MembershipStatus, Region
from members.models import Membership
from party_building.choices import MatterKind, MatterStatus
from party_building.models import MajorMatter
from societies.choices import Discipline, SocietyStatus
from societies.models import CharterVersion, Society

if TYPE_CHECKING:
    from .models import ScorecardData

AREAS = [
    ("academic", _("Academic leadership")),
    ("think_tank", _("Think tank")),
    ("popular_science", _("Popular science")),
    ("industry", _("Industry integration")),
    ("international", _("Internationalization")),
    ("governance", _("Internal governance")),
    ("compliance", _("Compliance")),
]
AREA_KEYS = [key for key, _label in AREAS]
AREA_LABELS = dict(AREAS)

ACADEMIC_KINDS = (ActivityKind.CONFERENCE, ActivityKind.SEMINAR, ActivityKind.FORUM)
THINK_TANK_KINDS = (ActivityKind.TECH_SERVICE, ActivityKind.EVALUATION_COMMENDATION)
POPULAR_KINDS = (ActivityKind.POPULAR_SCIENCE, ActivityKind.VOLUNTEER_SERVICE)
GOVERNANCE_RULES = ("R-GOV-02", "R-GOV-03", "R-GOV-04")

PARTICIPANTS_PER_POINT = 1000  # 1,000 participants weigh as much as one more activity
MEMBERS_PER_POINT = 10  # 10 unit (or non-mainland) members weigh as much as one more activity
GOVERNANCE_BASE = 90
GOVERNANCE_PER_FINDING = 25
GOVERNANCE_CLAUSE_BONUS = 10
COMPLIANCE_DEDUCTIONS = {Severity.VIOLATION: 20, Severity.WARNING: 10, Severity.ADVISORY: 5}

# The raw figures of each area, in the order pages list them.
INPUTS: dict[str, list[tuple[str, object]]] = {
    "academic": [
        ("conference", _("Academic conferences filed")),
        ("seminar", _("Seminars filed")),
        ("forum", _("Forums filed")),
        ("participants", _("Participants in them")),
    ],
    "think_tank": [
        ("tech_service", _("Technology services filed")),
        ("evaluation_commendation", _("Evaluations / commendations filed")),
        ("talent_recommendation", _("Talent recommendations approved in pre-review")),
    ],
    "popular_science": [
        ("popular_science", _("Popular-science activities filed")),
        ("volunteer_service", _("S&T volunteer services filed")),
        ("participants", _("Participants in them")),
    ],
    "industry": [
        ("tech_service", _("Technology services filed")),
        ("unit_members", _("Active unit members")),
    ],
    "international": [
        ("overseas_exchange", _("Overseas academic exchanges filed")),
        ("foreign_partner", _("Activities with a foreign partner or donation")),
        ("non_mainland_members", _("Active members from outside the mainland")),
    ],
    "governance": [
        ("findings", _("Unresolved governance findings (R-GOV-02, R-GOV-03, R-GOV-04)")),
        ("party_clause", _("Charter has the Party-leadership clause")),
    ],
    "compliance": [
        ("violations", _("Unresolved violations")),
        ("warnings", _("Unresolved warnings")),
        ("advisories", _("Unresolved advisories")),
    ],
}

FORMULAS = {
    "academic": _(
        "Value = academic conferences + seminars + forums filed + participants ÷ 1,000; "
        "score = 100 × value ÷ the highest value among the active societies."
    ),
    "think_tank": _(
        "Value = technology services + evaluations / commendations filed + talent recommendations approved "
        "in pre-review; score = 100 × value ÷ the highest value among the active societies."
    ),
    "popular_science": _(
        "Value = popular-science activities + S&T volunteer services filed + participants ÷ 1,000; "
        "score = 100 × value ÷ the highest value among the active societies."
    ),
    "industry": _(
        "Value = technology services filed + active unit members ÷ 10; "
        "score = 100 × value ÷ the highest value among the active societies."
    ),
    "international": _(
        "Value = overseas academic exchanges + activities with a foreign partner or donation filed + "
        "active members from outside the mainland ÷ 10; "
        "score = 100 × value ÷ the highest value among the active societies."
    ),
    "governance": _(
        "Score = 90 − 25 per unresolved governance finding (R-GOV-02, R-GOV-03, R-GOV-04) at year end "
        "+ 10 when the charter in force at year end has the Party-leadership clause; between 0 and 100."
    ),
    "compliance": _(
        "Score = 100 − 20 per violation − 10 per warning − 5 per advisory unresolved at year end; at least 0."
    ),
}
TOTAL_FORMULA = _(
    "Total = Σ (area score × area weight) ÷ Σ area weights. Activities count when filed, approved and "
    "starting in the year; findings when still unresolved on 31 December."
)
STAR_THRESHOLDS = ((85, 5), (70, 4), (55, 3), (40, 2))
STARS_TEXT = _("★★★★★ from 85, ★★★★ from 70, ★★★ from 55, ★★ from 40, ★ below 40.")


class SizeTier:
    LARGE, MEDIUM, SMALL = "large", "medium", "small"
    LABELS = {
        LARGE: _("Large (50,000 members or more)"),
        MEDIUM: _("Medium (10,000–50,000 members)"),
        SMALL: _("Small (under 10,000 members)"),
    }
    SHORT = {LARGE: _("Large"), MEDIUM: _("Medium"), SMALL: _("Small")}
    choices = list(LABELS.items())

    @classmethod
    def of(cls, members: int) -> str:
        if members >= 50_000:
            return cls.LARGE
        if members >= 10_000:
            return cls.MEDIUM
        return cls.SMALL


@dataclass(frozen=True)
class SocietyRef:
    id: int
    name: str
    code: str
    discipline: str

    @property
    def discipline_label(self) -> str:
        return str(Discipline(self.discipline).label) if self.discipline in Discipline.values else ""


@dataclass
class SocietyScore:
    """One society's scorecard for one year."""

    society: SocietyRef
    year: int
    size_tier: str
    members: int
    inputs: dict[str, dict[str, float | int | bool]]
    scores: dict[str, float]
    total: float
    stars: int
    rank_in_discipline: int = 0
    rank_in_size_tier: int = 0
    previous_total: float | None = None
    # How many societies share the discipline group / size tier (the "of N" beside a rank).
    discipline_count: int = 0
    size_tier_count: int = 0
    values: dict[str, float] = field(default_factory=dict)  # the count-type areas' combined values

    @property
    def size_tier_label(self) -> str:
        return str(SizeTier.LABELS[self.size_tier])

    @property
    def size_tier_short(self) -> str:
        return str(SizeTier.SHORT[self.size_tier])

    @property
    def star_glyphs(self) -> str:
        return "★" * self.stars + "☆" * (5 - self.stars)

    @property
    def trend(self) -> float | None:
        """Change of the total against last year (None when there is nothing to compare)."""
        return None if self.previous_total is None else round1(self.total - self.previous_total)


def weights() -> dict[str, int]:
    """The area weights from the rule settings (one query)."""
    settings = all_rule_settings()
    return {area: int(settings[f"scorecard_weight_{area}"]) for area in AREA_KEYS}


def round1(value: float) -> float:
    """Rounded to one decimal, halves up (74.25 → 74.3), as a reader rounds."""
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def stars_for(total: float) -> int:
    for threshold, stars in STAR_THRESHOLDS:
        if total >= threshold:
            return stars
    return 1


def _year_end(year: int) -> datetime:
    """The first instant after 31 December of `year`, in the portal's time zone."""
    return timezone.make_aware(datetime(year + 1, 1, 1))  # noqa: DTZ001 - made aware at once


def _societies(year: int) -> list[tuple[SocietyRef, bool]]:
    """The active societies and whether the charter in force at year end has the Party clause (1 query)."""
    charter = CharterVersion.objects.filter(society=OuterRef("pk"), adopted_on__lte=date(year, 12, 31))
    clause = Subquery(charter.order_by("-adopted_on", "-version").values("has_party_leadership_clause")[:1])
    rows = (
        Society.objects.filter(status=SocietyStatus.ACTIVE)
        .annotate(clause=clause)
        .order_by("code")
        .values_list("pk", "name", "code", "discipline", "clause")
    )
    return [(SocietyRef(pk, name, code, discipline), bool(c)) for pk, name, code, discipline, c in rows]


def _participants(kinds) -> Sum:
    return Coalesce(
        Sum(Coalesce("actual_participants", "participants"), filter=Q(kind__in=kinds)),
        0,
        output_field=IntegerField(),
    )


def _activity_counts(year: int) -> dict[int, dict]:
    """Per society: approved activities starting in the year by kind, foreign ones, participants (1 query)."""
    kinds = {*ACADEMIC_KINDS, *THINK_TANK_KINDS, *POPULAR_KINDS, ActivityKind.OVERSEAS_EXCHANGE}
    rows = (
        Activity.objects.filter(
            society__status=SocietyStatus.ACTIVE,
            status=ActivityStatus.APPROVED,
            starts_on__gte=date(year, 1, 1),
            starts_on__lte=date(year, 12, 31),
        )
        .values("society_id")
        .annotate(
            **{kind.value: Count("pk", filter=Q(kind=kind)) for kind in kinds},
            foreign_partner=Count("pk", filter=Q(foreign_donation__gt=0) | ~Q(foreign_partner="")),
            academic_participants=_participants(ACADEMIC_KINDS),
            popular_participants=_participants(POPULAR_KINDS),
        )
        .order_by()
    )
    return {row.pop("society_id"): row for row in rows}


def _membership_counts(years: Iterable[int]) -> dict[int, dict[int, dict]]:
    """Per year, per society: active members (joined by year end), unit members, members from outside the
    mainland — every year asked for in the same two queries.

    Two, not one: the members from outside the mainland need the person's region, and joining 6M
    memberships to 6M people took 15 s per year at full scale (the hash join spilled to disk). Counted
    from the few people outside the mainland instead (an index keeps just them, members migration 0012),
    the second query joins a few hundred thousand rows; the first never touches the people."""
    years = sorted(set(years))
    active = Membership.objects.filter(society__status=SocietyStatus.ACTIVE, status=MembershipStatus.ACTIVE)

    def joined_by(year: int) -> Q:
        return Q(joined_on__isnull=True) | Q(joined_on__lte=date(year, 12, 31))

    counts: dict[str, Count] = {}
    for year in years:
        counts[f"members_{year}"] = Count("pk", filter=joined_by(year))
        counts[f"unit_members_{year}"] = Count(
            "pk", filter=joined_by(year) & Q(category=MembershipCategory.UNIT)
        )
    outside = {f"non_mainland_{year}": Count("pk", filter=joined_by(year)) for year in years}
    out: dict[int, dict[int, dict]] = {year: {} for year in years}
    for row in active.values("society_id").annotate(**counts).order_by():
        for year in years:
            out[year][row["society_id"]] = {
                "members": row[f"members_{year}"],
                "unit_members": row[f"unit_members_{year}"],
                "non_mainland_members": 0,
            }
    not_mainland = active.filter(~Q(person__region=Region.MAINLAND))
    for row in not_mainland.values("society_id").annotate(**outside).order_by():
        for year in years:
            if row["society_id"] in out[year]:
                out[year][row["society_id"]]["non_mainland_members"] = row[f"non_mainland_{year}"]
    return out


def _talent_recommendations(year: int) -> dict[int, int]:
    start, end = _year_end(year - 1), _year_end(year)
    rows = (
        MajorMatter.objects.filter(
            society__status=SocietyStatus.ACTIVE,
            kind=MatterKind.TALENT_RECOMMENDATION,
            status=MatterStatus.APPROVED,
            decided_at__gte=start,
            decided_at__lt=end,
        )
        .values("society_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["society_id"]: row["n"] for row in rows}


def _finding_counts(year: int) -> dict[int, dict]:
    """Per society: findings open at the end of the year, by severity and the governance ones (1 query)."""
    end = _year_end(year)
    open_at_end = Q(opened_at__lt=end) & (Q(status__in=UNRESOLVED) | Q(resolved_at__gte=end))
    rows = (
        Finding.objects.filter(open_at_end, society__status=SocietyStatus.ACTIVE)
        .values("society_id")
        .annotate(
            violations=Count("pk", filter=Q(severity=Severity.VIOLATION)),
            warnings=Count("pk", filter=Q(severity=Severity.WARNING)),
            advisories=Count("pk", filter=Q(severity=Severity.ADVISORY)),
            governance=Count("pk", filter=Q(rule__in=GOVERNANCE_RULES)),
        )
        .order_by()
    )
    return {row.pop("society_id"): row for row in rows}


def combined_value(area: str, inputs: dict) -> float:
    """The one value a count-type area's score is relative to (see FORMULAS)."""
    if area == "academic":
        events = inputs["conference"] + inputs["seminar"] + inputs["forum"]
        return events + inputs["participants"] / PARTICIPANTS_PER_POINT
    if area == "think_tank":
        return inputs["tech_service"] + inputs["evaluation_commendation"] + inputs["talent_recommendation"]
    if area == "popular_science":
        events = inputs["popular_science"] + inputs["volunteer_service"]
        return events + inputs["participants"] / PARTICIPANTS_PER_POINT
    if area == "industry":
        return inputs["tech_service"] + inputs["unit_members"] / MEMBERS_PER_POINT
    if area == "international":
        activities = inputs["overseas_exchange"] + inputs["foreign_partner"]
        return activities + inputs["non_mainland_members"] / MEMBERS_PER_POINT
    raise ValueError(f"{area!r} is not a count-type area")


COUNT_AREAS = ("academic", "think_tank", "popular_science", "industry", "international")


def governance_score(findings: int, party_clause: bool) -> float:
    score = GOVERNANCE_BASE - GOVERNANCE_PER_FINDING * findings
    score += GOVERNANCE_CLAUSE_BONUS if party_clause else 0
    return float(max(0, min(100, score)))


def compliance_score(violations: int, warnings: int, advisories: int) -> float:
    deduction = (
        COMPLIANCE_DEDUCTIONS[Severity.VIOLATION] * violations
        + COMPLIANCE_DEDUCTIONS[Severity.WARNING] * warnings
        + COMPLIANCE_DEDUCTIONS[Severity.ADVISORY] * advisories
    )
    return float(max(0, 100 - deduction))


def _inputs_for(
    society_id: int, clause: bool, activities: dict, members: dict, talents: dict, findings: dict
) -> tuple[int, dict]:
    a = activities.get(society_id, {})
    m = members.get(society_id, {})
    f = findings.get(society_id, {})
    n = a.get  # missing rows mean zero
    return m.get("members", 0), {
        "academic": {
            "conference": n("conference", 0),
            "seminar": n("seminar", 0),
            "forum": n("forum", 0),
            "participants": n("academic_participants", 0),
        },
        "think_tank": {
            "tech_service": n("tech_service", 0),
            "evaluation_commendation": n("evaluation_commendation", 0),
            "talent_recommendation": talents.get(society_id, 0),
        },
        "popular_science": {
            "popular_science": n("popular_science", 0),
            "volunteer_service": n("volunteer_service", 0),
            "participants": n("popular_participants", 0),
        },
        "industry": {"tech_service": n("tech_service", 0), "unit_members": m.get("unit_members", 0)},
        "international": {
            "overseas_exchange": n("overseas_exchange", 0),
            "foreign_partner": n("foreign_partner", 0),
            "non_mainland_members": m.get("non_mainland_members", 0),
        },
        "governance": {"findings": f.get("governance", 0), "party_clause": clause},
        "compliance": {
            "violations": f.get("violations", 0),
            "warnings": f.get("warnings", 0),
            "advisories": f.get("advisories", 0),
        },
    }


def _rank(rows: list[SocietyScore], group_of, attr: str, count_attr: str) -> None:
    """Competition ranks (1, 2, 2, 4) by total within each group."""
    groups: dict[str, list[SocietyScore]] = defaultdict(list)
    for row in rows:
        groups[group_of(row)].append(row)
    for members in groups.values():
        members.sort(key=lambda r: -r.total)
        for i, row in enumerate(members):
            same_as_before = i and row.total == members[i - 1].total
            setattr(row, attr, getattr(members[i - 1], attr) if same_as_before else i + 1)
            setattr(row, count_attr, len(members))


def gather(years: Iterable[int]) -> dict[int, dict]:
    """The counts behind the scorecards of `years`, per year: the active societies (with the Party clause
    of their charter at year end), activities, members, talent recommendations and findings by society —
    the slow part of a scorecard (reading 6M memberships), kept as plain JSON-ready data so it can be
    stored (ScorecardData) and scored again with other weights without reading them again."""
    years = sorted(set(years))
    members = _membership_counts(years)
    return {
        year: {
            "societies": [[s.id, s.name, s.code, s.discipline, clause] for s, clause in _societies(year)],
            "activities": _activity_counts(year),
            "members": members[year],
            "talents": _talent_recommendations(year),
            "findings": _finding_counts(year),
        }
        for year in years
    }


def _by_society(counts: dict) -> dict[int, Any]:
    """A count table keyed by society id, whether fresh (int keys) or read back from JSON (str keys)."""
    return {int(key): value for key, value in counts.items()}


def _score_year(year: int, area_weights: dict[str, int], data: dict) -> list[SocietyScore]:
    """Every active society's scorecard for `year` from the year's counts (gather), without the previous
    year. No query."""
    activities = _by_society(data["activities"])
    members = _by_society(data["members"])
    talents = _by_society(data["talents"])
    findings = _by_society(data["findings"])
    rows: list[SocietyScore] = []
    for pk, name, code, discipline, clause in data["societies"]:
        society = SocietyRef(pk, name, code, discipline)
        count, inputs = _inputs_for(society.id, clause, activities, members, talents, findings)
        rows.append(
            SocietyScore(
                society=society,
                year=year,
                size_tier=SizeTier.of(count),
                members=count,
                inputs=inputs,
                scores={},
                total=0.0,
                stars=1,
                values={area: combined_value(area, inputs[area]) for area in COUNT_AREAS},
            )
        )
    best = {area: max((r.values[area] for r in rows), default=0) for area in COUNT_AREAS}
    weight_sum = sum(area_weights.values())
    for row in rows:
        scores = {area: (100 * row.values[area] / best[area] if best[area] else 0.0) for area in COUNT_AREAS}
        gov = row.inputs["governance"]
        scores["governance"] = governance_score(gov["findings"], gov["party_clause"])
        scores["compliance"] = compliance_score(**row.inputs["compliance"])
        row.scores = {area: round1(scores[area]) for area in AREA_KEYS}
        weighted = sum(scores[area] * area_weights[area] for area in AREA_KEYS)
        row.total = round1(weighted / weight_sum) if weight_sum else 0.0
        row.stars = stars_for(row.total)
    _rank(rows, lambda r: r.society.discipline, "rank_in_discipline", "discipline_count")
    _rank(rows, lambda r: r.size_tier, "rank_in_size_tier", "size_tier_count")
    return rows


def compute(
    year: int, society_ids: Iterable[int] | None = None, *, data: dict[int, dict] | None = None
) -> list[SocietyScore]:
    """The scorecards of `year` of the societies `society_ids` (all active societies when None), best
    total first, each with last year's total. Scores and ranks are always relative to all active
    societies. `data`: the counts of `year` and `year - 1` (gather, or a stored ScorecardData); read
    afresh when None — a constant number of queries: 2 for the members of both years, 4 per year, 1 for
    the weights."""
    area_weights = weights()
    if data is None:
        data = gather([year, year - 1])
    rows = _score_year(year, area_weights, data[year])
    previous = {r.society.id: r.total for r in _score_year(year - 1, area_weights, data[year - 1])}
    wanted = None if society_ids is None else set(society_ids)
    out = [r for r in rows if wanted is None or r.society.id in wanted]
    for row in out:
        row.previous_total = previous.get(row.society.id)
    out.sort(key=lambda r: (-r.total, r.society.code))
    return out


def store(years: Iterable[int]) -> dict[int, "ScorecardData"]:
    """Gather the counts of `years` afresh and store them (one ScorecardData row per year)."""
    from .models import ScorecardData

    now = timezone.now()
    return {
        year: ScorecardData.objects.update_or_create(year=year, defaults={"data": data, "computed_at": now})[
            0
        ]
        for year, data in gather(years).items()
    }


def latest(year: int, society_ids: Iterable[int] | None = None) -> tuple[list[SocietyScore], datetime]:
    """compute() on the stored counts of `year` and `year - 1` (one query, and the weights), and when
    they were computed (the older of the two). A year never stored is gathered and stored now, once."""
    from .models import ScorecardData

    years = (year, year - 1)
    stored = {d.year: d for d in ScorecardData.objects.filter(year__in=years)}
    if missing := [y for y in years if y not in stored]:
        stored |= store(missing)
    rows = compute(year, society_ids, data={y: stored[y].data for y in years})
    return rows, min(stored[y].computed_at for y in years)


def refresh_years() -> list[int]:
    """The years the nightly refresh recomputes: the current year (filings still come in), the default
    year and the one before it (late approvals, findings resolved)."""
    year = default_year()
    return [year - 1, year, year + 1]


def default_year() -> int:
    """The scorecard shown when no year is asked for: the last full calendar year."""
    return timezone.localdate().year - 1
