"""The landing dashboard (one section per role the user holds) and the health probe."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts.roles import reach_of
from accounts.services import labelled_role_rows
from branches.models import Branch
from core.access import ADMIN, may, restrict
from core.errors import DomainError
from core.models import AuditEntry
from core.registry import app_modules
from core.rule_settings import SPECS, all_rule_settings, change_rule_setting
from societies.models import Society


@login_required
def dashboard(request):
    user = request.user
    reach = reach_of(user)
    rows = labelled_role_rows(user)
    context = {"role_rows": rows}
    if reach.cast_admin or reach.regulator:
        context["society_counts"] = dict(
            Society.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
        )
        context["society_total"] = sum(context["society_counts"].values())
    if reach.cast_admin:
        context["recent_audit"] = AuditEntry.objects.select_related("actor").order_by("-at", "-id")[:10]
    if reach.secretary_of or reach.reviewer_of:
        context["my_societies"] = Society.objects.filter(pk__in=reach.secretary_of | reach.reviewer_of)
    if reach.officer_of:
        context["my_branches"] = restrict(Branch.objects.select_related("society"), user).filter(
            pk__in=reach.officer_of
        )
    context["panels"] = [
        panel for module in app_modules("dashboard") for panel in module.panels(request, reach)
    ]
    return render(request, "core/dashboard.html", context)


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
    return render(request, "core/rule_settings.html", {"rows": rows, "error": error, "changes": changes})


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
