"""Role-aware navigation: each entry appears only for the roles that can use it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import reach_of


def navigation(request):
    user = getattr(request, "user", None)
    reach = reach_of(user)
    items = [(_("Societies"), reverse("societies:list"))]
    if user is not None and user.is_authenticated:
        items.insert(0, (_("Dashboard"), reverse("dashboard")))
        if reach.cast_admin:
            items.append((_("Users and roles"), reverse("user_list")))
        if reach.cast_admin or reach.regulator or reach.secretary_of or reach.reviewer_of:
            items.append((_("API docs"), reverse("api-docs")))
    current = request.path if request is not None else ""
    return {
        "nav_items": [
            {"label": label, "url": url, "active": url != "/" and current.startswith(url) or url == current}
            for label, url in items
        ],
        "reach": reach,
    }
