"""Numbers as Chinese reports print them: ¥1,234,567.00 for money, 12.5% for shares, 1,234 for counts."""

from decimal import Decimal, InvalidOperation


def cny(value) -> str:
    """¥ with thousands separators and two decimals; "—" for nothing."""
    if value is None or value == "":
        return "—"
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"


def percent(value, digits: int = 1) -> str:
    """A share (0.125) as 12.5%; "—" for nothing."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(str(value)) * 100:.{digits}f}%"


def count(value) -> str:
    if value is None or value == "":
        return "—"
    return f"{int(value):,}"
