"""CAST's clean-up candidates and the R-BR-05 inactivity scan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from compliance import services as compliance_services
from core.access import DECIDE, VIEW, may, restrict

from .. import rules, selectors, services
from ..choices import BranchStatus
from ..models import Branch
from ..tables import CleanupTable
from .common import LIST_QS, _require_cast_or_regulator


@login_required
def cleanup(request):
    """Clean-up candidates: long inactive, failed latest assessment, rectification past its deadline.
    One annotated query (plus the bounded count) whatever the number of branches."""
    _require_cast_or_regulator(request)
    may_decide = may(request.user, None, DECIDE)
    table = CleanupTable(
        request, selectors.cleanup_candidates(restrict(LIST_QS, request.user, VIEW)), may_decide=may_decide
    )
    if (download := table.export_response()) is not None:
        return download
    return render(
        request,
        "branches/cleanup.html",
        {"table": table, "may_decide": may_decide, "months": rules.inactivity_cutoff()},
    )


@login_required
def cleanup_scan(request):
    """GET: what the scan does; POST: start a compliance sweep, whose R-BR-05 check opens the findings and
    puts the long-inactive active branches under rectification (compliance.engine, branches/compliance.py)."""
    if not may(request.user, None, DECIDE):
        raise PermissionDenied
    candidates = rules.long_inactive_branches(Branch.objects.filter(status=BranchStatus.ACTIVE))
    if request.method == "POST":
        # The compliance engine does it in a worker, with a job row and a progress bar (issue 12).
        sweep = compliance_services.start_sweep(actor=request.user)
        messages.success(request, _("The sweep was started; this page shows its progress."))
        return redirect("compliance:sweep", pk=sweep.pk)
    return render(
        request,
        "branches/cleanup_scan.html",
        {"count": candidates.count(), "deadline": services.default_rectification_deadline()},
    )
