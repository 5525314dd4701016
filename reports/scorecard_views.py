"""The scorecard pages (R-EV-01): CAST's and the regulator's table of the active societies
(/reports/scorecard/) with area scores, total, stars, ranks and the trend against last year — sortable and
filterable on the server, downloadable as CSV/XLSX with the same filters — and one page per society with the
radar of its seven areas, every area's inputs with links to the records behind them, its ranks and last
year's total.

A society's secretary opening the table is sent to their own society's page (or sees the table of their own
societies only, when they run several); another society's page does not exist for them (404). Other roles are
refused (403). The numbers come from reports.scorecard (a constant number of queries); the radar is drawn by
static/reports/scorecard.js from the data embedded with `json_script` (no inline script).
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import reach_of
from activities.choices import ActivityKind, ActivityStatus
from compliance.choices import Severity
from core.access import ADMIN, CHANGE, VIEW, get_for, may
from core.audit import log_action
from core.tabular import FORMATS, table_response
from members.choices import Region
from party_building.choices import MatterKind, MatterStatus
from societies.choices import Discipline, SocietyStatus
from societies.models import Society

from . import scorecard as engine
from . import services
from .scorecard import AREA_KEYS, AREAS, FORMULAS, INPUTS, SocietyScore

SORTS = (*AREA_KEYS, "total", "name")


@dataclass(frozen=True)
class TableQuery:
    """The table's year, discipline filter and sort; an unknown value falls back to the default."""

    year: int
    discipline: str = ""
    sort: str = "total"
    dir: str = "desc"

    @classmethod
    def from_query(cls, params) -> "TableQuery":
        year = params.get("year", "")
        sort = params.get("sort", "")
        sort = sort if sort in SORTS else "total"
        default_dir = "asc" if sort == "name" else "desc"
        direction = params.get("dir", "")
        discipline = params.get("discipline", "")
        return cls(
            year=int(year) if parse_year(year) else engine.default_year(),
            discipline=discipline if discipline in Discipline.values else "",
            sort=sort,
            dir=direction if direction in ("asc", "desc") else default_dir,
        )

    def as_query(self, **override) -> dict:
        values = {"year": self.year, "discipline": self.discipline, "sort": self.sort, "dir": self.dir}
        values.update(override)
        return {k: v for k, v in values.items() if v != ""}


def parse_year(value) -> bool:
    """Is `value` a four-digit year between 2000 and 2100?"""
    text = str(value).strip()
    return len(text) == 4 and text.isascii() and text.isdigit() and 2000 <= int(text) <= 2100


def _audience(user) -> tuple[bool, frozenset[int]]:
    """(sees every society, the societies a secretary sees); 403 for everyone else."""
    reach = reach_of(user)
    if reach.cast_admin or reach.regulator:
        return True, frozenset()
    if reach.secretary_of:
        return False, reach.secretary_of
    raise PermissionDenied


def sorted_rows(rows: list[SocietyScore], query: TableQuery) -> list[SocietyScore]:
    reverse_order = query.dir == "desc"
    if query.sort == "name":
        key = lambda r: r.society.name  # noqa: E731
    elif query.sort == "total":
        key = lambda r: r.total  # noqa: E731
    else:
        key = lambda r: r.scores[query.sort]  # noqa: E731
    # Ties keep a stable, readable order: by name.
    rows = sorted(rows, key=lambda r: r.society.name)
    return sorted(rows, key=key, reverse=reverse_order)


def table_rows(user, query: TableQuery) -> tuple[list[SocietyScore], datetime]:
    """The rows the user may see for `query`, sorted, from the stored counts (engine.latest: a constant
    number of queries, none over the memberships), and when those were computed."""
    everyone, own = _audience(user)
    rows, computed_at = engine.latest(query.year, None if everyone else own)
    if query.discipline:
        rows = [r for r in rows if r.society.discipline == query.discipline]
    return sorted_rows(rows, query), computed_at


def _weights_panel() -> list[dict]:
    weights = engine.weights()
    return [
        {"key": key, "label": label, "weight": weights[key], "formula": FORMULAS[key]} for key, label in AREAS
    ]


@login_required
def scorecard(request):
    everyone, own = _audience(request.user)
    query = TableQuery.from_query(request.GET)
    if not everyone and len(own) == 1:
        url = reverse("reports:scorecard_society", args=[next(iter(own))])
        return redirect(f"{url}?{urlencode({'year': query.year})}")
    if request.method == "POST":
        services.refresh_scorecard(actor=request.user, year=query.year)
        messages.success(
            request,
            _(
                "The scorecard of %(year)s is being recomputed from the current data; "
                "reload the page in a minute."
            )
            % {"year": query.year},
        )
        return redirect(f"{reverse('reports:scorecard')}?{urlencode(query.as_query())}")
    rows, computed_at = table_rows(request.user, query)
    columns = [
        {
            "key": key,
            "label": label,
            "url": "?" + urlencode(query.as_query(sort=key, dir=_next_dir(query, key))),
            "active": query.sort == key,
        }
        for key, label in [("name", _("Society")), *AREAS, ("total", _("Total"))]
    ]
    url_prefix, last_year = reverse("reports:scorecard"), _("Last year")
    return render(
        request,
        "reports/scorecard.html",
        {
            "query": query,
            "rows": [{"row": r, "html": _table_row(r, url_prefix, last_year)} for r in rows],
            "columns": columns,
            "areas": AREAS,
            "disciplines": Discipline.choices,
            "years": _years(query.year),
            "weights": _weights_panel(),
            "total_formula": engine.TOTAL_FORMULA,
            "stars_text": engine.STARS_TEXT,
            "may_change_weights": may(request.user, None, ADMIN),
            "export_query": urlencode(query.as_query()),
            "everyone": everyone,
            "computed_at": computed_at,
        },
    )


def _next_dir(query: TableQuery, key: str) -> str:
    if query.sort == key:
        return "asc" if query.dir == "desc" else "desc"
    return "asc" if key == "name" else "desc"


def _years(year: int) -> list[int]:
    last = engine.default_year() + 1
    return sorted({*range(last - 5, last + 1), year}, reverse=True)


def _one_place(value) -> str:
    return f"{value:.1f}"


def _trend_cell(row: SocietyScore, last_year: str) -> SafeString:
    trend = row.trend
    if trend is None:
        return mark_safe('<span class="text-secondary">—</span>')  # noqa: S308  # nosec B308, B703  constant markup
    title = f"{last_year}: {_one_place(row.previous_total)}"
    if trend > 0:
        return format_html('<span class="text-success" title="{}">▲ {}</span>', title, _one_place(trend))
    if trend < 0:
        return format_html('<span class="text-danger" title="{}">▼ {}</span>', title, _one_place(-trend))
    return format_html('<span class="text-secondary" title="{}">▬ 0.0</span>', title)


def _table_row(row: SocietyScore, url_prefix: str, last_year: str) -> SafeString:
    """One society's <tr>, built here rather than in the template: the table shows every active society
    (220 rows × 14 cells) and the template engine's per-variable cost was most of the page's 80 ms at
    full scale (bench/pages.py); format_html escapes every value the same way the template did."""
    society = row.society
    scores = format_html_join(
        "", '<td class="text-end">{}</td>', ((_one_place(row.scores[k]),) for k in AREA_KEYS)
    )
    stars_title = ngettext("%(n)s star", "%(n)s stars", row.stars) % {"n": row.stars}
    return format_html(
        '<tr data-society="{id}"><td class="text-nowrap"><a href="{url}">{name}</a>'
        '<div class="small text-secondary" title="{tier}">{discipline} · {tier_short}</div></td>{scores}'
        '<td class="text-end fw-semibold" data-total>{total}</td>'
        '<td class="text-warning text-nowrap" title="{stars_title}">{stars}</td>'
        '<td class="text-end text-nowrap">{rank_d} / {count_d}</td>'
        '<td class="text-end text-nowrap">{rank_t} / {count_t}</td>'
        '<td class="text-end text-nowrap">{trend}</td></tr>',
        id=society.id,
        url=f"{url_prefix}{society.id}/?year={row.year}",
        name=society.name,
        tier=row.size_tier_label,
        discipline=society.discipline_label,
        tier_short=row.size_tier_short,
        scores=scores,
        total=_one_place(row.total),
        stars_title=stars_title,
        stars=row.star_glyphs,
        rank_d=row.rank_in_discipline,
        count_d=row.discipline_count,
        rank_t=row.rank_in_size_tier,
        count_t=row.size_tier_count,
        trend=_trend_cell(row, last_year),
    )


def _export_table(rows: list[SocietyScore]) -> tuple[list[str], list[list]]:
    header = [
        _("Society"),
        _("Code"),
        _("Discipline group"),
        _("Size tier"),
        _("Active members"),
        *[str(label) for _key, label in AREAS],
        _("Total"),
        _("Stars"),
        _("Rank in discipline group"),
        _("Rank in size tier"),
        _("Last year's total"),
    ]
    body = [
        [
            r.society.name,
            r.society.code,
            r.society.discipline_label,
            r.size_tier_label,
            r.members,
            *[r.scores[key] for key in AREA_KEYS],
            r.total,
            r.stars,
            r.rank_in_discipline,
            r.rank_in_size_tier,
            "" if r.previous_total is None else r.previous_total,
        ]
        for r in rows
    ]
    return header, body


@login_required
def export(request, fmt):
    """The table as CSV or XLSX (headers in the reader's language), with the page's filters and sort."""
    if fmt not in FORMATS:
        raise Http404
    query = TableQuery.from_query(request.GET)
    header, body = _export_table(table_rows(request.user, query)[0])
    log_action("reports.scorecard.exported", actor=request.user, data=query.as_query() | {"format": fmt})
    return table_response(header, body, fmt, f"scorecard-{query.year}.{fmt}", sheet=str(query.year))


def _society_for(request, society_pk: int) -> tuple[Society, bool]:
    """The active society whose scorecard the user may read: 404 for a society that is not theirs."""
    everyone, own = _audience(request.user)
    society = get_for(Society.objects.filter(status=SocietyStatus.ACTIVE), request.user, VIEW, pk=society_pk)
    if not everyone and society.pk not in own:
        log_action(
            "core.access.denied_view",
            actor=request.user,
            data={"model": "societies.society", "lookup": {"pk": str(society_pk)}, "page": "scorecard"},
        )
        raise Http404
    return society, everyone


def _url(name: str, *args, **query) -> str:
    return reverse(name, args=args) + ("?" + urlencode(query) if query else "")


def _input_links(user, society: Society, everyone: bool) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(area, input) → [(label, url)] of the lists behind the figure, where the user may open one."""
    pk = society.pk
    reach = reach_of(user)

    def activities(kind=None, **extra):
        query = {"society": pk, "status": ActivityStatus.APPROVED, **extra}
        if kind:
            query["kind"] = kind
        return [(_("Filed activities"), _url("activities:list", **query))]

    links: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for kind in (ActivityKind.CONFERENCE, ActivityKind.SEMINAR, ActivityKind.FORUM):
        links["academic", kind.value] = activities(kind)
    for kind in (ActivityKind.TECH_SERVICE, ActivityKind.EVALUATION_COMMENDATION):
        links["think_tank", kind.value] = activities(kind)
    links["industry", "tech_service"] = activities(ActivityKind.TECH_SERVICE)
    for kind in (ActivityKind.POPULAR_SCIENCE, ActivityKind.VOLUNTEER_SERVICE):
        links["popular_science", kind.value] = activities(kind)
    links["international", "overseas_exchange"] = activities(ActivityKind.OVERSEAS_EXCHANGE)
    links["international", "foreign_partner"] = activities(foreign=1)
    if reach.cast_admin or pk in reach.secretary_of:  # the pre-review list is theirs, not the regulator's
        links["think_tank", "talent_recommendation"] = [
            (
                _("Major matters"),
                _url(
                    "party_building:matters",
                    society=pk,
                    kind=MatterKind.TALENT_RECOMMENDATION,
                    status=MatterStatus.APPROVED,
                ),
            )
        ]
    if may(user, society, CHANGE):  # the member directory is the secretariat's (and CAST's)
        directory = "societies:members"
        links["industry", "unit_members"] = [(_("Member directory"), _url(directory, pk, status="active"))]
        links["international", "non_mainland_members"] = [
            (str(label), _url(directory, pk, status="active", region=value))
            for value, label in Region.choices
            if value != Region.MAINLAND
        ]
    findings = "compliance:findings"
    links["governance", "findings"] = [
        (rule, _url(findings, society=pk, rule=rule)) for rule in engine.GOVERNANCE_RULES
    ]
    links["governance", "party_clause"] = [(_("Society profile"), _url("societies:detail", pk))]
    for key, severity in (("violations", "violation"), ("warnings", "warning"), ("advisories", "advisory")):
        links["compliance", key] = [
            (str(Severity(severity).label), _url(findings, society=pk, severity=severity))
        ]
    return links


def _display(value) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return f"{value:,}" if isinstance(value, int) else str(value)


@login_required
def society_scorecard(request, society_pk):
    society, everyone = _society_for(request, society_pk)
    year = int(request.GET["year"]) if parse_year(request.GET.get("year", "")) else engine.default_year()
    rows, computed_at = engine.latest(year, [society.pk])
    if not rows:
        raise Http404
    row = rows[0]
    links = _input_links(request.user, society, everyone)
    weights = engine.weights()
    areas = [
        {
            "key": key,
            "label": label,
            "score": row.scores[key],
            "weight": weights[key],
            "formula": FORMULAS[key],
            "value": row.values.get(key),
            "inputs": [
                {
                    "key": input_key,
                    "label": input_label,
                    "value": _display(row.inputs[key][input_key]),
                    "links": links.get((key, input_key), []),
                }
                for input_key, input_label in INPUTS[key]
            ],
        }
        for key, label in AREAS
    ]
    chart = {
        "labels": [str(label) for _key, label in AREAS],
        "values": [row.scores[key] for key in AREA_KEYS],
        "label": _("%(year)s scores") % {"year": year},
    }
    return render(
        request,
        "reports/scorecard_society.html",
        {
            "society": society,
            "row": row,
            "year": year,
            "years": _years(year),
            "areas": areas,
            "chart": chart,
            "total_formula": engine.TOTAL_FORMULA,
            "stars_text": engine.STARS_TEXT,
            "everyone": everyone,
            "computed_at": computed_at,
            "may_change_weights": may(request.user, None, ADMIN),
            "table_url": _url("reports:scorecard", year=year) if everyone else "",
        },
    )
