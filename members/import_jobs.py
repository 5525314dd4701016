"""Long member imports as jobs: the worker's part. members.services.start_import holds the file and queues
the job; `run_import` runs the secretariat's own service on it (every row checked, then all written or
nothing) as the user who asked, records the counts or the row problems on the job, and deletes the held
file, which carries ID numbers, once the import has run.
"""

import logging

from django.conf import settings
from django.utils import timezone
from django.utils.translation import override

from core.models import JobStatus

from .models import MemberImport
from .services.imports import import_members

log = logging.getLogger(__name__)


def run_import(job_pk: int) -> MemberImport:
    """Run one import job (the worker's task). Idempotent: a finished job is left alone; a job whose worker
        died is run again from the start (its transaction was rolled back with the worker; acks_late hands the
    task to another worker, and the held file is still there). A run that fails deletes the held file too."""
    job = MemberImport.objects.select_related("society", "requested_by").get(pk=job_pk)
    if job.is_finished:
        return job
    MemberImport.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), progress=10, error=""
    )
    try:
        with override(job.language or settings.LANGUAGE_CODE), job.file.open("rb") as upload:
            result = import_members(
                actor=job.requested_by, society=job.society, upload=upload, filename=job.filename
            )
    except Exception as exc:
        log.exception("member import %s failed", job.pk)
        job.record_failure(exc)
        job.file.delete(save=False)  # the user uploads it again; a copy of ID numbers is not kept
        MemberImport.objects.filter(pk=job.pk).update(file="")
        raise
    job.rows = result.rows
    job.people_created = result.people_created if result.ok else None
    job.people_linked = result.people_linked if result.ok else None
    job.memberships_created = result.memberships_created if result.ok else None
    job.row_errors = [{"row": e.row, "column": e.column, "message": str(e.message)} for e in result.errors]
    job.status = JobStatus.DONE
    job.progress = 100
    job.finished_at = timezone.now()
    job.file.delete(save=False)
    job.save()
    return job
