"""Report pages: the list of generated reports with the form that starts one, a report's page with a live
progress bar (htmx polls the row until the worker finishes) and its downloads, and retrying a failed one.

Downloads go through `report_download`, which fetches the row with core.access (a secretary of another
society gets 404), never through a public media URL."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.roles import reach_of
from core.access import VIEW, get_for, restrict
from core.errors import DomainError
from core.forms import Styled, apply_domain_error
from core.jobs import progress_response
from societies.models import Society

from . import services
from .choices import ReportKind
from .kinds import KINDS
from .models import Report
from .tables import ReportTable

QS = Report.objects.select_related("society", "requested_by", "annual_report")
# The kinds started from this page; the annual report is generated from its own page (its workflow).
STARTABLE = [(k, label) for k, label in ReportKind.choices if k != ReportKind.ANNUAL_REPORT]


def _may_start(reach) -> bool:
    return bool(reach.cast_admin or reach.secretary_of)


class StartForm(Styled, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Report"), choices=STARTABLE)
    society = forms.ModelChoiceField(
        label=gettext_lazy("Society"), queryset=Society.objects.none(), required=False
    )
    year = forms.IntegerField(label=gettext_lazy("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, reach, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["society"]
        if reach.cast_admin:
            field.queryset = Society.objects.order_by("code").only("pk", "name")
            field.empty_label = gettext_lazy("All societies")
        else:
            field.queryset = Society.objects.filter(pk__in=reach.secretary_of).order_by("code")
            field.required = True
            field.empty_label = None
            self.fields["kind"].choices = [c for c in STARTABLE if KINDS[c[0]].society != "none"]
        self.fields["year"].initial = timezone.localdate().year - 1


def _list_page(request, form, status=200):
    table = ReportTable(request, restrict(QS, request.user, VIEW), params=request.GET)
    if (download := table.export_response()) is not None:
        return download
    return render(request, "reports/report_list.html", {"table": table, "form": form}, status=status)


@login_required
def report_list(request):
    reach = reach_of(request.user)
    if not (reach.cast_admin or reach.regulator or reach.secretary_of or reach.reviewer_of):
        raise PermissionDenied
    return _list_page(request, StartForm(reach=reach) if _may_start(reach) else None)


@login_required
@require_POST
def report_start(request):
    reach = reach_of(request.user)
    if not _may_start(reach):
        raise PermissionDenied
    form = StartForm(request.POST, reach=reach)
    if form.is_valid():
        data = form.cleaned_data
        try:
            report = services.start_report(
                actor=request.user, kind=data["kind"], society=data["society"], year=data["year"]
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("The report is being generated; this page shows its progress."))
            return redirect("reports:report", pk=report.pk)
    return _list_page(request, form, status=400)


def _may_retry(user, report) -> bool:
    reach = reach_of(user)
    if report.society_id is None:
        return reach.cast_admin
    if report.annual_report_id:
        return report.society_id in reach.secretary_of
    return reach.cast_admin or report.society_id in reach.secretary_of


@login_required
def report_detail(request, pk):
    report = get_for(QS, request.user, VIEW, pk=pk)
    return render(
        request,
        "reports/report_detail.html",
        {"report": report, "may_retry": report.status == "failed" and _may_retry(request.user, report)},
    )


@login_required
def report_progress(request, pk):
    """The progress bar alone, for htmx polling; when finished the page reloads to offer the download."""
    report = get_for(QS, request.user, VIEW, pk=pk)
    return progress_response(request, "reports/partials/report_progress.html", {"report": report}, report)


@login_required
def report_download(request, pk, fmt):
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    report = get_for(QS, request.user, VIEW, pk=pk)
    stored = report.file if fmt == "pdf" else report.xlsx
    if report.status != "done" or not stored:
        raise Http404
    content_type = (
        "application/pdf"
        if fmt == "pdf"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return FileResponse(
        stored.open("rb"), as_attachment=True, filename=report.filename(fmt), content_type=content_type
    )


@login_required
@require_POST
def report_retry(request, pk):
    report = get_for(QS, request.user, VIEW, pk=pk)
    try:
        services.retry_report(actor=request.user, report=report)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The report is being generated again."))
    return redirect("reports:report", pk=report.pk)
