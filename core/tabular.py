"""Spreadsheet files in and out: CSV/XLSX downloads of a table and reading an uploaded CSV/XLSX table.

Writing: `table_response(header, rows, fmt, filename)` — CSV is UTF-8 with a BOM (Excel opens UTF-8 CSV
with Chinese correctly only with one), XLSX is a write-only openpyxl workbook; rows may be a generator
(nothing is read twice) and the response carries `row_count`.

Reading: `read_table(upload, field=...)` — CSV in UTF-8 (with or without BOM) or GB18030 (what Excel in
China saves), or the first sheet of an XLSX workbook; at most `attachment_max_mb` (rule setting) in size.
Returns `(header, rows)` of stripped strings, blank lines left out. A file that cannot be read is refused
with a `DomainError` on `field`.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from .errors import DomainError
from .rule_settings import rule_setting

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
_ZIP_MAGIC = b"PK\x03\x04"  # an XLSX file is a ZIP archive


# --- writing ---------------------------------------------------------------------------------------


class TableResponse(HttpResponse):
    """A file download of a table; `row_count` is the number of rows written (header not counted)."""

    row_count: int = 0


# A cell a spreadsheet would read as a formula (OWASP "CSV injection"): `=HYPERLINK(…)` in a member's
# name must arrive as text. Such a text gets a leading apostrophe, which Excel and WPS show as text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value` as a spreadsheet must receive it: text that starts like a formula is neutralized; numbers,
    dates and other values pass unchanged (a negative number is a number, not a formula). A lazy
    translation is written in the active language."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv(out, header: Sequence, rows: Iterable[Sequence]) -> int:
    """Write header and rows as CSV to the text stream `out` (no BOM); returns the number of rows."""
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in header])
    count = 0
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
        count += 1
    return count


Sheet = tuple[str, Sequence, Iterable[Sequence]]  # (name, header, rows)


def build_xlsx(
    header: Sequence,
    rows: Iterable[Sequence],
    *,
    sheet: str = "Sheet1",
    extra_sheets: Sequence[Sheet] = (),
) -> tuple[bytes, int]:
    """An XLSX workbook of header and rows (write-only: rows are not kept), then any `extra_sheets`
    (a notes sheet, say); (content, rows of the first sheet)."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(str(sheet)[:31])  # Excel's limit on a sheet name
    worksheet.append([safe_cell(h) for h in header])
    count = 0
    for row in rows:
        worksheet.append([safe_cell(c) for c in row])
        count += 1
    for name, extra_header, extra_rows in extra_sheets:
        extra = workbook.create_sheet(str(name)[:31])
        extra.append([safe_cell(h) for h in extra_header])
        for row in extra_rows:
            extra.append([safe_cell(c) for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count


def table_response(
    header: Sequence,
    rows: Iterable[Sequence],
    fmt: str,
    filename: str,
    *,
    sheet: str = "Sheet1",
    extra_sheets: Sequence[Sheet] = (),
) -> TableResponse:
    """A download of the table as `fmt` ("csv" or "xlsx") named `filename` (extension included).
    `sheet` (the sheet's name, translated by the caller) and `extra_sheets` apply to XLSX only."""
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")  # BOM: Excel then reads the file as UTF-8
        count = write_csv(out, header, rows)
        response = TableResponse(out.getvalue(), content_type=CSV_CONTENT_TYPE)
    elif fmt == "xlsx":
        content, count = build_xlsx(header, rows, sheet=sheet, extra_sheets=extra_sheets)
        response = TableResponse(content, content_type=XLSX_CONTENT_TYPE)
    else:
        raise ValueError(f"unknown table format {fmt!r}")
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    response.row_count = count
    return response


class _Line:
    """A file-like object whose write returns what it was given: csv.writer then yields lines."""

    def write(self, value: str) -> str:
        return value


def stream_csv(header: Sequence, rows: Iterable[Sequence], *, chunk_rows: int = 500):
    """The CSV (with BOM) of header and rows, as chunks of text of up to `chunk_rows` lines each."""
    writer = csv.writer(_Line())
    chunk = ["\ufeff" + writer.writerow([safe_cell(h) for h in header])]
    for row in rows:
        chunk.append(writer.writerow([safe_cell(c) for c in row]))
        if len(chunk) >= chunk_rows:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def streaming_csv_response(
    header: Sequence, rows: Iterable[Sequence], filename: str
) -> StreamingHttpResponse:
    """A CSV download written while it is sent: memory stays flat and the first bytes leave at once,
    whatever the number of rows (`rows` should itself stream, e.g. a queryset's `iterator()`)."""
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in stream_csv(header, rows)), content_type=CSV_CONTENT_TYPE
    )
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response


# --- reading ---------------------------------------------------------------------------------------


def yes_no(value: bool) -> str:
    """A boolean cell of an export, in the reader's language (是 / empty)."""
    return _("yes") if value else ""


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(data: bytes, field: str) -> list[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise DomainError(_("This is not a readable XLSX file."), field=field) from exc


def _read_csv(data: bytes, field: str) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DomainError(_("The CSV file is neither UTF-8 nor GB18030 encoded."), field=field)
    try:
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise DomainError(_("This is not a readable CSV file."), field=field) from exc


def read_table(upload, *, field: str, filename: str | None = None) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of an uploaded .csv or .xlsx file (an uploaded file, a file object or bytes);
    cells are stripped strings and blank lines are dropped. `filename` defaults to the upload's name.
    Raises DomainError on `field` when the file is too large, of another kind, or unreadable."""
    limit_mb = rule_setting("attachment_max_mb")
    limit = limit_mb * 1024 * 1024
    if hasattr(upload, "read"):
        if hasattr(upload, "seek"):
            upload.seek(0)
        data = upload.read(limit + 1)
    else:
        data = bytes(upload)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > limit:
        raise DomainError(_("The file is larger than %(mb)d MB.") % {"mb": limit_mb}, field=field)
    name = (filename if filename is not None else getattr(upload, "name", "") or "").lower()
    if name.endswith(".xlsx") or (not name.endswith(".csv") and data.startswith(_ZIP_MAGIC)):
        table = _read_xlsx(data, field)
    elif name.endswith(".csv"):
        table = _read_csv(data, field)
    else:
        raise DomainError(_("Upload a .csv or .xlsx file."), field=field)
    table = [row for row in table if any(row)]
    if not table:
        return [], []
    return table[0], table[1:]


def as_dicts(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[dict[str, str]]:
    """Rows keyed by header (short rows padded with ""; cells beyond the header under the key "")."""
    result = []
    for row in rows:
        record = {key: (row[i] if i < len(row) else "") for i, key in enumerate(header)}
        extra = [c for c in row[len(header) :] if c]
        if extra:
            record[""] = ",".join([record.get("", ""), *extra]).strip(",")
        result.append(record)
    return result
