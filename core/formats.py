"""How the portal writes values for people: one definition the pages (the `money` template filter) and
the models' own descriptions share."""

from decimal import Decimal, InvalidOperation


def money(value) -> str:
    """CNY with thousands separators: ¥800,000.00 (— for none)."""
    if value in (None, ""):
        return "—"
    try:
        return f"¥{Decimal(str(value)):,.2f}"
    except InvalidOperation:
        return str(value)
