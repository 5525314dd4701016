"""What the CAST compliance dashboard and the per-rule control pages show, read in a fixed number of
queries whatever the number of societies or findings.

Every function takes the user and `Filters` (discipline group, severity), scopes its rows with
`restrict(..., user, VIEW)` and aggregates in the database. Results are plain lists and dicts of
labels and numbers: the views turn them into chart data and CSV rows without further queries.
Labels are resolved here (rule titles, severity and area names), so no page shows a bare code.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    Case,
    CharField,
    Count,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import VIEW, restrict
from societies.choices import Discipline, SocietyStatus
from societies.models import Society

from .choices import UNRESOLVED, Severity, SweepStatus
from .models import Finding, Sweep
from .registry import AREAS, checks
from .rule_titles import rule_title

OTHER_AREA = "other"
OTHER_AREA_LABEL = _("Other")
TOP_SOCIETIES = 15
HEATMAP_SOCIETIES = 30
OVERDUE_SOCIETIES = 10


class SubqueryCount(Subquery):
    """COUNT(*) of a correlated subquery, as a column of the outer query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()


@dataclass(frozen=True)
class Filters:
    """The dashboard's filters; an empty value means "all". Unknown values are ignored."""

    discipline: str = ""
    severity: str = ""

    @classmethod
    def from_query(cls, params: Mapping) -> "Filters":
        discipline = params.get("discipline", "")
        severity = params.get("severity", "")
        return cls(
            discipline=discipline if discipline in Discipline.values else "",
            severity=severity if severity in Severity.values else "",
        )

    @property
    def active(self) -> bool:
        return bool(self.discipline or self.severity)

    def as_query(self) -> dict[str, str]:
        return {k: v for k, v in (("discipline", self.discipline), ("severity", self.severity)) if v}


def rule_label(rule: str) -> str:
    """ "R-BR-04 · Branch ceiling", or the rule ID alone when it has no title."""
    title = rule_title(rule)
    return f"{rule} · {title}" if title else rule


def rule_areas() -> dict[str, str]:
    """rule → area, from the registry (a rule checked on several kinds of subject keeps its first area)."""
    out: dict[str, str] = {}
    for check in checks():
        out.setdefault(check.rule, check.area)
    return out


def area_label(area: str) -> str:
    return str(AREAS.get(area, OTHER_AREA_LABEL))


def _filtered(queryset: QuerySet, filters: Filters, *, society_path: str = "society") -> QuerySet:
    if filters.discipline:
        queryset = queryset.filter(**{f"{society_path}__discipline": filters.discipline})
    if filters.severity:
        queryset = queryset.filter(severity=filters.severity)
    return queryset


def unresolved(user, filters: Filters = Filters()) -> QuerySet:
    """The unresolved findings `user` may see, narrowed by the filters (no ordering: for aggregates)."""
    qs = restrict(Finding.objects.filter(status__in=UNRESOLVED), user, VIEW)
    return _filtered(qs, filters).order_by()


def totals(user, filters: Filters = Filters()) -> dict[str, int]:
    """The number cards: unresolved, violations, overdue and escalated findings (one query)."""
    return unresolved(user, filters).aggregate(
        unresolved=Count("id"),
        violations=Count("id", filter=Q(severity=Severity.VIOLATION)),
        overdue=Count("id", filter=Q(deadline__lt=timezone.localdate())),
        escalated=Count("id", filter=Q(escalated_at__isnull=False)),
    )


def by_rule(user, filters: Filters = Filters()) -> list[dict]:
    """Unresolved findings per rule, most first: rule, label (ID and title), title, count."""
    rows = unresolved(user, filters).values("rule").annotate(count=Count("id")).order_by("-count", "rule")
    return [
        {
            "rule": r["rule"],
            "title": rule_title(r["rule"]),
            "label": rule_label(r["rule"]),
            "count": r["count"],
        }
        for r in rows
    ]


def by_severity(user, filters: Filters = Filters()) -> list[dict]:
    """Unresolved findings per severity, every severity listed (zero included), gravest first."""
    counts = dict(unresolved(user, filters).values_list("severity").annotate(n=Count("id")))
    return [
        {"severity": value, "label": str(label), "count": counts.get(value, 0)}
        for value, label in Severity.choices
        if not filters.severity or value == filters.severity
    ]


def by_society(user, filters: Filters = Filters(), limit: int = TOP_SOCIETIES) -> list[dict]:
    """The `limit` societies with the most unresolved findings: id, name, count."""
    rows = (
        unresolved(user, filters)
        .values("society_id", "society__name")
        .annotate(count=Count("id"))
        .order_by("-count", "society__name")[:limit]
    )
    return [{"society_id": r["society_id"], "name": r["society__name"], "count": r["count"]} for r in rows]


def _area_expression(areas: dict[str, str]) -> Case:
    by_area: dict[str, list[str]] = {}
    for rule, area in areas.items():
        by_area.setdefault(area, []).append(rule)
    whens = [When(rule__in=rules, then=Value(area)) for area, rules in by_area.items()]
    return Case(*whens, default=Value(OTHER_AREA), output_field=CharField())


def heatmap(user, filters: Filters = Filters(), limit: int = HEATMAP_SOCIETIES) -> dict:
    """Unresolved findings per society and rule area (one query; rules without a check count as
    "other"): {"areas": [{"area", "label"}], "societies": [{"society_id", "name", "counts": {area: n},
    "total"}]} — the `limit` societies with the most findings, most first."""
    areas = rule_areas()
    rows = (
        unresolved(user, filters)
        .annotate(area=_area_expression(areas))
        .values("society_id", "society__name", "area")
        .annotate(count=Count("id"))
        .order_by()
    )
    societies: dict[int, dict] = {}
    seen_areas: set[str] = set()
    for r in rows:
        entry = societies.setdefault(
            r["society_id"],
            {"society_id": r["society_id"], "name": r["society__name"], "counts": {}, "total": 0},
        )
        entry["counts"][r["area"]] = r["count"]
        entry["total"] += r["count"]
        seen_areas.add(r["area"])
    columns = list(AREAS)
    if OTHER_AREA in seen_areas:
        columns.append(OTHER_AREA)
    ranked = sorted(societies.values(), key=lambda s: (-s["total"], s["name"]))[:limit]
    return {"areas": [{"area": a, "label": area_label(a)} for a in columns], "societies": ranked}


def trend(user, filters: Filters = Filters(), days: int = 365) -> list[dict]:
    """Unresolved findings over time, one point per day with a finished full sweep (the day's last):
    {"day", "open_after"} — the sweep's own count — and, when filters are set, "matching": the findings
    matching them that were open when the sweep finished (rebuilt from opened/closed times; one query)."""
    since = timezone.now() - timedelta(days=days)
    sweeps = restrict(
        Sweep.objects.filter(
            society__isnull=True,
            status=SweepStatus.DONE,
            finished_at__isnull=False,
            finished_at__gte=since,
            open_after__isnull=False,
        ),
        user,
        VIEW,
    ).order_by("finished_at", "id")
    fields = ["finished_at", "open_after"]
    if filters.active:
        open_then = (
            _filtered(restrict(Finding.objects.all(), user, VIEW), filters)
            .filter(opened_at__lte=OuterRef("finished_at"))
            .filter(Q(resolved_at__isnull=True) | Q(resolved_at__gt=OuterRef("finished_at")))
            .order_by()
            .values("pk")
        )
        sweeps = sweeps.annotate(matching=SubqueryCount(open_then))
        fields.append("matching")
    points: dict[date, dict] = {}
    for row in sweeps.values(*fields):
        day = timezone.localdate(row["finished_at"])
        point = {"day": day, "open_after": row["open_after"]}
        if filters.active:
            point["matching"] = row["matching"]
        points[day] = point  # the day's last sweep wins
    return list(points.values())


def overdue_societies(user, filters: Filters = Filters(), limit: int = OVERDUE_SOCIETIES) -> list[dict]:
    """The societies with the most unresolved findings past their deadline: id, name, overdue, earliest."""
    rows = (
        unresolved(user, filters)
        .filter(deadline__lt=timezone.localdate())
        .values("society_id", "society__name")
        .annotate(overdue=Count("id"), earliest=Min("deadline"))
        .order_by("-overdue", "earliest", "society__name")[:limit]
    )
    return [
        {
            "society_id": r["society_id"],
            "name": r["society__name"],
            "overdue": r["overdue"],
            "earliest": r["earliest"],
        }
        for r in rows
    ]


def control(user, rule: str, filters: Filters = Filters()) -> dict:
    """One rule as a control over the active societies (two queries): how many pass and fail — failing:
    an unresolved finding of the rule — and the failing ones with their count, overdue count and
    earliest deadline, most findings first."""
    today = timezone.localdate()
    societies = restrict(Society.objects.filter(status=SocietyStatus.ACTIVE), user, VIEW)
    if filters.discipline:
        societies = societies.filter(discipline=filters.discipline)
    active = societies.order_by().count()
    rows = (
        unresolved(user, filters)
        .filter(rule=rule, society__status=SocietyStatus.ACTIVE)
        .values("society_id", "society__name", "society__code")
        .annotate(
            count=Count("id"),
            overdue=Count("id", filter=Q(deadline__lt=today)),
            earliest=Min("deadline"),
        )
        .order_by("-count", "earliest", "society__name")
    )
    failing = [
        {
            "society_id": r["society_id"],
            "name": r["society__name"],
            "code": r["society__code"],
            "count": r["count"],
            "overdue": r["overdue"],
            "earliest": r["earliest"],
        }
        for r in rows
    ]
    return {
        "active": active,
        "failing": len(failing),
        "passing": max(active - len(failing), 0),
        "societies": failing,
    }


def society_counts(society) -> dict:
    """A society's unresolved and overdue findings (its workspace's badge): one query."""
    return Finding.objects.filter(society=society, status__in=UNRESOLVED).aggregate(
        unresolved=Count("id"), overdue=Count("id", filter=Q(deadline__lt=timezone.localdate()))
    )
