"""Donations and expenditures: the register, recording, and confirmation gated by pre-review (R-PB-02)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.access import CHANGE, VIEW, get_for, restrict
from core.audit import status_history
from core.errors import DomainError
from core.forms import apply_domain_error
from societies.models import Society

from ..choices import FinanceStatus
from ..forms import DonationForm, ExpenditureForm
from ..gate import is_cleared, matter_for
from ..models import Donation, Expenditure
from ..services import finance as services
from ..tables import DonationTable, ExpenditureTable
from . import done, reads_party_building, refusal

KINDS = {
    "donation": (Donation, DonationForm, services.record_donation, "donation"),
    "expenditure": (Expenditure, ExpenditureForm, services.record_expenditure, "expenditure"),
}

# The single page's parameters of old: one status for both lists, and a page number each.
LEGACY_PARAMS = (("status", "d-status"), ("status", "e-status"), ("dpage", "d-page"), ("epage", "e-page"))


def _kind(kind):
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


@login_required
def finance_list(request):
    """The donations and the expenditures: two tables on one page, each with its own filters, sort, pages
    and (audited) export; their parameters are prefixed "d-" and "e-"."""
    user = request.user
    if not reads_party_building(user):
        raise PermissionDenied
    params = request.GET.copy()
    for old, new in LEGACY_PARAMS:  # the links of the page before the tables keep working
        if old in params:
            params.setdefault(new, params[old])
    donations = DonationTable(
        request, restrict(Donation.objects.select_related("society"), user), params=params
    )
    expenditures = ExpenditureTable(
        request, restrict(Expenditure.objects.select_related("society"), user), params=params
    )
    for table in (donations, expenditures):
        if (download := table.export_response()) is not None:
            return download
    return render(
        request,
        "party_building/finance_list.html",
        {
            "donations": donations,
            "expenditures": expenditures,
            "can_record": restrict(Society.objects.all(), user, CHANGE).exists(),
            "tab": "finance",
        },
    )


@login_required
def finance_create(request, kind):
    model, form_class, record, _name = _kind(kind)
    if not restrict(Society.objects.all(), request.user, CHANGE).exists():
        raise PermissionDenied
    form = form_class(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            obj = record(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            text = (
                _("Recorded. It needs Party pre-review before it can be confirmed (R-PB-02).")
                if matter_for(obj)
                else _("Recorded.")
            )
            return done(request, text, "party_building:finance_detail", kind, obj.pk)
    title = _("Record a donation") if kind == "donation" else _("Record an expenditure")
    return render(request, "party_building/form.html", {"form": form, "title": title, "tab": "finance"})


@login_required
def finance_detail(request, kind, pk):
    model, *_rest = _kind(kind)
    obj = get_for(model.objects.select_related("society"), request.user, VIEW, pk=pk)
    return render(
        request,
        "party_building/finance_detail.html",
        {
            "obj": obj,
            "kind": kind,
            "matter": matter_for(obj),
            "cleared": is_cleared(obj),
            "history": status_history(obj),
            "can_confirm": obj.status == FinanceStatus.RECORDED
            and restrict(model.objects.filter(pk=obj.pk), request.user, CHANGE).exists(),
            "tab": "finance",
        },
    )


@login_required
def finance_confirm(request, kind, pk):
    """GET: what confirming means (and whether pre-review still blocks it); POST: the service confirms
    or refuses with R-PB-02."""
    model, *_rest = _kind(kind)
    obj = get_for(model.objects.select_related("society"), request.user, CHANGE, pk=pk)
    error = None
    if request.method == "POST":
        try:
            if kind == "donation":
                services.confirm_donation(
                    actor=request.user, donation=obj, comment=request.POST.get("comment", "")
                )
            else:
                services.confirm_expenditure(
                    actor=request.user, expenditure=obj, comment=request.POST.get("comment", "")
                )
        except DomainError as exc:
            error = refusal(exc)
        else:
            return done(request, _("Confirmed."), "party_building:finance_detail", kind, obj.pk)
    return render(
        request,
        "party_building/finance_confirm.html",
        {
            "obj": obj,
            "kind": kind,
            "matter": matter_for(obj),
            "cleared": is_cleared(obj),
            "error": error,
            "tab": "finance",
        },
    )
