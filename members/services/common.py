"""Small helpers shared by the members services: today's date, the one-year validity, choice checks,
JSON-safe values and the secretariat's right to decide."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import CHANGE, require
from core.errors import DomainError


def _today() -> date:
    return timezone.localdate()


def one_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _check_choice(field: str, value, allowed) -> None:
    if value not in allowed:
        raise DomainError(_("“%(value)s” is not a valid choice.") % {"value": value}, field=field)


def _jsonable(value):
    return value.isoformat() if isinstance(value, date) else value


def _require_decider(actor, society) -> None:
    require(actor, society, CHANGE, _("Only the society's secretariat or CAST decides this."))
