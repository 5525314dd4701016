"""CAST's academic credit (R-ETH-02) and training records, and the officers overdue for training (R-TR-01)."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import restrict
from core.forms import run_service
from core.rule_settings import rule_setting

from .. import services
from ..forms import CreditRecordForm, TrainingRecordForm
from ..models import CreditRecord, TrainingRecord
from ..tables import CreditTable, GapFilterForm, GapTable, TrainingTable
from ..training import training_gaps
from .common import require_cast


@login_required
def credit_list(request):
    require_cast(request)
    qs = restrict(CreditRecord.objects.select_related("person", "recorded_by"), request.user)
    table = CreditTable(request, qs, today=timezone.localdate())
    return render(request, "members/credit_list.html", {"table": table, "page": table.page})


@login_required
def credit_create(request):
    require_cast(request)
    form = CreditRecordForm(
        request.POST or None, request.FILES or None, initial={"person": request.GET.get("person")}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            response := run_service(
                request,
                form,
                lambda: services.record_credit(actor=request.user, **form.cleaned_data),
                _("Credit record saved."),
                "members:credit_list",
            )
        )
    ):
        return response
    return render(request, "members/record_form.html", {"form": form, "kind": "credit"})


@login_required
def training_list(request):
    require_cast(request)
    qs = restrict(TrainingRecord.objects.select_related("person", "society", "recorded_by"), request.user)
    table = TrainingTable(request, qs)
    if (download := table.export_response()) is not None:
        return download
    day = _day_param(request)
    return render(
        request,
        "members/training_list.html",
        {
            "table": table,
            "page": table.page,
            "day": day,
            "gaps": training_gaps(None, day),  # R-TR-01 advisory items, every society: their count
            "new_leader_months": rule_setting("new_leader_training_months"),
            "sg_rotation_years": rule_setting("sg_rotation_years"),
        },
    )


@login_required
def training_gaps_list(request):
    """The sitting presidents and secretaries-general overdue for training on a day (R-TR-01)."""
    require_cast(request)
    day = _day_param(request)
    params = request.GET.copy()
    params["on"] = day.isoformat()
    form = GapFilterForm(params)
    table = GapTable(request, form.apply(training_gaps(None, day)), params=params, form=form)
    if (download := table.export_response()) is not None:
        return download
    return render(
        request,
        "members/training_gaps.html",
        {
            "table": table,
            "page": table.page,
            "day": day,
            "new_leader_months": rule_setting("new_leader_training_months"),
            "sg_rotation_years": rule_setting("sg_rotation_years"),
        },
    )


def _day_param(request) -> date:
    raw_day = request.GET.get("on", "")
    try:
        return date.fromisoformat(raw_day) if raw_day else timezone.localdate()
    except ValueError:
        return timezone.localdate()


@login_required
def training_create(request):
    require_cast(request)
    form = TrainingRecordForm(request.POST or None, initial={"person": request.GET.get("person")})
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            response := run_service(
                request,
                form,
                lambda: services.record_training(actor=request.user, **form.cleaned_data),
                _("Training record saved."),
                "members:training_list",
            )
        )
    ):
        return response
    return render(request, "members/record_form.html", {"form": form, "kind": "training"})
