"""一流学会评估 (R-EV-01) as a PDF, from reports.scorecard.compute. For one society: its radar chart (this
year against last year), every area's score with its inputs, formula and weight, its ranks in the
discipline group and the size tier, and the trend. For all societies: the ranked table with every area's
score. Always the method: the formulas and the weights (rule settings). The counts are the stored ones
(reports.scorecard.latest: what the scorecard pages show, recounted nightly and on CAST's request), and
the report's "data as of" is when they were counted — a PDF that matches the page it was asked from,
made without re-reading 6M memberships (2.2 s at full scale) in the worker."""

from django.utils import timezone
from django.utils.translation import gettext as _

from reports import scorecard
from reports.formatting import count
from reports.svg import bar_chart, radar_chart

from . import Table
from .cells import display


def _score(value) -> str:
    return "—" if value is None else f"{value:.1f}"


def _value(value) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int):
        return count(value)
    return f"{value:,.1f}" if isinstance(value, float) else str(value)


def _stars(n: int) -> str:
    return "★" * n + "☆" * (5 - n)


def _trend(row) -> str:
    t = row.trend
    return "—" if t is None else f"{t:+.1f}"


def _method(weights: dict) -> tuple[Table, dict]:
    total = sum(weights.values())
    rows = [
        [
            str(label),
            weights[key],
            f"{100 * weights[key] / total:.1f}%" if total else "—",
            str(scorecard.FORMULAS[key]),
        ]
        for key, label in scorecard.AREAS
    ]
    table = Table(
        _("Indicator areas, weights and formulas"), [_("Area"), _("Weight"), _("Share"), _("Formula")], rows
    )
    return table, display(table, num=[1, 2])


def _one(report, year: int, weights: dict) -> dict:
    # The stored counts (reports.ScorecardData), the very numbers the scorecard pages show.
    rows, counted_at = scorecard.latest(year, [report.society_id])
    row = rows[0] if rows else None
    previous, previous_counted_at = scorecard.latest(year - 1, [report.society_id])
    prev = previous[0] if previous else None
    labels = [str(label) for _key, label in scorecard.AREAS]
    keys = scorecard.AREA_KEYS
    weight_sum = sum(weights.values())
    area_rows, input_rows, areas = [], [], []
    if row is not None:
        for key, label in scorecard.AREAS:
            score = row.scores.get(key, 0.0)
            weighted = score * weights[key] / weight_sum if weight_sum else 0.0
            prev_score = prev.scores.get(key) if prev else None
            area_rows.append([str(label), _score(score), _score(prev_score), weights[key], _score(weighted)])
            inputs = [
                (str(lbl), _value(row.inputs.get(key, {}).get(k, 0))) for k, lbl in scorecard.INPUTS[key]
            ]
            for lbl, v in inputs:
                input_rows.append([str(label), lbl, v])
            areas.append(
                {
                    "key": key,
                    "label": str(label),
                    "score": _score(score),
                    "weight": weights[key],
                    "formula": str(scorecard.FORMULAS[key]),
                    "inputs": inputs,
                    "value": _value(row.values[key]) if key in row.values else "",
                }
            )
    area_table = Table(
        _("Scores by area"),
        [_("Area"), _("Score"), _("Last year"), _("Weight"), _("Weighted points")],
        area_rows,
    )
    input_table = Table(_("Inputs behind the scores"), [_("Area"), _("Input"), _("Value")], input_rows)
    chart = radar_chart(
        labels,
        [row.scores.get(k, 0) for k in keys] if row else [0] * len(keys),
        previous=[prev.scores.get(k, 0) for k in keys] if prev else None,
        labels=(str(year), str(year - 1)),
    )
    return {
        "row": row,
        "stars": _stars(row.stars) if row else "",
        "trend": _trend(row) if row else "—",
        "total": _score(row.total) if row else "—",
        "previous_total": _score(row.previous_total) if row else "—",
        "areas": areas,
        "chart": chart,
        "area_table": display(area_table, num=[1, 2, 3, 4]),
        "tables": [area_table, input_table],
        "counted_at": min(counted_at, previous_counted_at),
    }


def _all(year: int) -> dict:
    rows, counted_at = scorecard.latest(year)
    header = [_("Rank"), _("Society"), _("Discipline group"), _("Size tier"),
              *[str(label) for _key, label in scorecard.AREAS], _("Total"), _("Stars"), _("Last year"),
              _("Change against last year"), _("Rank in discipline"), _("Rank in size tier")]  # fmt: skip
    table_rows, rank = [], 0
    for i, r in enumerate(rows):
        rank = rank if i and r.total == rows[i - 1].total else i + 1
        table_rows.append(
            [
                rank,
                r.society.name,
                r.society.discipline_label,
                r.size_tier_label,
                *[_score(r.scores.get(k)) for k in scorecard.AREA_KEYS],
                _score(r.total),
                _stars(r.stars),
                _score(r.previous_total),
                _trend(r),
                f"{r.rank_in_discipline}/{r.discipline_count}",
                f"{r.rank_in_size_tier}/{r.size_tier_count}",
            ]  # fmt: skip
        )
    n_areas = len(scorecard.AREAS)
    table = Table(_("Ranked scorecard of the societies"), header, table_rows)
    top = rows[:15]
    chart = bar_chart([r.society.name for r in top], [r.total for r in top])
    return {
        "rows": rows,
        "ranked": display(table, num=[0, *range(4, 4 + n_areas + 1), 6 + n_areas, 7 + n_areas]),
        "chart": chart,
        "tables": [table],
        "counted_at": counted_at,
    }


def build(report) -> dict:
    year = report.year or scorecard.default_year()
    weights = scorecard.weights()
    method_table, method = _method(weights)
    context = {
        "title": _("First-class society scorecard"),
        "year": year,
        "method": method,
        "total_formula": str(scorecard.TOTAL_FORMULA),
        "stars_text": str(scorecard.STARS_TEXT),
        "generated_on": timezone.localdate(),
    }
    if report.society_id:
        one = _one(report, year, weights)
        context.update(
            one=one,
            subtitle=_("%(society)s · %(year)s") % {"society": report.society.name, "year": year},
            sections=[
                ("overview", _("Overview")),
                ("areas", _("Indicator areas and their inputs")),
                ("method", _("Method and weights")),
            ],
            tables=[*one["tables"], method_table],
            inputs_at=one["counted_at"],
        )
    else:
        ranked = _all(year)
        context.update(
            ranked=ranked,
            subtitle=_("All societies · %(year)s") % {"year": year},
            sections=[("ranking", _("Ranking")), ("method", _("Method and weights"))],
            tables=[*ranked["tables"], method_table],
            inputs_at=ranked["counted_at"],
        )
    return context
