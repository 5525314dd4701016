"""Annual work report pages (R-GOV-05): the list (a secretariat its society's, CAST every society's with
the ones waiting for a decision first), opening the year's draft, and one report's page — the narrative
form, generating a version, submitting it, and CAST's accept / return."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.roles import reach_of
from core.access import CHANGE, DECIDE, VIEW, get_for, may, restrict
from core.audit import status_history
from core.errors import DomainError
from core.forms import Styled, apply_domain_error
from societies.models import Society

from . import services
from .choices import AnnualReportStatus, ReportKind
from .compliance import due_day
from .models import NARRATIVE_SECTIONS, AnnualReport
from .tables import AnnualTable

QS = AnnualReport.objects.select_related("society", "report")


class NarrativeForm(Styled, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in NARRATIVE_SECTIONS.items():
            self.fields[key] = forms.CharField(
                label=label, required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 5})
            )


class OpenForm(Styled, forms.Form):
    society = forms.ModelChoiceField(label=gettext_lazy("Society"), queryset=Society.objects.none())
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, reach, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["society"].queryset = Society.objects.filter(pk__in=reach.secretary_of).order_by("code")
        self.fields["society"].empty_label = None
        self.fields["year"].initial = timezone.localdate().year - 1


class DecisionForm(Styled, forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Opinion"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@login_required
def annual_list(request):
    reach = reach_of(request.user)
    if not (reach.cast_admin or reach.regulator or reach.secretary_of or reach.reviewer_of):
        raise PermissionDenied
    waiting_first = Case(
        When(status=AnnualReportStatus.SUBMITTED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    table = AnnualTable(request, restrict(QS, request.user, VIEW).annotate(waiting_first=waiting_first))
    if (download := table.export_response()) is not None:
        return download
    year = timezone.localdate().year - 1
    return render(
        request,
        "reports/annual_list.html",
        {
            "table": table,
            "form": OpenForm(reach=reach) if reach.secretary_of else None,
            "due": due_day(year),
            "year": year,
        },
    )


@login_required
@require_POST
def annual_open(request):
    reach = reach_of(request.user)
    if not reach.secretary_of:
        raise PermissionDenied
    form = OpenForm(request.POST, reach=reach)
    if form.is_valid():
        try:
            annual = services.open_annual_report(
                actor=request.user, society=form.cleaned_data["society"], year=form.cleaned_data["year"]
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            return redirect("reports:annual", pk=annual.pk)
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("reports:annual_list")


def _page(request, annual, narrative_form=None, decision_form=None, status=200):
    editable = AnnualReport.workflow.can_edit(annual, request.user)
    return render(
        request,
        "reports/annual_detail.html",
        {
            "a": annual,
            "form": narrative_form or (NarrativeForm(initial=annual.narrative) if editable else None),
            "decision": decision_form or DecisionForm(),
            "editable": editable,
            "society_side": may(request.user, annual, CHANGE),
            "may_decide": annual.status == AnnualReportStatus.SUBMITTED and may(request.user, annual, DECIDE),
            "versions": annual.versions.order_by("-version"),
            "history": status_history(annual),
            "sections": [
                (key, label, annual.narrative.get(key, "")) for key, label in NARRATIVE_SECTIONS.items()
            ],
            "due": due_day(annual.year),
        },
        status=status,
    )


@login_required
def annual_detail(request, pk):
    annual = get_for(QS, request.user, VIEW, pk=pk)
    if request.method == "POST":  # saving the narrative
        if not may(request.user, annual, CHANGE):
            raise PermissionDenied
        form = NarrativeForm(request.POST)
        if form.is_valid():
            try:
                services.update_narrative(actor=request.user, annual=annual, narrative=form.cleaned_data)
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, _("The narrative was saved."))
                return redirect("reports:annual", pk=annual.pk)
        return _page(request, annual, narrative_form=form, status=400)
    return _page(request, annual)


STEPS = {"generate": CHANGE, "submit": CHANGE, "accept": DECIDE, "return": DECIDE}
DONE = {
    "generate": gettext_lazy("The PDF is being generated; the page shows its progress."),
    "submit": gettext_lazy("The annual report was submitted to CAST."),
    "accept": gettext_lazy("The annual report was accepted."),
    "return": gettext_lazy("The annual report was returned to the society."),
}


@login_required
@require_POST
def annual_step(request, pk, step):
    annual = get_for(QS, request.user, VIEW, pk=pk)
    if step not in STEPS:
        raise PermissionDenied
    if not may(request.user, annual, STEPS[step]):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        if step == "generate":
            report = services.start_report(
                actor=request.user,
                kind=ReportKind.ANNUAL_REPORT,
                society=annual.society,
                year=annual.year,
                annual_report=annual,
            )
            messages.success(request, str(DONE[step]))
            return redirect("reports:report", pk=report.pk)
        if step == "submit":
            services.submit_annual_report(actor=request.user, annual=annual, comment=comment)
        elif step == "accept":
            services.accept_annual_report(actor=request.user, annual=annual, comment=comment)
        else:
            services.return_annual_report(actor=request.user, annual=annual, reason=comment)
    except DomainError as exc:
        if step in ("accept", "return"):
            apply_domain_error(form, exc)
            return _page(request, annual, decision_form=form, status=400)
        messages.error(request, f"{exc.message}" + (f" [{exc.rule}]" if exc.rule else ""))
        return redirect("reports:annual", pk=annual.pk)
    messages.success(request, str(DONE[step]))
    return redirect("reports:annual", pk=annual.pk)
