"""Large member directory exports as jobs: a secretary (or CAST) asks for the XLSX of the (filtered)
directory, a worker builds it (reading from the read replica when there is one, core.db_router) into the
default storage with a progress bar on the job's page, and the user downloads it there.

Asking and downloading are members.services.exports; this module is the worker's part. A 300,000-row
XLSX takes tens of seconds to build, too long for a request (docs/scaling.md); CSV is streamed by the
request itself (members.views.directory.export). Audited: the request (`members.export.requested`), the
built file (`members.membership.exported`, with the row count, as the in-request export records it) and
each download (`members.export.downloaded`). ID numbers are masked unless the user asked for them in
full (`full_ids`), which every one of those entries records.
"""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import override

from core import tabular
from core.audit import log_action
from core.db_router import replica_reads
from core.models import JobStatus

from . import import_export
from .models import MemberExport
from .selectors import DirectoryFilters, member_directory

log = logging.getLogger(__name__)


def _with_progress(job: MemberExport, rows, total: int):
    """Pass the rows through, moving the job's bar from 5 % to 90 % as they go."""
    step = max(1000, total // 40)
    for n, row in enumerate(rows, start=1):
        if n % step == 0:
            job.set_progress(5 + 85 * n // max(total, 1))
        yield row


def run_export(job_pk: int) -> MemberExport:
    """Build the file of one export job (the worker's task). Idempotent: a finished job is left alone, a
    job whose worker died is built again from the start."""
    job = MemberExport.objects.select_related("society", "requested_by").get(pk=job_pk)
    if job.status == JobStatus.DONE:
        return job
    MemberExport.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), progress=5, error=""
    )
    try:
        # Filters as the directory would read them from its query string (stored already cleaned).
        filters = DirectoryFilters.from_query(job.filters)
        with replica_reads(), override(job.language or settings.LANGUAGE_CODE):
            memberships = member_directory(job.society, job.requested_by, filters)
            total = memberships.count()
            rows = _with_progress(job, import_export.export_rows(memberships, full_ids=job.full_ids), total)
            content, count = tabular.build_xlsx(
                import_export.export_header(), rows, sheet=str(import_export.SHEET_NAME)
            )
        job.set_progress(95)
        with transaction.atomic():
            locked = MemberExport.objects.select_for_update().get(pk=job.pk)
            locked.file.save(job.filename(), ContentFile(content), save=False)
            locked.rows = count
            locked.status = JobStatus.DONE
            locked.progress = 100
            locked.finished_at = timezone.now()
            locked.save()
            log_action(
                "members.membership.exported",
                actor=job.requested_by,
                obj=job.society,
                data={
                    "format": job.fmt,
                    "rows": count,
                    "filters": job.filters,
                    "full_ids": job.full_ids,
                    "job": job.pk,
                },
            )
        return locked
    except Exception as exc:
        log.exception("member export %s failed", job.pk)
        job.record_failure(exc)
        raise
