"""Shared by the branch pages: the querysets, the list filters, which society a secretary works on."""

from django.core.exceptions import PermissionDenied

from core.forms import parse_id
from core.roles import reach_of
from societies.models import Society

from ..models import Branch

LIST_QS = Branch.objects.select_related("society")


DETAIL_QS = Branch.objects.select_related("society", "resolution")


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
