"""The landing dashboard (one section per role the user holds) and the health probe."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core.access import ADMIN, may
from core.errors import DomainError
from core.models import AuditEntry
from core.rule_settings import SPECS, all_rule_settings, change_rule_setting, invalid_stored_settings


@login_required
def rule_settings(request):
    """CAST administrators read and change rule thresholds; each change is audited with its reason."""
    if not may(request.user, None, ADMIN):
        raise PermissionDenied
    error = None
    if request.method == "POST":
        try:
            change_rule_setting(
                actor=request.user,
                key=request.POST.get("key", ""),
                value=request.POST.get("value", ""),
                comment=request.POST.get("comment", ""),
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("Setting changed."))
            return redirect("rule_settings")
    values = all_rule_settings()
    rows = [{"spec": spec, "value": values[key]} for key, spec in SPECS.items()]
    changes = (
        AuditEntry.objects.filter(action="core.rulesetting.changed")
        .select_related("actor")
        .order_by("-at")[:20]
    )
    context = {"rows": rows, "error": error, "changes": changes, "invalid": invalid_stored_settings()}
    return render(request, "core/rule_settings.html", context)


def healthz(request):
    """Liveness for the container health check: the app answers and the database responds."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def error_probe(request):
    """Fails on purpose (only routed with PORTAL_ERROR_PROBE): proves the styled 500 page is served."""
    raise RuntimeError("error probe")


def safe_next(request, default: str) -> str:
    """The `next` target of a form if it stays on this site, else `default` (no open redirects)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default
