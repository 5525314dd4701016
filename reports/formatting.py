"""Numbers as Chinese reports print them: ¥1,234,567.00 for money, 12.5% for shares, 1,234 for counts."""

from core.formats import money
from core.formats import percent as core_percent


def cny(value) -> str:
    """¥ with thousands separators and two decimals; "—" for nothing (core.formats.money)."""
    return money(value)


def percent(value, digits: int = 1) -> str:
    """A share (0.125) as 12.5%; "—" for nothing (core.formats.percent: one format everywhere)."""
    return core_percent(value, digits)


def count(value) -> str:
    if value is None or value == "":
        return "—"
    return f"{int(value):,}"
