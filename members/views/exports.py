"""The member directory's XLSX export as a job (members.exports): the confirmation page and the POST that
queues it, the job's page with its htmx-polled progress bar, and the download of the finished file."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from core.jobs import progress_response
from core.models import JobStatus
from core.tabular import XLSX_CONTENT_TYPE

from .. import services
from ..models import MemberExport
from ..selectors import DirectoryFilters
from .common import society_job


def confirm(request, society):
    """GET: what will be exported (the directory's filters), with the button that queues it; POST: queue
    it and go to the job's page. `society` is already checked (society_for_change)."""
    if request.method == "POST":
        job = services.start_export(
            actor=request.user,
            society=society,
            params=request.POST,
            fmt="xlsx",
            full_ids=request.POST.get("full_ids") == "1",
        )
        return redirect("societies:members_export_job", pk=society.pk, job=job.pk)
    filters = DirectoryFilters.from_query(request.GET)
    return render(
        request,
        "societies/members/export_confirm.html",
        {
            "society": society,
            "filters": filters,
            "params": filters.as_dict(),
            "full_ids": request.GET.get("full_ids") == "1",
        },
    )


def _job(request, pk, job) -> MemberExport:
    return society_job(request, pk, job, MemberExport)


@login_required
def job_detail(request, pk, job):
    export = _job(request, pk, job)
    return render(request, "societies/members/export_job.html", {"society": export.society, "export": export})


@login_required
def job_progress(request, pk, job):
    export = _job(request, pk, job)
    return progress_response(
        request, "societies/members/partials/export_progress.html", {"export": export}, export
    )


@login_required
def job_download(request, pk, job):
    export = _job(request, pk, job)
    if export.status != JobStatus.DONE or not export.file:
        raise Http404
    services.record_download(actor=request.user, job=export)
    return FileResponse(
        export.file.open("rb"), as_attachment=True, filename=export.filename(), content_type=XLSX_CONTENT_TYPE
    )
