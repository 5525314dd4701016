"""Sweep pages: the list of sweeps with the form that starts one, a sweep's page with a live progress bar
(htmx polls the job row every second until it is finished), and resuming a sweep whose worker died.

CAST administrators sweep every society or one; a society's secretariat re-checks its own society (to
see at once that a fix took). The regulator reads sweeps; nobody else reaches these pages."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.roles import reach_of
from core.access import VIEW, get_for, restrict
from core.errors import DomainError
from core.jobs import progress_response
from societies.models import Society

from . import services
from .choices import SweepTrigger
from .models import Sweep
from .registry import checks
from .rule_titles import rule_title
from .tables import SweepTable

QS = Sweep.objects.select_related("society", "requested_by")


def _societies_for(reach):
    if reach.cast_admin:
        return Society.objects.order_by("code").only("pk", "name")
    return Society.objects.filter(pk__in=reach.secretary_of).order_by("code").only("pk", "name")


class StartForm(forms.Form):
    society = forms.ModelChoiceField(
        label=gettext_lazy("Society"),
        queryset=Society.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, reach, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["society"]
        field.queryset = _societies_for(reach)
        if reach.cast_admin:
            field.empty_label = gettext_lazy("All societies")
        else:
            field.required = True
            field.empty_label = None


@login_required
def sweep_list(request):
    reach = reach_of(request.user)
    if not (reach.cast_admin or reach.regulator or reach.secretary_of):
        raise PermissionDenied
    table = SweepTable(request, restrict(QS, request.user, VIEW))
    may_start = bool(reach.cast_admin or reach.secretary_of)
    return render(
        request,
        "compliance/sweep_list.html",
        {"table": table, "page": table.page, "form": StartForm(reach=reach) if may_start else None},
    )


@login_required
@require_POST
def sweep_start(request):
    reach = reach_of(request.user)
    if not (reach.cast_admin or reach.secretary_of):
        raise PermissionDenied
    form = StartForm(request.POST, reach=reach)
    if not form.is_valid():
        table = SweepTable(request, restrict(QS, request.user, VIEW))
        return render(
            request,
            "compliance/sweep_list.html",
            {"table": table, "page": table.page, "form": form},
            status=400,
        )
    sweep = services.start_sweep(
        actor=request.user, society=form.cleaned_data["society"], trigger=SweepTrigger.MANUAL
    )
    messages.success(request, _("The sweep was started; this page shows its progress."))
    return redirect("compliance:sweep", pk=sweep.pk)


def _rows(sweep: Sweep) -> list[dict]:
    """Per check: the rule and its title, failing subjects and societies, opened and resolved."""
    out = []
    for check in checks():
        counts = sweep.stats.get(check.id)
        out.append({"check": check, "title": rule_title(check.rule), "counts": counts})
    return out


@login_required
def sweep_detail(request, pk):
    sweep = get_for(QS, request.user, VIEW, pk=pk)
    reach = reach_of(request.user)
    may_resume = not sweep.is_finished and (
        reach.cast_admin or (sweep.society_id and sweep.society_id in reach.secretary_of)
    )
    return render(
        request,
        "compliance/sweep_detail.html",
        {"sweep": sweep, "rows": _rows(sweep), "may_resume": may_resume},
    )


@login_required
def sweep_progress(request, pk):
    """The progress bar alone, for htmx polling; once finished it stops polling and reloads the page."""
    sweep = get_for(QS, request.user, VIEW, pk=pk)
    return progress_response(request, "compliance/partials/sweep_progress.html", {"sweep": sweep}, sweep)


@login_required
@require_POST
def sweep_resume(request, pk):
    sweep = get_for(QS, request.user, VIEW, pk=pk)
    try:
        services.resume_sweep(actor=request.user, sweep=sweep)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The sweep carries on from its last finished check."))
    return redirect("compliance:sweep", pk=sweep.pk)
