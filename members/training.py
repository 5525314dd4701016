"""R-TR-01 training obligations of a society's leaders, as pure queries the compliance sweep calls.

"A newly appointed president or secretary-general completes new-leader training within 12 months
(`new_leader_training_months`); secretaries-general attend rotation training every 3 years
(`sg_rotation_years`) — otherwise advisory finding."

Each helper is a fixed number of queries whatever the number of officers (the two settings, then one
query with `Exists` / `Subquery` annotations); none writes anything. Officers are the sitting ones of
`societies.models.Officer` (in office on the day asked about); training is matched by person, whichever
society recorded it.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.db.models import DateField, Exists, F, Func, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from core.rule_settings import rule_setting
from societies.choices import OfficerPosition
from societies.models import Officer

from .choices import TrainingKind
from .models import TrainingRecord

RULE = "R-TR-01"
LEADER_POSITIONS = (OfficerPosition.PRESIDENT, OfficerPosition.SECRETARY_GENERAL)
OWED = (TrainingKind.NEW_LEADER, TrainingKind.SG_ROTATION)  # the kinds of training an R-TR-01 gap names


def add_months(day: date, months: int) -> date:
    """`day` moved by `months` calendar months, clamped to the month's last day (Jan 31 + 1 → Feb 28/29),
    the same arithmetic as PostgreSQL's `date + interval 'n months'`."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    month = month0 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class AddMonths(Func):
    """SQL: a date column moved by a whole number of months (see `add_months`; SQLite, used only for the
    local demo, rolls Jan 31 + 1 month over to early March instead of clamping)."""

    output_field = DateField()

    def __init__(self, expression, months: int, **extra):
        self.months = int(months)
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL, the production database
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(({sql}) + make_interval(months => %s) AS date)", [*params, self.months]

    def as_sqlite(self, compiler, connection, **extra):  # the local demo database
        sql, params = compiler.compile(self.source_expressions[0])
        return f"date({sql}, %s)", [*params, f"{self.months:+d} months"]


def _sitting(on: date, society=None):
    qs = Officer.objects.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on))
    if society is not None:
        qs = qs.filter(society=society)
    return qs.select_related("society", "person").order_by("society__name", "position", "starts_on", "pk")


def new_leader_training_overdue(on: date, society=None, *, months: int | None = None) -> list:
    """Sitting presidents and secretaries-general whose new-leader training deadline (appointment +
    `new_leader_training_months`) has passed before `on` with no new-leader training attended between the
    appointment and that deadline. Each officer carries `due_on` (the deadline)."""
    months = rule_setting("new_leader_training_months") if months is None else months
    trained_in_time = TrainingRecord.objects.filter(
        person_id=OuterRef("person_id"),
        kind=TrainingKind.NEW_LEADER,
        attended_on__gte=OuterRef("starts_on"),
        attended_on__lte=AddMonths(OuterRef("starts_on"), months),
    )
    return list(
        _sitting(on, society)
        .filter(position__in=LEADER_POSITIONS)
        .annotate(due_on=AddMonths(F("starts_on"), months), trained=Exists(trained_in_time))
        .filter(due_on__lt=on, trained=False)
    )


def rotation_training_overdue(on: date, society=None, *, years: int | None = None) -> list:
    """Sitting secretaries-general more than `sg_rotation_years` past their latest rotation training —
    or, with none since, past their appointment. The clock runs from the later of the two, so a newly
    appointed secretary-general (who owes new-leader training first) is not overdue for rotation at
    once. Each officer carries `last_rotation` (a date or None) and `due_on`."""
    years = rule_setting("sg_rotation_years") if years is None else years
    latest = (
        TrainingRecord.objects.filter(
            person_id=OuterRef("person_id"), kind=TrainingKind.SG_ROTATION, attended_on__lte=on
        )
        .order_by("-attended_on")
        .values("attended_on")[:1]
    )
    officers = list(
        _sitting(on, society)
        .filter(position=OfficerPosition.SECRETARY_GENERAL)
        .annotate(last_rotation=Subquery(latest, output_field=DateField()))
        .filter(
            Q(last_rotation__isnull=True, starts_on__lt=add_months(on, -12 * years))
            | Q(
                last_rotation__lt=add_months(on, -12 * years),
                starts_on__lt=add_months(on, -12 * years),
            )
        )
    )
    for officer in officers:
        since = max(officer.starts_on, officer.last_rotation or officer.starts_on)
        officer.due_on = add_months(since, 12 * years)
    return officers


@dataclass(frozen=True)
class TrainingGap:
    """One advisory finding of R-TR-01, readable as it stands."""

    rule: str
    kind: str  # TrainingKind value owed
    officer: object  # societies.models.Officer
    due_on: date
    message: str


def training_gaps(society, on: date) -> list[TrainingGap]:
    """The advisory R-TR-01 items of `society` (None: every society) on `on`, oldest deadline first."""
    months = rule_setting("new_leader_training_months")
    years = rule_setting("sg_rotation_years")
    gaps = []
    for officer in new_leader_training_overdue(on, society, months=months):
        gaps.append(
            TrainingGap(
                rule=RULE,
                kind=TrainingKind.NEW_LEADER,
                officer=officer,
                due_on=officer.due_on,
                message=_(
                    "%(society)s: %(position)s %(person)s, appointed %(start)s, has not completed new-leader "
                    "training within %(months)s months (due %(due)s) (R-TR-01)."
                )
                % {
                    "society": officer.society.name,
                    "position": officer.get_position_display(),
                    "person": officer.person.name,
                    "start": officer.starts_on.isoformat(),
                    "months": months,
                    "due": officer.due_on.isoformat(),
                },
            )
        )
    for officer in rotation_training_overdue(on, society, years=years):
        if officer.last_rotation:
            message = _(
                "%(society)s: secretary-general %(person)s last attended rotation training on %(last)s, "
                "more than %(years)s years ago (due %(due)s) (R-TR-01)."
            ) % {
                "society": officer.society.name,
                "person": officer.person.name,
                "last": officer.last_rotation.isoformat(),
                "years": years,
                "due": officer.due_on.isoformat(),
            }
        else:
            message = _(
                "%(society)s: secretary-general %(person)s, in office since %(start)s, has attended no "
                "rotation training in %(years)s years (due %(due)s) (R-TR-01)."
            ) % {
                "society": officer.society.name,
                "person": officer.person.name,
                "start": officer.starts_on.isoformat(),
                "years": years,
                "due": officer.due_on.isoformat(),
            }
        gaps.append(
            TrainingGap(
                rule=RULE,
                kind=TrainingKind.SG_ROTATION,
                officer=officer,
                due_on=officer.due_on,
                message=message,
            )
        )
    gaps.sort(key=lambda g: (g.due_on, g.officer.pk, g.kind))
    return gaps
