"""A branch's officers: added and removed by the society's secretariat or the branch's own officer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import CHANGE, get_for, may
from core.errors import DomainError

from .. import services
from ..forms import (
    OfficerForm,
)
from ..models import BranchOfficer
from .common import DETAIL_QS


@login_required
@require_POST
def officer_add(request, pk):
    branch = get_for(DETAIL_QS, request.user, CHANGE, pk=pk)
    if not may(request.user, branch, CHANGE, cast=False):  # services._require_runner, before the form
        raise PermissionDenied
    form = OfficerForm(request.POST)
    if form.is_valid():
        try:
            services.add_officer(actor=request.user, branch=branch, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Officer added."))
    else:
        messages.error(request, _("Give the officer's name and position."))
    return redirect("branches:detail", pk=branch.pk)


@login_required
def officer_remove(request, pk):
    officer = get_for(BranchOfficer.objects.select_related("branch__society"), request.user, CHANGE, pk=pk)
    if not may(request.user, officer.branch, CHANGE, cast=False):  # services._require_runner: not CAST's
        raise PermissionDenied
    if request.method == "POST":
        services.remove_officer(actor=request.user, officer=officer)
        messages.success(request, _("Officer removed."))
        return redirect("branches:detail", pk=officer.branch_id)
    return render(request, "branches/officer_remove.html", {"o": officer, "b": officer.branch})
