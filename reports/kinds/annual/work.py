"""The annual report's branch, activity and award chapters."""

from django.db.models import Count, Prefetch, Q, Sum
from django.utils.translation import gettext as _

from activities.choices import ActivityKind, ActivityStatus
from activities.models import Activity
from awards.choices import NominationStatus
from awards.models import AwardProgram, AwardRound
from branches.choices import STANDING
from branches.models import Branch, BranchAssessment
from reports.formatting import cny, percent
from reports.svg import bar_chart

from .. import Table
from ..cells import _d, _in_year, display


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
