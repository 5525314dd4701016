"""What every job page shares (core.models.Job: sweeps, reports, member exports): the htmx-polled progress
partial (templates/core/partials/job_progress.html, included by each job's own partial) and the view that
answers one poll."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Job


def progress_response(request: HttpRequest, template: str, context: dict, job: Job) -> HttpResponse:
    """The job's progress partial; once the job is finished an htmx poll is told to reload the page, which
    then shows the job's results (a sweep's table, a report's or an export's download)."""
    response = render(request, template, context)
    if job.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response
