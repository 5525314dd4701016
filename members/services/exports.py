"""Member directory exports as jobs (members.exports builds the file in a worker): asking for one, and
recording its downloads. Both audited; `full_ids` (ID numbers unmasked) only when asked for explicitly."""

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.access import CHANGE, require
from core.audit import log_action
from core.mail import enqueue_on_commit

from .. import tasks
from ..models import MemberExport
from ..selectors import DirectoryFilters

JOB_FORMATS = ("xlsx",)


def start_export(*, actor, society, params, fmt: str = "xlsx", full_ids: bool = False, enqueue: bool = True):
    """Queue the export of the society's directory filtered by `params` (the directory's query)."""
    require(actor, society, CHANGE, _("Only the society's secretariat or CAST exports its members."))
    if fmt not in JOB_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    filters = DirectoryFilters.from_query(params)
    with transaction.atomic():
        job = MemberExport.objects.create(
            society=society,
            fmt=fmt,
            filters=filters.as_dict(),
            full_ids=full_ids,
            language=get_language() or "",
            requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        log_action(
            "members.export.requested",
            actor=actor,
            obj=society,
            data={"job": job.pk, "format": fmt, "filters": job.filters, "full_ids": full_ids},
        )
        if enqueue:
            enqueue_on_commit(tasks.export_members, job.pk)
    return job


def record_download(*, actor, job: MemberExport) -> None:
    log_action(
        "members.export.downloaded",
        actor=actor,
        obj=job.society,
        data={"job": job.pk, "format": job.fmt, "rows": job.rows, "full_ids": job.full_ids},
    )
