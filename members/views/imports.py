"""A long member import's job page (members.import_jobs): its htmx-polled progress bar, then the counts of
what was written or each row's problem when the file was refused. The upload itself is
members.views.directory.import_members, which hands a long file to members.services.start_import."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core.jobs import progress_response

from .. import import_export
from ..models import MemberImport
from .common import society_job


def _job(request, pk, job) -> MemberImport:
    return society_job(request, pk, job, MemberImport)


@login_required
def job_detail(request, pk, job):
    job = _job(request, pk, job)
    return render(
        request,
        "societies/members/import_job.html",
        {"society": job.society, "job": job, "errors": job.errors(), "max_rows": import_export.MAX_ROWS},
    )


@login_required
def job_progress(request, pk, job):
    job = _job(request, pk, job)
    return progress_response(request, "societies/members/partials/import_progress.html", {"job": job}, job)
