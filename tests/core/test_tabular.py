"""core.tabular: CSV/XLSX downloads and reading uploaded CSV (UTF-8 / GB18030) and XLSX tables."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from core.errors import DomainError
from core.models import RuleSettingValue
from core.tabular import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, as_dicts, read_table, table_response

pytestmark = pytest.mark.django_db

HEADER = ["名称", "code", "date"]
ROWS = [["有机化学专业委员会", "15020", "2026-01-10"], ["物理化学专业委员会", "15030", ""]]


def test_csv_response_has_bom_type_and_filename():
    response = table_response(HEADER, iter(ROWS), "csv", "branches.csv")
    assert response["Content-Type"] == CSV_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="branches.csv"'
    assert response.content.startswith("\ufeff".encode())
    body = response.content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(body))) == [HEADER, *ROWS]
    assert response.row_count == 2


def test_xlsx_response_round_trips_through_read_table():
    response = table_response(HEADER, iter(ROWS), "xlsx", "表.xlsx", sheet="branches")
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert response.row_count == 2
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["branches"]
    header, rows = read_table(SimpleUploadedFile("back.xlsx", response.content), field="file")
    assert (header, rows) == (HEADER, ROWS)


def test_unknown_format_is_a_programming_error():
    with pytest.raises(ValueError):
        table_response(HEADER, ROWS, "pdf", "x.pdf")


def test_xlsx_numbers_and_dates_read_as_text():
    from datetime import date

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["code", "on", "empty"])
    sheet.append([15020, date(2026, 1, 10), None])
    sheet.append([None, None, None])  # blank line dropped
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert read_table(SimpleUploadedFile("x.xlsx", buffer.getvalue()), field="file") == (
        ["code", "on", "empty"],
        [["15020", "2026-01-10", ""]],
    )


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8", "utf-8-sig"])
def test_csv_read_in_gb18030_and_utf8(encoding):
    text = "名称,业务范围\r\n 有机化学专业委员会 ,15020\r\n,\r\n催化专业委员会,150\r\n"
    upload = SimpleUploadedFile("list.csv", text.encode(encoding))
    header, rows = read_table(upload, field="file")
    assert header == ["名称", "业务范围"]
    assert rows == [["有机化学专业委员会", "15020"], ["催化专业委员会", "150"]]
    assert as_dicts(header, rows)[0] == {"名称": "有机化学专业委员会", "业务范围": "15020"}


def test_as_dicts_pads_short_rows_and_keeps_extra_cells():
    assert as_dicts(["a", "b"], [["1"], ["1", "2", "3"]]) == [
        {"a": "1", "b": ""},
        {"a": "1", "b": "2", "": "3"},
    ]


def test_oversize_file_is_refused_by_the_rule_setting():
    RuleSettingValue.objects.create(key="attachment_max_mb", value="1")
    upload = SimpleUploadedFile("big.csv", b"a,b\n" + b"x,y\n" * (300 * 1024))
    with pytest.raises(DomainError) as err:
        read_table(upload, field="upload")
    assert err.value.field == "upload"
    assert "1 MB" in str(err.value.message)
    # the same file passes under the default limit
    RuleSettingValue.objects.all().delete()
    upload.seek(0)
    header, rows = read_table(upload, field="upload")
    assert header == ["a", "b"] and len(rows) == 300 * 1024


@pytest.mark.parametrize(
    "name,content",
    [
        ("list.txt", b"a,b\n1,2\n"),  # neither .csv nor .xlsx
        ("list.xlsx", b"a,b\n1,2\n"),  # not a workbook
        ("list.csv", b"\xff\xfe\x00\xd8\x00\xdc\x81"),  # not UTF-8 nor GB18030
    ],
)
def test_bad_files_are_refused_on_the_field(name, content):
    with pytest.raises(DomainError) as err:
        read_table(SimpleUploadedFile(name, content), field="file")
    assert err.value.field == "file"
