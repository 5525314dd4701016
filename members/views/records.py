"""CAST's academic credit (R-ETH-02) and training records, with the overdue officers."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import restrict
from core.forms import run_service
from core.rule_settings import rule_setting

from .. import services
from ..choices import TrainingKind
from ..forms import CreditRecordForm, TrainingRecordForm
from ..models import CreditRecord, TrainingRecord
from ..tables import CreditTable
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
    kind = request.GET.get("kind", "")
    if kind in TrainingKind.values:
        qs = qs.filter(kind=kind)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(person__name__icontains=q) | Q(course__icontains=q))
    page = Paginator(qs, TRAINING_PAGE_SIZE).get_page(request.GET.get("page"))
    day = _day_param(request)
    gaps = training_gaps(None, day)  # R-TR-01 advisory items, every society
    return render(
        request,
        "members/training_list.html",
        {
            "page": page,
            "kind": kind,
            "kinds": TrainingKind.choices,
            "q": q,
            "day": day,
            "gaps": gaps,
            "gaps_page": Paginator(gaps, TRAINING_PAGE_SIZE).get_page(request.GET.get("overdue_page")),
            "new_leader_months": rule_setting("new_leader_training_months"),
            "sg_rotation_years": rule_setting("sg_rotation_years"),
        },
    )


TRAINING_PAGE_SIZE = 50  # training records, and overdue officers, per page


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
