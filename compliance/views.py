"""Findings pages: the list (CAST and the regulator see all; a secretary their society's), one finding
with its history, and the confirmation pages of its follow-up steps."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import reach_of
from core.access import CHANGE, DECIDE, VIEW, get_for, may, restrict
from core.audit import status_history
from core.errors import DomainError
from core.forms import apply_domain_error
from societies.models import Society

from . import services
from .choices import UNRESOLVED, FindingStatus, Severity
from .models import Finding
from .permissions import can_decide

LIST_QS = Finding.objects.select_related("society", "content_type")


def _may_open_list(reach) -> bool:
    return bool(reach.cast_admin or reach.regulator or reach.secretary_of or reach.reviewer_of)


@login_required
def finding_list(request):
    reach = reach_of(request.user)
    if not _may_open_list(reach):
        raise PermissionDenied
    qs = restrict(LIST_QS.order_by("-opened_at", "-id"), request.user, VIEW)
    filters = {k: request.GET.get(k, "") for k in ("rule", "severity", "status", "society")}
    if filters["status"] in FindingStatus.values:
        qs = qs.filter(status=filters["status"])
    elif filters["status"] != "all":
        qs = qs.filter(status__in=UNRESOLVED)
    if filters["severity"] in Severity.values:
        qs = qs.filter(severity=filters["severity"])
    if filters["rule"]:
        qs = qs.filter(rule__iexact=filters["rule"].strip())
    if filters["society"].isdigit():
        qs = qs.filter(society_id=int(filters["society"]))
    page = Paginator(qs.prefetch_related("subject"), 50).get_page(request.GET.get("page"))
    societies = (
        Society.objects.order_by("code").only("pk", "name")
        if reach.cast_admin or reach.regulator
        else Society.objects.filter(pk__in=reach.secretary_of | reach.reviewer_of).only("pk", "name")
    )
    return render(
        request,
        "compliance/finding_list.html",
        {
            "page": page,
            "filters": filters,
            "statuses": FindingStatus.choices,
            "severities": Severity.choices,
            "societies": societies,
        },
    )


@login_required
def finding_detail(request, pk):
    finding = get_for(LIST_QS, request.user, VIEW, pk=pk)
    return render(
        request,
        "compliance/finding_detail.html",
        {
            "f": finding,
            "history": status_history(finding),
            "steps": _steps_for(request.user, finding),
        },
    )


def _steps_for(user, finding) -> list[str]:
    out = []
    if finding.status == FindingStatus.OPEN and (can_decide(user) or may(user, finding, "change")):
        out.append("acknowledge")
    if finding.is_unresolved and can_decide(user):
        out += ["resolve", "dismiss"]
    return out


class StepForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


@login_required
def finding_step(request, pk, step):
    if step not in ("acknowledge", "resolve", "dismiss"):
        raise Http404
    finding = get_for(LIST_QS, request.user, VIEW, pk=pk)
    # The services' rule, before the page: the society's side acknowledges (CHANGE); CAST closes
    # (DECIDE). The regulator and Party reviewers read findings, never these screens.
    if not may(request.user, finding, CHANGE if step == "acknowledge" else DECIDE):
        raise PermissionDenied
    form = StepForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if step == "acknowledge":
                services.acknowledge(actor=request.user, finding=finding, comment=comment)
            elif step == "resolve":
                services.resolve(actor=request.user, finding=finding, comment=comment)
            else:
                services.dismiss(actor=request.user, finding=finding, reason=comment)
        except DomainError as exc:
            if exc.field == "reason":
                exc.field = "comment"
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Done."))
            return redirect("compliance:finding", pk=finding.pk)
    return render(request, "compliance/finding_step.html", {"f": finding, "form": form, "step": step})
