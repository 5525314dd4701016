"""The steps on a branch: the secretariat submits its proposal; CAST approves, rejects, flags for
rectification, confirms it rectified or revokes (GET shows what will happen, POST does it)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.access import CHANGE, DECIDE, VIEW, get_for, may
from core.forms import run_service
from core.views import safe_next

from .. import rules, services
from ..choices import BranchStatus
from ..forms import (
    StepForm,
)
from ..models import BranchResolution
from .common import DETAIL_QS

STEPS = {
    "submit": services.submit_branch,
    "approve": services.approve_branch,
    "reject": services.reject_branch,
    "flag": services.flag_branch,
    "rectified": services.confirm_rectified,
    "revoke": services.revoke_branch,
}


def step_message(step: str, branch) -> str:
    """What happened, naming the branch and its society."""
    names = {"name": branch.name, "society": branch.society.name}
    return {
        "submit": _("Proposal of “%(name)s” (%(society)s) sent to CAST for review."),
        "approve": _("Branch “%(name)s” of %(society)s approved; it is now active."),
        "reject": _("Proposal of “%(name)s” (%(society)s) rejected."),
        "flag": _("Branch “%(name)s” of %(society)s flagged for rectification."),
        "rectified": _("Branch “%(name)s” of %(society)s confirmed rectified."),
        "revoke": _("Branch “%(name)s” of %(society)s revoked."),
    }[step] % names


def may_take_step(user, branch, step: str) -> bool:
    """The services' rule for each step: the society's secretariat submits its proposal
    (services._require_secretary); everything else is CAST's decision (DECIDE)."""
    if step == "submit":
        return may(user, branch.society, CHANGE, cast=False)
    return may(user, branch, DECIDE)


@login_required
def branch_step(request, pk, step):
    """GET: what will happen; POST: the service does it. Only those who may take the step see it."""
    if step not in STEPS:
        raise Http404
    branch = get_for(DETAIL_QS, request.user, VIEW, pk=pk)
    if not may_take_step(request.user, branch, step):  # the regulator reads the branch, never this screen
        raise PermissionDenied
    form = StepForm(
        request.POST if request.method == "POST" else None,
        initial={"deadline": services.default_rectification_deadline()},
    )
    if request.method == "POST" and form.is_valid():
        kwargs = {}
        if step == "submit":
            kwargs["over_ceiling_reason"] = form.cleaned_data["over_ceiling_reason"]
        else:
            kwargs["comment"] = form.cleaned_data["comment"]
        if step == "flag":
            kwargs["deadline"] = form.cleaned_data["deadline"]
        if response := run_service(
            request,
            form,
            lambda: STEPS[step](actor=request.user, branch=branch, **kwargs),
            step_message(step, branch),
            safe_next(request, reverse("branches:detail", args=[branch.pk])),
        ):
            return response
    problems = []
    if step == "submit" and branch.status == BranchStatus.PROPOSED:
        resolution = BranchResolution.objects.filter(branch=branch).first()
        problems = rules.problems(branch, resolution, over_ceiling_reason="-")  # ceiling shown apart
    ceiling = (
        rules.ceiling_for(branch.society, exclude_pk=branch.pk) if step in ("submit", "approve") else None
    )
    return render(
        request,
        "branches/branch_step.html",
        {
            "b": branch,
            "form": form,
            "step": step,
            "problems": problems,
            "ceiling": ceiling,
            "next": request.GET.get("next", ""),
        },
    )
