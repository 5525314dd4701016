"""The GB/T 13745-2009 discipline code table (first and second level), shipped with the portal.

Scope codes are strings; a code lies inside a scope when one of the scope's codes is its prefix
(`15010` inside `150`). Forms offer names, not bare numbers.
"""

import csv
import re
from functools import cache
from pathlib import Path

TABLE = Path(__file__).resolve().parent.parent / "societies" / "data" / "gbt13745-disciplines.csv"


@cache
def disciplines() -> dict[str, str]:
    """code -> Chinese name, in code order."""
    with TABLE.open(encoding="utf-8") as fh:
        return {row["code"]: row["name"] for row in csv.DictReader(fh)}


def name_of(code: str) -> str:
    return disciplines().get(code, "")


def is_known(code: str) -> bool:
    return code in disciplines()


def lies_inside(code: str, scope: list[str] | tuple[str, ...]) -> bool:
    return any(code.startswith(prefix) for prefix in scope)


def outside(codes, scope) -> list[str]:
    """The codes of `codes` that do not lie inside `scope` (R-BR-02, R-ACT-01)."""
    return [c for c in codes if not lies_inside(c, scope)]


def choices(level: int | None = None) -> list[tuple[str, str]]:
    return [
        (code, f"{code} {name}")
        for code, name in disciplines().items()
        if level is None or len(code) == (3 if level == 1 else 5)
    ]


_SEPARATORS = re.compile(r"[,，;；\s]+")


def parse_codes(value) -> list[str]:
    """Discipline codes typed by a person or sent by a client, as a list: the one way every form, import
    and service reads them.

    A string is split on `,` `，` `;` `；` and whitespace; a list or tuple holds one code per item (items
    are converted with `str`). Codes are stripped, empty ones dropped, the first occurrence of a repeated
    code kept, order preserved. Nothing is checked against the table here: see `unknown`."""
    if value is None:
        return []
    items = _SEPARATORS.split(value) if isinstance(value, str) else [str(v) for v in value]
    codes: list[str] = []
    for item in items:
        code = item.strip()
        if code and code not in codes:
            codes.append(code)
    return codes


def unknown(codes) -> list[str]:
    """The codes of `codes` (as strings, in order) that are not in the GB/T 13745 table."""
    return [str(c) for c in codes if not is_known(str(c))]
