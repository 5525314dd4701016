"""`core.disciplines.parse_codes` / `unknown`: the one way typed discipline codes are read and checked."""

import pytest
from django.core.exceptions import ValidationError

from core.disciplines import parse_codes, unknown
from core.forms import ScopeCodesField


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("150, 15010", ["150", "15010"]),
        ("150，15010；110;120  130\t140\n150", ["150", "15010", "110", "120", "130", "140"]),
        (" 15010 ,, 150 ,15010 ", ["15010", "150"]),
        (["150", " 15010 ", "", "150"], ["150", "15010"]),
        (("150", 15010), ["150", "15010"]),
        ("", []),
        ("  ,；", []),
        (None, []),
    ],
)
def test_parse_codes(value, expected):
    assert parse_codes(value) == expected


def test_unknown_keeps_order_and_types_as_strings():
    assert unknown(["150", "99999", "15010", "abc"]) == ["99999", "abc"]
    assert unknown([150, 999]) == ["999"]
    assert unknown([]) == []


def test_scope_codes_field_uses_them():
    field = ScopeCodesField()
    assert field.clean("150，15010 150") == ["150", "15010"]
    with pytest.raises(ValidationError) as exc:
        field.clean("150; 99999")
    assert "99999" in str(exc.value)


def test_the_pickers_static_table_is_the_shipped_csv():
    """static/core/gbt13745.json (what the discipline-code picker searches) holds exactly the CSV's codes
    and names: regenerate it from societies/data/gbt13745-disciplines.csv when the table changes."""
    import json
    from pathlib import Path

    from core.disciplines import disciplines

    table = Path(__file__).resolve().parents[2] / "static" / "core" / "gbt13745.json"
    assert dict(json.loads(table.read_text(encoding="utf-8"))) == disciplines()
