"""Findings pages: the list (CAST and the regulator see all; a secretary their society's), one finding
with its history, and the confirmation pages of its follow-up steps."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy

from accounts.roles import reach_of
from core.access import CHANGE, DECIDE, VIEW, get_for, may, restrict
from core.audit import status_history
from core.errors import DomainError
from core.forms import apply_domain_error

from . import services
from .choices import FindingStatus
from .models import Evidence, Finding
from .permissions import can_decide
from .rule_titles import RULE_TITLES
from .tables import FindingTable

LIST_QS = Finding.objects.select_related("society", "content_type")


def _may_open_list(reach) -> bool:
    return bool(reach.cast_admin or reach.regulator or reach.secretary_of or reach.reviewer_of)


@login_required
def finding_list(request):
    reach = reach_of(request.user)
    if not _may_open_list(reach):
        raise PermissionDenied
    table = FindingTable(request, restrict(LIST_QS.prefetch_related("subject"), request.user, VIEW))
    if (download := table.export_response()) is not None:
        return download
    return render(request, "compliance/finding_list.html", {"table": table, "page": table.page})


@login_required
def finding_detail(request, pk):
    finding = get_for(LIST_QS, request.user, VIEW, pk=pk)
    return render(
        request,
        "compliance/finding_detail.html",
        {
            "f": finding,
            "history": status_history(finding),
            "evidence": finding.evidence.select_related("uploaded_by"),
            "steps": _steps_for(request.user, finding),
        },
    )


def _steps_for(user, finding) -> list[str]:
    """The follow-up steps `user` may take now — the services' own rules, asked before the page."""
    out = []
    society_side = may(user, finding, CHANGE)
    cast = can_decide(user)
    if finding.status == FindingStatus.OPEN and (cast or society_side):
        out.append("acknowledge")
    if finding.status in (FindingStatus.OPEN, FindingStatus.ACKNOWLEDGED) and society_side:
        out.append("rectify")
    if finding.status == FindingStatus.RECTIFYING and cast:
        out.append("send_back")
    if finding.is_unresolved and cast:
        out += ["resolve", "dismiss"]
    return out


STEPS = {
    # step: (action the service requires, service call)
    "acknowledge": CHANGE,
    "rectify": CHANGE,
    "send_back": DECIDE,
    "resolve": DECIDE,
    "dismiss": DECIDE,
}


class StepForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class RectifyForm(forms.Form):
    rectification = forms.CharField(
        label=gettext_lazy("What was done to put it right"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"}),
    )
    file = forms.FileField(
        label=gettext_lazy("Evidence (PDF, image or Office document)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
    )


def _take_step(request, finding, step, form) -> None:
    data = form.cleaned_data
    if step == "acknowledge":
        services.acknowledge(actor=request.user, finding=finding, comment=data["comment"])
    elif step == "rectify":
        with transaction.atomic():  # the text and its evidence, or neither
            services.rectify(actor=request.user, finding=finding, rectification=data["rectification"])
            if data.get("file"):
                services.add_evidence(actor=request.user, finding=finding, upload=data["file"])
    elif step == "send_back":
        services.send_back(actor=request.user, finding=finding, reason=data["comment"])
    elif step == "resolve":
        services.resolve(actor=request.user, finding=finding, comment=data["comment"])
    else:
        services.dismiss(actor=request.user, finding=finding, reason=data["comment"])


DONE = {
    "acknowledge": gettext_lazy("The finding is acknowledged."),
    "rectify": gettext_lazy("The rectification was recorded; CAST will review it."),
    "send_back": gettext_lazy("The rectification was returned to the society."),
    "resolve": gettext_lazy("The finding is resolved."),
    "dismiss": gettext_lazy("The finding is dismissed."),
}


@login_required
def finding_step(request, pk, step):
    if step not in STEPS:
        raise Http404
    finding = get_for(LIST_QS, request.user, VIEW, pk=pk)
    # The services' rule, before the page: the society's side acknowledges and rectifies (CHANGE); CAST
    # returns and closes (DECIDE). The regulator and Party reviewers read findings, never these screens.
    if not may(request.user, finding, STEPS[step]):
        raise PermissionDenied
    form_class = RectifyForm if step == "rectify" else StepForm
    form = form_class(request.POST, request.FILES) if request.method == "POST" else form_class()
    if request.method == "POST" and form.is_valid():
        try:
            _take_step(request, finding, step, form)
        except DomainError as exc:
            if exc.field in ("reason", "status"):
                exc.field = "comment" if "comment" in form.fields else None
            apply_domain_error(form, exc)
        else:
            messages.success(
                request,
                gettext("%(done)s (%(rule)s, %(society)s)")
                % {
                    "done": str(DONE[step]).rstrip("。."),
                    "rule": RULE_TITLES.get(finding.rule, finding.rule),
                    "society": finding.society.name,
                },
            )
            return redirect("compliance:finding", pk=finding.pk)
    return render(request, "compliance/finding_step.html", {"f": finding, "form": form, "step": step})


@login_required
def evidence_download(request, pk, evidence_pk):
    evidence = get_for(
        Evidence.objects.select_related("finding"), request.user, VIEW, pk=evidence_pk, finding_id=pk
    )
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
