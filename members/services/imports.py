"""The secretariat's member import: a CSV/XLSX file validated whole, then written in one transaction.

A short file is imported within the request; a long one (more than import_export.IN_REQUEST_ROWS rows,
which would keep the request busy for seconds) becomes a MemberImport job that a worker runs through the
same `import_members` (members.import_jobs). Either way the service checks its actor.
"""

from django.core.files import File
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.access import CHANGE, require
from core.audit import log_action
from core.mail import enqueue_on_commit
from societies.models import Society

from .. import import_export, tasks
from ..models import MemberImport

FORBIDDEN = _("Only the society's secretaries and CAST change its records.")


def import_members(*, actor, society: Society, upload, filename: str):
    """Import members from a CSV/XLSX file: every row is validated first; if any row is bad nothing is
    written and the row errors are returned. Otherwise people are created or linked and memberships
    created in bulk, in one transaction, and the import is audited with its counts."""
    require(actor, society, CHANGE, FORBIDDEN)
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
        result = import_export.write_rows(society, rows, actor=actor)
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


def start_import(*, actor, society: Society, upload, filename: str, enqueue: bool = True) -> MemberImport:
    """Hold the uploaded file and queue its import as a job (a worker runs `import_members` on it)."""
    require(actor, society, CHANGE, FORBIDDEN)
    upload.seek(0)
    with transaction.atomic():
        job = MemberImport(
            society=society,
            filename=filename[:255],
            language=get_language() or "",
            requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        job.file.save(
            f"import-{society.code}.{filename.rsplit('.', 1)[-1].lower()}", File(upload)
        )  # copied to the storage in chunks, not read into memory first
        log_action(
            "members.import.requested", actor=actor, obj=society, data={"job": job.pk, "file": filename}
        )
        if enqueue:
            enqueue_on_commit(tasks.import_members, job.pk)
    return job
