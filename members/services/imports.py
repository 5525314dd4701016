"""The secretariat's member import: a CSV/XLSX file validated whole, then written in one transaction."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.access import CHANGE, require
from core.audit import log_action
from societies.models import Society

from .. import import_export


def import_members(*, actor, society: Society, upload, filename: str):
    """Import members from a CSV/XLSX file: every row is validated first; if any row is bad nothing is
    written and the row errors are returned. Otherwise people are created or linked and memberships
    created in bulk, in one transaction, and the import is audited with its counts."""
    require(actor, society, CHANGE, _("Only the society's secretaries and CAST change its records."))
    with transaction.atomic():
        Society.objects.select_for_update().get(pk=society.pk)  # one import per society at a time
        rows, errors = import_export.read_and_validate(society, upload, filename)
        if errors:
            log_action(
                "members.membership.import_refused",
                actor=actor,
                obj=society,
                data={"file": filename, "rows": len(rows), "errors": len(errors)},
            )
            return import_export.ImportResult(errors=errors, rows=len(rows))
        result = import_export.write_rows(society, rows)
        log_action(
            "members.membership.imported",
            actor=actor,
            obj=society,
            data={
                "file": filename,
                "rows": result.rows,
                "people_created": result.people_created,
                "people_linked": result.people_linked,
                "memberships_created": result.memberships_created,
            },
        )
    return result
