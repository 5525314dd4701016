"""Shared by the branch pages: the querysets, the list filters, which society a secretary works on."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.forms import parse_id
from core.roles import reach_of
from societies.models import Society

from ..choices import BranchKind, BranchStatus
from ..models import Branch

LIST_QS = Branch.objects.select_related("society")


DETAIL_QS = Branch.objects.select_related("society", "resolution")


def _apply_filters(qs, params, *, default_status=""):
    filters = {k: params.get(k, "") for k in ("q", "society", "kind", "status", "overdue", "reason")}
    status = filters["status"] or default_status
    filters["status"] = status
    if status in BranchStatus.values:
        qs = qs.filter(status=status)
    if filters["kind"] in BranchKind.values:
        qs = qs.filter(kind=filters["kind"])
    if (society_id := parse_id(filters["society"])) is not None:
        qs = qs.filter(society_id=society_id)
    if filters["q"].strip():
        qs = qs.filter(name__icontains=filters["q"].strip())
    if filters["overdue"]:
        qs = qs.filter(status=BranchStatus.RECTIFYING, rectification_deadline__lt=timezone.localdate())
    return qs, filters


def _secretary_society(request):
    reach = reach_of(request.user)
    wanted = request.GET.get("society") or request.POST.get("society_id")
    ids = sorted(reach.secretary_of)
    if (wanted_id := parse_id(wanted)) is not None and wanted_id in ids:
        return Society.objects.get(pk=wanted_id)
    if not ids:
        raise PermissionDenied
    return Society.objects.get(pk=ids[0])


def _require_cast_or_regulator(request):
    reach = reach_of(request.user)
    if not (reach.cast_admin or reach.regulator):
        raise PermissionDenied
    return reach
