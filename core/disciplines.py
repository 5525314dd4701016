"""The GB/T 13745-2009 discipline code table (first and second level), shipped with the portal.

Scope codes are strings; a code lies inside a scope when one of the scope's codes is its prefix
(`15010` inside `150`). Forms offer names, not bare numbers.
"""

import csv
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
