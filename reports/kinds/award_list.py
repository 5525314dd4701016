"""科技奖项动态清单 (R-AW-06, public): every listed award program with its society, category, cycle and
last round (year and status), from awards.selectors.public_programs — the query of the public list page,
with the last round of any status added. One query, plus one for the counts by category."""

from django.db.models import Count, OuterRef, Subquery
from django.utils.translation import gettext as _

from awards.choices import AwardCategory, RoundStatus
from awards.models import AwardRound
from awards.selectors import public_programs
from reports.formatting import count
from reports.svg import bar_chart

from . import Table
from .cells import display


def build(report) -> dict:
    last_any = AwardRound.objects.filter(program=OuterRef("pk")).order_by("-year", "-pk")
    programs = public_programs().annotate(
        any_round_year=Subquery(last_any.values("year")[:1]),
        any_round_status=Subquery(last_any.values("status")[:1]),
    )
    statuses = dict(RoundStatus.choices)
    rows, societies = [], set()
    for p in programs:
        societies.add(p.society_id)
        last = (
            f"{p.any_round_year} {statuses.get(p.any_round_status, p.any_round_status)}"
            if p.any_round_year
            else _("No round yet")
        )
        rows.append(
            [
                p.society.name,
                p.name,
                p.get_category_display(),
                _("Every %(n)s year(s)") % {"n": p.cycle_years},
                p.quota,
                last,
                str(p.last_round_year) if p.last_round_year else "—",
                p.last_round_winners if p.last_round_winners is not None else "—",
            ]
        )
    header = [_("Society"), _("Award program"), _("Category"), _("Cycle"), _("Quota"), _("Last round"),
              _("Last published round"), _("Winners")]  # fmt: skip
    table = Table(_("Dynamic list of awards"), header, rows)
    by_category = dict(
        public_programs()
        .order_by()
        .values_list("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
    )
    category_rows = [[str(c.label), by_category[c.value]] for c in AwardCategory if by_category.get(c.value)]
    category_table = Table(_("Listed programs by category"), [_("Category"), _("Programs")], category_rows)
    return {
        "title": _("Dynamic list of awards"),
        "subtitle": _("Science and technology awards of the national societies (R-AW-06)"),
        "sections": [("list", _("Listed award programs")), ("categories", _("By category"))],
        "figures": [
            (_("Listed award programs"), count(len(rows))),
            (_("Societies"), count(len(societies))),
        ],
        "list": display(table, num=[4, 7]),
        "categories": display(category_table, num=[1]),
        "chart": bar_chart([r[0] for r in category_rows], [r[1] for r in category_rows]),
        "tables": [table, category_table],
    }
