"""CAST's workspace: every society with its key figures (members by tier, council composition against the
R-GOV-03 targets, secretary-general full-time R-GOV-04). CAST administrators and the regulator read it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.roles import reach_of
from members.choices import MembershipTier

from .choices import Discipline, SocietyStatus
from .selectors import council_targets, share, society_overview

PAGE_SIZE = 50


@login_required
def cast_workspace(request):
    reach = reach_of(request.user)
    if not (reach.cast_admin or reach.regulator):
        raise PermissionDenied
    qs, applied = society_overview(request.user, request.GET)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    targets = council_targets()
    rows = []
    for society in page:
        grassroots = share(society.council_grassroots, society.council_seats)
        under50 = share(society.council_under50, society.council_seats)
        rows.append(
            {
                "society": society,
                "tiers": [getattr(society, f"m_{t}") for t in MembershipTier.values],
                "grassroots": grassroots,
                "under50": under50,
                "grassroots_low": grassroots is not None and grassroots < targets["grassroots"],
                "under50_low": under50 is not None and under50 < targets["under50"],
            }
        )
    return render(
        request,
        "societies/cast/workspace.html",
        {
            "page": page,
            "rows": rows,
            "applied": applied,
            "targets": targets,
            "tier_labels": MembershipTier.choices,
            "disciplines": Discipline.choices,
            "statuses": SocietyStatus.choices,
        },
    )
