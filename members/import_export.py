"""Member lists in and out of a society's secretariat: CSV/XLSX export of a (filtered) directory, and
CSV/XLSX import that validates every row before anything is written.

Import rules: each row names a person (name, ID type and number — a mainland ID number is checked against
its GB 11643 check digit), their region, and the membership (tier, category, status, number, dates).
A row is refused when a value is missing or not one of the allowed values, when the membership number is
already used in the society or twice in the file, when the person already holds an active membership of
the society (R-MEM-01) or appears twice in the file, or when the ID number is known under another name.
If any row is refused the whole file is refused and nothing is written; the secretary gets one message
per bad row ("Row N, column: …", N being the spreadsheet line, the header being line 1).

Export and template speak the active language (issue 16): headings are the columns' labels, choice values
their labels, the sheet is named in that language, ID numbers are masked unless asked for. A background
job building the file must activate the requesting user's language first (translation.override). The
import reads headings and choice values as labels in Chinese or English or as codes; a masked ID number
is refused with a message that says so; the template's example row is skipped.

Writing is done by `members.services.import_members`, which calls `read_and_validate` and `write_rows`
inside one transaction with the society locked and audits the counts.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from core import tabular
from core.bulk import copy_with_history
from core.errors import DomainError
from societies.choices import Sector

from .choices import Gender, IdType, MembershipCategory, MembershipStatus, MembershipTier, Region
from .models import PERSON_FIELDS, Membership, MembershipApplication, Person
from .validators import validate_id_number

MAX_ROWS = 20000
# A file of more rows than this is imported by a worker (members.services.start_import): 2,000 rows take
# about half a second in the request, 20,000 several seconds (bench/members_io.py).
IN_REQUEST_ROWS = 2000
# The template's example row carries this ID number (GB 11643's own example); an import skips that row.
SAMPLE_ID_NUMBER = "11010519491231002X"


@dataclass(frozen=True)
class Column:
    key: str
    label: object
    required: bool = False
    choices: type[TextChoices] | None = None
    max_length: int | None = None
    help: object = ""
    only: tuple = ()  # accepted subset of `choices` (empty: all)

    @property
    def allowed(self) -> list[tuple[str, object]]:
        if not self.choices:
            return []
        return [(v, label) for v, label in self.choices.choices if not self.only or v in self.only]


COLUMNS = [
    Column("name", pgettext_lazy("person", "Name"), required=True, max_length=100),
    Column("id_type", gettext_lazy("ID type"), required=True, choices=IdType),
    Column(
        "id_number",
        gettext_lazy("ID number"),
        required=True,
        max_length=32,
        help=gettext_lazy("Mainland ID numbers are checked against their check digit."),
    ),
    Column("gender", gettext_lazy("Gender"), choices=Gender),
    Column(
        "birth_date",
        gettext_lazy("Birth date"),
        help=gettext_lazy("YYYY-MM-DD; taken from a mainland ID number when empty."),
    ),
    Column("region", gettext_lazy("Region"), choices=Region, help=gettext_lazy("Empty: mainland.")),
    Column("employer", gettext_lazy("Employer"), max_length=200),
    Column("sector", gettext_lazy("Sector"), choices=Sector),
    Column("title", gettext_lazy("Professional title"), max_length=100),
    Column("email", gettext_lazy("Email"), max_length=254),
    Column("phone", gettext_lazy("Phone"), max_length=30),
    Column("tier", gettext_lazy("Tier"), choices=MembershipTier, help=gettext_lazy("Empty: ordinary.")),
    Column(
        "category",
        gettext_lazy("Category"),
        choices=MembershipCategory,
        help=gettext_lazy("Empty: individual."),
    ),
    Column(
        "status",
        gettext_lazy("Status"),
        choices=MembershipStatus,
        only=("active", "lapsed"),
        help=gettext_lazy("Empty: active."),
    ),
    Column(
        "number",
        gettext_lazy("Membership number"),
        max_length=40,
        help=gettext_lazy("Unique in the society; may be empty."),
    ),
    Column("joined_on", gettext_lazy("Joined"), help=gettext_lazy("YYYY-MM-DD")),
    Column("valid_until", gettext_lazy("Valid until"), help=gettext_lazy("YYYY-MM-DD")),
]
COLUMN_KEYS = [c.key for c in COLUMNS]
MEMBERSHIP_EXPORT_FIELDS = ("number", "tier", "category", "status", "joined_on", "valid_until")
IMPORTABLE_STATUSES = next(c.only for c in COLUMNS if c.key == "status")
# Column headings a secretary's own spreadsheet may use instead of the keys.
HEADER_ALIASES = {
    "姓名": "name",
    "证件类型": "id_type",
    "证件号码": "id_number",
    "性别": "gender",
    "出生日期": "birth_date",
    "地区": "region",
    "工作单位": "employer",
    "单位性质": "sector",
    "职称": "title",
    "电子邮箱": "email",
    "邮箱": "email",
    "电话": "phone",
    "会员级别": "tier",
    "会员类别": "category",
    "状态": "status",
    "会员号": "number",
    "会员编号": "number",
    "入会日期": "joined_on",
    "有效期至": "valid_until",
}


def header_lookup() -> dict[str, str]:
    """Column heading (lower case) → column key: the key itself, its English and Chinese label (what the
    export and the template write) and the usual Chinese headings of a secretary's own spreadsheet."""
    lookup = {alias.lower(): key for alias, key in HEADER_ALIASES.items()}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            for column in COLUMNS:
                lookup[str(column.label).strip().lower()] = column.key
    for column in COLUMNS:
        lookup[column.key] = column.key
    return lookup


def column_label(key: str) -> str:
    return next((str(c.label) for c in COLUMNS if c.key == key), key)


@dataclass
class RowError:
    row: int  # spreadsheet line number; the header is line 1
    column: str
    message: str

    def __str__(self):
        return _("Row %(row)d, %(column)s: %(message)s") % {
            "row": self.row,
            "column": "、".join(column_label(k.strip()) for k in self.column.split(",")) or "—",
            "message": self.message,
        }


@dataclass
class ImportResult:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    people_created: int = 0
    people_linked: int = 0
    memberships_created: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _choice_lookup(choices) -> dict[str, str]:
    """value, English label and Chinese label (case-insensitive) → value."""
    lookup = {}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            for value, label in choices.choices:
                lookup[str(label).strip().lower()] = value
    for value in choices.values:
        lookup[value.lower()] = value
    return lookup


def _parse_date(raw: str) -> date:
    try:
        return date.fromisoformat(raw.replace("/", "-")[:10])
    except ValueError:
        raise ValidationError(_("“%(v)s” is not a date (YYYY-MM-DD).") % {"v": raw}) from None


# --- validation ------------------------------------------------------------------------------------


def count_lines(upload, filename: str) -> int:
    """About how many lines the file has, cheaply (the CSV's line breaks, the XLSX sheet's declared
    dimension), to decide whether it is imported in the request or by a worker; 0 when unreadable (the
    import itself then says what is wrong)."""
    upload.seek(0)
    try:
        if filename.lower().endswith(".csv"):
            count = sum(chunk.count(b"\n") for chunk in iter(lambda: upload.read(1 << 20), b""))
        else:
            from openpyxl import load_workbook

            workbook = load_workbook(upload, read_only=True)
            count = workbook.worksheets[0].max_row or 0
            workbook.close()
    except Exception:  # noqa: BLE001  an unreadable file is refused by read_and_validate with its reason
        count = 0
    upload.seek(0)
    return count


def read_and_validate(society, upload, filename: str) -> tuple[list[dict], list[RowError]]:
    """Parse and check every row; returns (clean rows, errors). Rows carry `_line` and, for a person
    already known by their ID document, `_person_id`. Runs a fixed number of queries."""
    try:
        header_row, body = tabular.read_table(upload, field="file", filename=filename)
    except DomainError as exc:
        return [], [RowError(0, "", str(exc.message))]
    table = [header_row, *body] if header_row else []
    if not table:
        return [], [RowError(1, "", _("The file is empty."))]
    headings = header_lookup()
    header = [headings.get(h.strip().lower(), h.strip().lower()) for h in table[0]]
    errors = []
    unknown = [h for h in header if h and h not in COLUMN_KEYS]
    if unknown:
        errors.append(RowError(1, ", ".join(unknown), _("Unknown column; use the template's columns.")))
    missing = [c.key for c in COLUMNS if c.required and c.key not in header]
    if missing:
        errors.append(RowError(1, ", ".join(missing), _("Required column is missing.")))
    if errors:
        return [], errors
    if len(table) - 1 > MAX_ROWS:
        return [], [RowError(1, "", _("At most %(n)d rows per file.") % {"n": MAX_ROWS})]

    lookups = {c.key: _choice_lookup(c.choices) for c in COLUMNS if c.choices}
    rows: list[dict] = []
    for offset, raw in enumerate(table[1:]):
        line = offset + 2
        values = {key: (raw[i] if i < len(raw) else "") for i, key in enumerate(header) if key}
        if values.get("id_number", "").strip().upper() == SAMPLE_ID_NUMBER:
            continue  # the template's example row, left in
        row, row_errors = _clean_row(values, line, lookups)
        errors.extend(row_errors)
        rows.append(row)
    errors.extend(_check_against_file_and_database(society, rows))
    errors.sort(key=lambda e: e.row)
    return rows, errors


def _clean_row(values: dict, line: int, lookups: dict) -> tuple[dict, list[RowError]]:
    row: dict = {"_line": line}
    errors = []
    for column in COLUMNS:
        raw = values.get(column.key, "").strip()
        if not raw:
            if column.required:
                errors.append(RowError(line, column.key, _("This value is required.")))
            row[column.key] = ""
            continue
        if "\x00" in raw:  # PostgreSQL stores no NUL character in text
            errors.append(RowError(line, column.key, _("Null characters are not allowed.")))
            continue
        if column.max_length and len(raw) > column.max_length:
            errors.append(
                RowError(line, column.key, _("At most %(n)d characters.") % {"n": column.max_length})
            )
            continue
        if column.choices:
            value = lookups[column.key].get(raw.lower())
            if value is None:
                errors.append(
                    RowError(
                        line,
                        column.key,
                        _("“%(v)s” is not one of: %(allowed)s.")
                        % {"v": raw, "allowed": "、".join(str(label) for _v, label in column.allowed)},
                    )
                )
                continue
            row[column.key] = value
        else:
            row[column.key] = raw
    # Defaults for optional choices.
    row["region"] = row.get("region") or Region.MAINLAND
    row["tier"] = row.get("tier") or MembershipTier.ORDINARY
    row["category"] = row.get("category") or MembershipCategory.INDIVIDUAL
    row["status"] = row.get("status") or MembershipStatus.ACTIVE
    if row["status"] not in IMPORTABLE_STATUSES:
        errors.append(RowError(line, "status", _("Imported memberships are active or lapsed.")))
    if row.get("id_number"):
        row["id_number"] = row["id_number"].replace(" ", "").upper()
        if "*" in row["id_number"]:
            errors.append(RowError(line, "id_number", str(MASKED_ID)))
        elif row.get("id_type"):
            try:
                validate_id_number(row["id_type"], row["id_number"])
            except ValidationError as exc:
                errors.append(RowError(line, "id_number", " ".join(exc.messages)))
    if row.get("email"):
        try:
            validate_email(row["email"])
        except ValidationError:
            errors.append(
                RowError(line, "email", _("“%(v)s” is not an email address.") % {"v": row["email"]})
            )
    for key in ("birth_date", "joined_on", "valid_until"):
        if row.get(key):
            try:
                row[key] = _parse_date(row[key])
            except ValidationError as exc:
                errors.append(RowError(line, key, " ".join(exc.messages)))
                row[key] = None
        else:
            row[key] = None
    if row["joined_on"] and row["valid_until"] and row["valid_until"] < row["joined_on"]:
        errors.append(RowError(line, "valid_until", _("Valid until is before the joining date.")))
    if (
        row["birth_date"] is None
        and row.get("id_type") == IdType.MAINLAND_ID
        and not any(e.column == "id_number" for e in errors)
        and row.get("id_number")
    ):
        n = row["id_number"]
        row["birth_date"] = date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    return row, errors


MASKED_ID = gettext_lazy(
    "The ID number is masked (it contains *), so it cannot be imported. Export the list again with "
    "full ID numbers, or type the full number."
)

NOT_IMPORTABLE = gettext_lazy(
    "This row cannot be imported. A person already registered in the portal joins by applying to the "
    "society themselves; CAST can link them if needed."
)


def _check_against_file_and_database(society, rows: list[dict]) -> list[RowError]:
    """Uniqueness checks across the file and against the database, in three queries."""
    errors = []
    seen_ids: dict[tuple, int] = {}
    seen_numbers: dict[str, int] = {}
    for row in rows:
        key = (row.get("id_type"), row.get("id_number"))
        if all(key):
            if key in seen_ids:
                errors.append(
                    RowError(row["_line"], "id_number", _("Same person as row %(n)d.") % {"n": seen_ids[key]})
                )
            else:
                seen_ids[key] = row["_line"]
        number = row.get("number")
        if number:
            if number in seen_numbers:
                errors.append(
                    RowError(
                        row["_line"],
                        "number",
                        _("Membership number already used in row %(n)d.") % {"n": seen_numbers[number]},
                    )
                )
            else:
                seen_numbers[number] = row["_line"]
    if seen_numbers:
        taken = set(
            Membership.objects.filter(society=society, number__in=list(seen_numbers)).values_list(
                "number", flat=True
            )
        )
        for row in rows:
            if row.get("number") in taken:
                errors.append(
                    RowError(
                        row["_line"],
                        "number",
                        _("Membership number %(v)s is already used in this society.") % {"v": row["number"]},
                    )
                )
    if seen_ids:
        numbers = {k[1] for k in seen_ids}
        people = {
            (p.id_type, p.id_number): p
            for p in Person.objects.filter(id_number__in=numbers).only(
                "id", "name", "id_type", "id_number", "registered_by_society_id"
            )
        }
        people_ids = [p.pk for p in people.values()]
        active_members = set(
            Membership.objects.filter(
                society=society, status=MembershipStatus.ACTIVE, person_id__in=people_ids
            ).values_list("person_id", flat=True)
        )
        # Linked to this society already: a membership of any status, their own application, or registered
        # by it. Nobody else is ever attached by an import (issue 14, finding 2): that would hand the
        # secretariat another society's member's personal data.
        linked = (
            set(
                Membership.objects.filter(society=society, person_id__in=people_ids).values_list(
                    "person_id", flat=True
                )
            )
            | set(
                MembershipApplication.objects.filter(society=society, person_id__in=people_ids).values_list(
                    "person_id", flat=True
                )
            )
            | {p.pk for p in people.values() if p.registered_by_society_id == society.pk}
        )
        for row in rows:
            person = people.get((row.get("id_type") or "", row.get("id_number") or ""))
            if person is None:
                continue
            if person.pk not in linked or person.name != row.get("name"):
                # One message whatever the reason (another society's member, another name): the file
                # must not tell which ID numbers are registered, or under which name.
                errors.append(RowError(row["_line"], "id_number", str(NOT_IMPORTABLE)))
                continue
            row["_person_id"] = person.pk
            if person.pk in active_members and row["status"] == MembershipStatus.ACTIVE:
                errors.append(
                    RowError(
                        row["_line"],
                        "id_number",
                        _("This person already holds an active membership of the society (R-MEM-01)."),
                    )
                )
    return errors


# --- writing ---------------------------------------------------------------------------------------

# Every field of the person but the disciplines (not a column of the import).
IMPORTED_PERSON_FIELDS = tuple(f for f in PERSON_FIELDS if f != "disciplines")


def write_rows(society, rows: list[dict], *, actor=None) -> ImportResult:
    """Create the new people and all memberships in bulk (with history rows). Call inside a transaction,
    after `read_and_validate` found no error."""
    new_people = [
        Person(
            **{
                f: (row.get(f) if row.get(f) is not None else "")
                for f in IMPORTED_PERSON_FIELDS
                if f != "birth_date"
            },
            birth_date=row.get("birth_date"),
        )
        for row in rows
        if "_person_id" not in row
    ]
    created = copy_with_history(new_people, Person, actor=actor, reason="import")
    created_iter = iter(created)
    memberships = []
    for row in rows:
        person_id = row["_person_id"] if "_person_id" in row else next(created_iter).pk
        memberships.append(
            Membership(
                society=society,
                person_id=person_id,
                tier=row["tier"],
                category=row["category"],
                status=row["status"],
                number=row.get("number") or "",
                joined_on=row.get("joined_on"),
                valid_until=row.get("valid_until"),
            )
        )
    copy_with_history(memberships, Membership, actor=actor, reason="import")
    return ImportResult(
        rows=len(rows),
        people_created=len(new_people),
        people_linked=len(rows) - len(new_people),
        memberships_created=len(memberships),
    )


# --- export ----------------------------------------------------------------------------------------

# The export's columns are the import's (so an exported file with full ID numbers imports again), the
# membership number first. Headings and choice values are written as labels in the reader's language.
EXPORT_KEYS = ["number", *(c.key for c in COLUMNS if c.key != "number")]
_PATHS = {key: (key if key in MEMBERSHIP_EXPORT_FIELDS else f"person__{key}") for key in EXPORT_KEYS}
SHEET_NAME = gettext_lazy("Members")


def export_header() -> list[str]:
    """The export's heading row in the active language (labels, not keys)."""
    return [column_label(key) for key in EXPORT_KEYS]


def mask_id_number(number: str) -> str:
    """An ID number as exports show it by default: the first 3 and last 4 characters (110***********1234)."""
    number = number or ""
    if len(number) <= 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def _labels() -> dict[str, dict[str, str]]:
    """column key → {choice value: label in the active language}."""
    return {c.key: {v: str(label) for v, label in c.choices.choices} for c in COLUMNS if c.choices}


def export_rows(memberships, *, full_ids: bool = False):
    """One row per membership of the (already restricted and filtered) queryset, without the header
    (`export_header()`); streams. Choice values are labels in the active language; ID numbers are
    masked unless `full_ids` (issue 14: the full export is asked for explicitly, and audited by the
    caller)."""
    paths = [_PATHS[key] for key in EXPORT_KEYS]
    labels = _labels()
    id_column = EXPORT_KEYS.index("id_number")
    for values in memberships.values_list(*paths).iterator(chunk_size=2000):
        row = []
        for key, v in zip(EXPORT_KEYS, values, strict=True):
            if v is None:
                row.append("")
            elif isinstance(v, date):
                row.append(v.isoformat())
            elif key in labels:
                row.append(labels[key].get(v, v))
            else:
                row.append(str(v))
        if not full_ids:
            row[id_column] = mask_id_number(row[id_column])
        yield row


def write_csv(memberships, out, *, full_ids: bool = False) -> int:
    """The export as CSV (no BOM) to the text stream `out`; returns the number of rows."""
    return tabular.write_csv(out, export_header(), export_rows(memberships, full_ids=full_ids))


def build_xlsx(memberships, *, full_ids: bool = False) -> tuple[bytes, int]:
    """The export as an XLSX workbook: (content, number of rows)."""
    return tabular.build_xlsx(
        export_header(), export_rows(memberships, full_ids=full_ids), sheet=str(SHEET_NAME)
    )


# --- the import template -------------------------------------------------------------------------


def template_sample_row() -> list[str]:
    """An example row for the template, in the active language (labels for the choices)."""
    sample = {
        "name": _("Zhang San"),
        "id_type": str(IdType.MAINLAND_ID.label),
        "id_number": SAMPLE_ID_NUMBER,
        "gender": str(Gender.MALE.label),
        "birth_date": "1949-12-31",
        "region": str(Region.MAINLAND.label),
        "employer": _("Peking University"),
        "sector": str(Sector.choices[0][1]),
        "title": _("Professor"),
        "email": "zhangsan@example.org",
        "phone": "010-12345678",
        "tier": str(MembershipTier.ORDINARY.label),
        "category": str(MembershipCategory.INDIVIDUAL.label),
        "status": str(MembershipStatus.ACTIVE.label),
        "number": "M0001",
        "joined_on": "2024-01-01",
        "valid_until": "2027-12-31",
    }
    return [sample[c.key] for c in COLUMNS]


def template_notes() -> tuple[list[str], list[list[str]]]:
    """The template's notes sheet: one row per column — heading, code, required, accepted values (labels
    in Chinese or English, or the codes) and notes; then how the file is read."""
    header = [_("Column"), _("Code"), _("Required"), _("Accepted values"), _("Notes")]
    rows = []
    for c in COLUMNS:
        values = "；".join(f"{label}（{value}）" for value, label in c.allowed) if c.choices else ""
        rows.append([str(c.label), c.key, _("yes") if c.required else "", values, str(c.help)])
    rows.append(
        [
            _(
                "Choice columns accept the label in Chinese or English, or the code in brackets. Headings "
                "may be the Chinese or English labels or the codes. The example row (ID number %(sample)s) "
                "is skipped on import."
            )
            % {"sample": SAMPLE_ID_NUMBER}
        ]
    )
    return header, rows


def template_columns() -> list[str]:
    return [str(c.label) for c in COLUMNS]
