"""Role-aware navigation: each app offers its menu entries for the roles that can use them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.roles import reach_of

from .inbox import sources_for
from .registry import app_modules


def navigation(request):
    user = getattr(request, "user", None)
    reach = reach_of(user)
    items = []
    if user is not None and user.is_authenticated:
        items.append((_("Dashboard"), reverse("dashboard")))
        if sources_for(user):
            items.append((_("Waiting for me"), reverse("inbox")))
    for module in app_modules("nav"):
        items.extend(module.items(request, reach))
    # Administration goes in the account menu, so the main bar keeps to daily work.
    admin_items = []
    if reach.cast_admin:
        admin_items.append((_("Users and roles"), reverse("user_list")))
        admin_items.append((_("Rule settings"), reverse("rule_settings")))
    if reach.cast_admin or reach.regulator:  # core.audit_search.may_read_audit_log
        admin_items.append((_("Audit log"), reverse("audit_log")))
    if reach.cast_admin or reach.regulator or reach.secretary_of or reach.reviewer_of:
        admin_items.append((_("API docs"), reverse("api-docs")))
    current = request.path if request is not None else ""

    # The entry whose URL is the longest prefix of the current path is the one highlighted.
    matches = [url for _label, url in items if url == current or (url != "/" and current.startswith(url))]
    active = max(matches, key=len, default=None)

    def entries(pairs):
        return [{"label": label, "url": url, "active": url == active} for label, url in pairs]

    return {"nav_items": entries(items), "admin_items": entries(admin_items), "reach": reach}
