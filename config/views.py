"""The portal's home page: it composes every app (the user's roles, the societies and branches they work
on, each app's dashboard panels), so it lives with the project's URLs, above the apps, not in core."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from accounts.services import labelled_role_rows
from branches.models import Branch
from core import charts, inbox
from core.access import restrict
from core.models import AuditEntry
from core.registry import app_modules
from core.roles import reach_of
from societies.models import Society


@login_required
def dashboard(request):
    user = request.user
    reach = reach_of(user)
    rows = labelled_role_rows(user)
    context = {"role_rows": rows}
    context["inbox_items"], context["inbox_total"] = inbox.top(user)
    context["inbox_sources"] = bool(inbox.sources_for(user))
    context.update(charts.chart_context(user))
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
