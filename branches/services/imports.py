"""The secretariat's branch import from CSV/XLSX (all or nothing)."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import log_action
from core.disciplines import parse_codes
from core.errors import DomainError
from core.tabular import as_dicts, read_table

from .. import rules
from ..choices import BranchKind, BranchStatus
from ..models import Branch
from .common import _require_secretary

# --- CSV import ---------------------------------------------------------------------------------------

IMPORT_COLUMNS = {
    "name": "name",
    "名称": "name",
    "kind": "kind",
    "类型": "kind",
    "business_scope": "business_scope",
    "业务范围": "business_scope",
    "purpose": "purpose",
    "宗旨": "purpose",
}
KIND_LABELS = {
    "分支机构": BranchKind.BRANCH,
    "代表机构": BranchKind.REPRESENTATIVE,
    "境外分支机构": BranchKind.OVERSEAS,
    "境外代表机构": BranchKind.OVERSEAS,
    "境外分支(代表)机构": BranchKind.OVERSEAS,
    "境外分支（代表）机构": BranchKind.OVERSEAS,
}


def import_columns() -> list[dict]:
    """The columns of the import file as the import page lists them: key, Chinese header also accepted,
    meaning, whether required, and the allowed values (for `kind`, with the Chinese labels accepted)."""
    aliases = {key: header for header, key in IMPORT_COLUMNS.items() if header != key}
    kind_aliases: dict[str, list[str]] = {}
    for label, value in KIND_LABELS.items():
        kind_aliases.setdefault(value, []).append(label)
    return [
        {"key": "name", "alias": aliases["name"], "label": _("Name"), "required": True, "help": ""},
        {
            "key": "kind",
            "alias": aliases["kind"],
            "label": _("Kind"),
            "required": False,
            "help": _("Empty: a branch office."),
            "allowed": [(value, label, kind_aliases.get(value, [])) for value, label in BranchKind.choices],
        },
        {
            "key": "business_scope",
            "alias": aliases["business_scope"],
            "label": _("Business scope (GB/T 13745 codes)"),
            "required": True,
            "help": _("Codes separated by “;”, e.g. 15020;15030; inside the society's scope (R-BR-02)."),
        },
        {"key": "purpose", "alias": aliases["purpose"], "label": _("Purpose"), "required": False, "help": ""},
    ]


class ImportRefused(DomainError):
    """The file was refused as a whole; `errors` lists every row problem found."""

    def __init__(self, errors: list[dict]):
        first = errors[0]
        super().__init__(
            _("Nothing was imported: %(n)d problem(s); row %(row)s: %(message)s")
            % {"n": len(errors), "row": first["row"], "message": first["message"]},
            rule=first.get("rule") or None,
            field=first.get("field") or None,
        )
        self.errors = errors


def _read_rows(file) -> list[dict]:
    """The import file's rows keyed by (stripped) header: CSV in UTF-8 or GB18030, or XLSX."""
    header, rows = read_table(file, field="file")
    return as_dicts(header, rows)


def import_branches(*, actor, society, file) -> list[Branch]:
    """Import proposed branches from a CSV (UTF-8 or GB18030) or XLSX file (name, kind, business_scope,
    purpose). All or nothing: every row is checked by the same rules as the form (a parent/branch column
    or a sub-branch name refuses the file with R-BR-01) and nothing is written unless every row passes."""
    _require_secretary(actor, society)
    try:
        rows = _read_rows(file)
    except DomainError as exc:
        raise ImportRefused([{"row": 1, "field": "", "rule": "", "message": str(exc.message)}]) from None
    errors, seen, prepared = [], set(), []
    headers = set(rows[0].keys()) if rows else set()
    try:
        rules.check_no_nesting_keys([h for h in headers if h])
    except DomainError as exc:
        raise ImportRefused(
            [{"row": 1, "field": exc.field, "rule": exc.rule, "message": str(exc.message)}]
        ) from None
    if not rows:
        raise ImportRefused([{"row": 1, "field": "", "rule": "", "message": _("The file has no rows.")}])
    for number, row in enumerate(rows, start=2):
        data = {}
        for header, value in row.items():
            key = IMPORT_COLUMNS.get((header or "").strip().lower()) or IMPORT_COLUMNS.get(
                (header or "").strip()
            )
            if key is None:
                if (value or "").strip():
                    errors.append(
                        {
                            "row": number,
                            "field": header,
                            "rule": "",
                            "message": _("Unknown column “%(col)s”.") % {"col": header},
                        }
                    )
                continue
            data[key] = (value or "").strip()
        kind = data.get("kind") or BranchKind.BRANCH
        data["kind"] = KIND_LABELS.get(kind, kind)
        data["business_scope"] = parse_codes(data.get("business_scope", ""))
        branch = Branch(society=society, created_by=actor, status=BranchStatus.PROPOSED, **data)
        try:
            rules.check_branch(branch)
            if branch.name in seen:
                raise DomainError(_("The name appears twice in the file."), field="name")
        except DomainError as exc:
            errors.append(
                {"row": number, "field": exc.field or "", "rule": exc.rule or "", "message": str(exc.message)}
            )
            continue
        seen.add(branch.name)
        prepared.append(branch)
    if errors:
        raise ImportRefused(errors)
    with transaction.atomic():
        for branch in prepared:
            branch.save()
            log_action(
                "branches.branch.proposed",
                actor=actor,
                obj=branch,
                to_status=branch.status,
                data={"imported": True},
            )
        log_action(
            "branches.branch.imported",
            actor=actor,
            obj=society,
            data={"count": len(prepared), "names": [b.name for b in prepared]},
        )
    return prepared
