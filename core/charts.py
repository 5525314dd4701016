"""Dashboard charts: each app declares its charts in `<app>/charts.py` as `CHARTS = [Chart(...), ...]`
(found through core.registry, like the inbox's sources and the compliance checks), each built from a
queryset scoped through core.access, so CAST sees every society and a secretariat its own.

The same charts, narrowed to one society, head the society workspace (`society=`): a builder receives it
and filters its already scoped queryset, so a secretariat sees its society there and CAST any society.

A chart's data is one small table — labels along the x axis and one or more series — that serves three
readers: Chart.js (static/core/charts.js draws it from the page's `json_script`, no inline script), the
table printed under the chart for screen readers and for anyone who prefers numbers, and the CSV
download (`/charts/<key>.csv`). Each chart costs a fixed number of queries (GROUP BY in the database).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from django.utils import timezone

from core.access import VIEW, restrict
from core.registry import app_modules
from core.roles import Reach, reach_of

MONTHS = 12


@dataclass(frozen=True)
class Series:
    label: str
    values: list


@dataclass(frozen=True)
class ChartData:
    labels: list[str]
    series: list[Series]
    x_label: str = ""

    def rows(self) -> list[list]:
        return [[label, *(s.values[i] for s in self.series)] for i, label in enumerate(self.labels)]

    def header(self) -> list[str]:
        return [self.x_label, *(s.label for s in self.series)]

    def as_json(self) -> dict:
        return {
            "labels": self.labels,
            "series": [{"label": s.label, "values": s.values} for s in self.series],
        }


@dataclass(frozen=True)
class Chart:
    """`kind`: "line", "bar" (several series stack) or "doughnut" (one series)."""

    key: str
    title: object
    kind: str
    applies: Callable[[Reach], bool]
    build: Callable[..., ChartData]
    note: object = ""
    extra: dict = field(default_factory=dict)


@cache
def charts() -> tuple[Chart, ...]:
    found: list[Chart] = []
    for module in app_modules("charts"):
        found.extend(getattr(module, "CHARTS", ()))
    return tuple(found)


def charts_for(user) -> list[Chart]:
    if user is None or not user.is_authenticated:
        return []
    reach = reach_of(user)
    return [c for c in charts() if c.applies(reach)]


def chart_for(user, key: str) -> Chart | None:
    return next((c for c in charts_for(user) if c.key == key), None)


def scoped(queryset, user, society=None):
    """A chart's rows: what the user may see (core.access.restrict), narrowed to `society` when the chart
    heads that society's workspace."""
    rows = restrict(queryset, user, VIEW)
    return rows if society is None else rows.filter(society=society)


def last_months(n: int = MONTHS, today: date | None = None) -> list[date]:
    """The first days of the last `n` months, oldest first, this month last."""
    today = today or timezone.localdate()
    year, month = today.year, today.month
    out = []
    for _i in range(n):
        out.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def month_label(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def chart_context(user, society=None) -> dict:
    """What templates/core/partials/charts.html needs: the charts and their specs for charts.js."""
    shown = dashboard_charts(user, society=society)
    specs = {c["chart"].key: c["spec"] for c in shown}
    return {"charts": shown, "chart_specs": specs, "chart_society": society}


def dashboard_charts(user, society=None) -> list[dict]:
    """What the dashboard shows (or the society workspace, with `society`): each applicable chart with its
    data, rows and the spec for charts.js."""
    out = []
    for chart in charts_for(user):
        data = chart.build(user, society=society)
        out.append(
            {
                "chart": chart,
                "data": data,
                "header": data.header(),
                "rows": data.rows(),
                "spec": {"kind": chart.kind, "title": str(chart.title), **data.as_json()},
            }
        )
    return out
