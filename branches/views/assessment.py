"""The yearly assessment of a standing branch (R-BR-05)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.access import CHANGE, VIEW, get_for, may
from core.forms import run_service

from .. import services
from ..forms import (
    AssessmentForm,
)
from .common import DETAIL_QS


@login_required
def assessment_create(request, pk):
    branch = get_for(DETAIL_QS, request.user, VIEW, pk=pk)
    if not may(request.user, branch.society, CHANGE):  # services.record_assessment
        raise PermissionDenied
    form = AssessmentForm(request.POST or None)
    counts = None
    if (
        form.is_bound
        and form.is_valid()
        and (
            response := run_service(
                request,
                form,
                lambda: services.record_assessment(actor=request.user, branch=branch, **form.cleaned_data),
                _("Assessment recorded."),
                "branches:detail",
                pk=branch.pk,
            )
        )
    ):
        return response
    year = form.cleaned_data.get("year") if form.is_bound and hasattr(form, "cleaned_data") else None
    year = year or form.fields["year"].initial
    counts = services.activity_counts(branch, year)
    return render(
        request, "branches/assessment_form.html", {"b": branch, "form": form, "counts": counts, "year": year}
    )
