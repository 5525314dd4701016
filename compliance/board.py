"""The CAST compliance dashboard (/compliance/): where the gaps are, at a glance — findings by rule,
severity and society, a heatmap of societies × rule areas, the trend from the sweeps' history, the
societies most overdue — each chart also a CSV download with the same filters; and one page per rule
("control") with its pass/fail count across the active societies and the failing ones.

CAST administrators and the regulator only. The numbers come from compliance.selectors (a constant
number of queries); the charts are drawn by static/compliance/dashboard.js from the data the page
embeds with `json_script` (no inline script).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.roles import reach_of
from core.tabular import table_response
from societies.choices import Discipline

from . import selectors
from .choices import Severity
from .registry import checks, rules
from .rule_titles import RULE_TITLES, rule_title
from .selectors import Filters

CHARTS = ("by_rule", "by_severity", "by_society", "heatmap", "trend", "overdue")
SEVERITY_COLORS = {Severity.VIOLATION: "#dc3545", Severity.WARNING: "#ffc107", Severity.ADVISORY: "#0dcaf0"}


def _require_board(user) -> None:
    reach = reach_of(user)
    if not (reach.cast_admin or reach.regulator):
        raise PermissionDenied


def known_rules() -> list[str]:
    """Rules a control page exists for: those the registry checks, then those with a title."""
    return list(dict.fromkeys([*rules(), *RULE_TITLES]))


def _with_query(url: str, query: dict) -> str:
    return f"{url}?{urlencode(query)}" if query else url


def _findings_url(**query) -> str:
    return _with_query(reverse("compliance:findings"), query)


def _chart_data(data: dict, filters: Filters) -> dict:
    """What dashboard.js draws: labels already translated, links for the clickable bars."""
    known = set(known_rules())
    suffix = filters.as_query()
    trend_series = [{"label": _("All societies"), "values": [p["open_after"] for p in data["trend"]]}]
    if filters.active:
        trend_series.append(
            {"label": _("Matching the filters"), "values": [p["matching"] for p in data["trend"]]}
        )
    heat = data["heatmap"]
    return {
        "label": _("Unresolved findings"),
        "empty": _("No unresolved findings."),
        "by_rule": {
            "labels": [r["label"] for r in data["by_rule"]],
            "values": [r["count"] for r in data["by_rule"]],
            "links": [
                _with_query(reverse("compliance:control", args=[r["rule"]]), suffix)
                if r["rule"] in known
                else ""
                for r in data["by_rule"]
            ],
        },
        "by_severity": {
            "labels": [r["label"] for r in data["by_severity"]],
            "values": [r["count"] for r in data["by_severity"]],
            "colors": [SEVERITY_COLORS.get(r["severity"], "#6c757d") for r in data["by_severity"]],
        },
        "by_society": {
            "labels": [r["name"] for r in data["by_society"]],
            "values": [r["count"] for r in data["by_society"]],
            "links": [_findings_url(society=r["society_id"], **suffix) for r in data["by_society"]],
        },
        "trend": {"labels": [p["day"].isoformat() for p in data["trend"]], "series": trend_series},
        "heatmap": {
            "x": [a["label"] for a in heat["areas"]],
            "y": [s["name"] for s in heat["societies"]],
            "cells": [
                {"x": a["label"], "y": s["name"], "v": s["counts"].get(a["area"], 0)}
                for s in heat["societies"]
                for a in heat["areas"]
            ],
        },
    }


@login_required
def dashboard(request):
    _require_board(request.user)
    filters = Filters.from_query(request.GET)
    user = request.user
    data = {
        "by_rule": selectors.by_rule(user, filters),
        "by_severity": selectors.by_severity(user, filters),
        "by_society": selectors.by_society(user, filters),
        "heatmap": selectors.heatmap(user, filters),
        "trend": selectors.trend(user, filters),
        "overdue": selectors.overdue_societies(user, filters),
    }
    counted = {r["rule"]: r["count"] for r in data["by_rule"]}
    controls = [
        {"rule": rule, "title": rule_title(rule), "count": counted.get(rule, 0)}
        for rule in dict.fromkeys([*rules(), *(r for r in counted if r in RULE_TITLES)])
    ]
    for row in data["overdue"]:
        row["url"] = _findings_url(society=row["society_id"], **filters.as_query())
    return render(
        request,
        "compliance/dashboard.html",
        {
            "filters": filters,
            "filter_query": urlencode(filters.as_query()),
            "disciplines": Discipline.choices,
            "severities": Severity.choices,
            "totals": selectors.totals(user, filters),
            "overdue": data["overdue"],
            "controls": controls,
            "charts": _chart_data(data, filters),
            "heatmap_height": 90 + 26 * max(len(data["heatmap"]["societies"]), 3),
        },
    )


def _csv_table(name: str, user, filters: Filters) -> tuple[list[str], list[list]]:
    count = _("Unresolved findings")
    if name == "by_rule":
        rows = selectors.by_rule(user, filters)
        return [_("Rule"), _("Title"), count], [[r["rule"], r["title"], r["count"]] for r in rows]
    if name == "by_severity":
        rows = selectors.by_severity(user, filters)
        return [_("Severity"), count], [[r["label"], r["count"]] for r in rows]
    if name == "by_society":
        rows = selectors.by_society(user, filters)
        return [_("Society"), count], [[r["name"], r["count"]] for r in rows]
    if name == "heatmap":
        heat = selectors.heatmap(user, filters)
        header = [_("Society"), *[a["label"] for a in heat["areas"]], _("Total")]
        body = [
            [s["name"], *[s["counts"].get(a["area"], 0) for a in heat["areas"]], s["total"]]
            for s in heat["societies"]
        ]
        return header, body
    if name == "trend":
        points = selectors.trend(user, filters)
        header = [_("Date"), _("Unresolved findings (all societies)")]
        if filters.active:
            header.append(_("Unresolved findings matching the filters"))
        body = [
            [p["day"].isoformat(), p["open_after"], *([p["matching"]] if filters.active else [])]
            for p in points
        ]
        return header, body
    rows = selectors.overdue_societies(user, filters)
    return (
        [_("Society"), _("Overdue findings"), _("Earliest deadline")],
        [[r["name"], r["overdue"], r["earliest"].isoformat() if r["earliest"] else ""] for r in rows],
    )


@login_required
def chart_csv(request, name):
    """One chart's data as CSV (headers in the reader's language), with the dashboard's filters."""
    _require_board(request.user)
    if name not in CHARTS:
        raise Http404
    header, rows = _csv_table(name, request.user, Filters.from_query(request.GET))
    filename = f"compliance-{name}-{timezone.localdate().isoformat()}.csv"
    return table_response(header, rows, "csv", filename)


@login_required
def control(request, rule):
    """One rule as a control: its checks, how many active societies pass and fail, the failing ones."""
    _require_board(request.user)
    rule = rule.strip().upper()
    if rule not in known_rules():
        raise Http404
    filters = Filters.from_query(request.GET)
    result = selectors.control(request.user, rule, filters)
    for row in result["societies"]:
        row["url"] = _findings_url(society=row["society_id"], rule=rule, **filters.as_query())
    declared = [
        {
            "id": c.id,
            "severity": c.severity,
            "severity_label": Severity(c.severity).label if c.severity in Severity.values else c.severity,
            "area": selectors.area_label(c.area),
            "subject": str(c.model._meta.verbose_name) if c.model is not None else _("The society"),
        }
        for c in checks()
        if c.rule == rule
    ]
    return render(
        request,
        "compliance/control.html",
        {
            "rule": rule,
            "title": rule_title(rule),
            "checks": declared,
            "result": result,
            "filters": filters,
            "filter_query": urlencode(filters.as_query()),
            "discipline_label": Discipline(filters.discipline).label if filters.discipline else "",
            "severity_label": Severity(filters.severity).label if filters.severity else "",
            "charts": {
                "control": {
                    "labels": [_("Passing"), _("Failing")],
                    "values": [result["passing"], result["failing"]],
                    "colors": ["#198754", "#dc3545"],
                }
            },
        },
    )
