"""How the portal writes values for people: one definition the pages (the `money` template filter) and
the models' own descriptions share."""

from decimal import Decimal, InvalidOperation


def money(value) -> str:
    """CNY with thousands separators and two decimals: ¥800,000.00, -¥5.00 (— for none)."""
    if value is None or value == "":
        return "—"
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"


def percent(value, digits: int = 1) -> str:
    """A share as a percentage with at most `digits` decimals: 0.6667 → 66.7%, 0.3 → 30%, 0.125 → 12.5%
    (— for none)."""
    if value is None or value == "":
        return "—"
    try:
        share = Decimal(str(value)) * 100
    except InvalidOperation:
        return str(value)
    text = f"{share:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"
