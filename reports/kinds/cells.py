"""Cells of a report table as people read them, and the year filters every kind shares."""

from datetime import date, datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.formatting import count

from . import Table


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
