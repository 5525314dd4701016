"""CAST's review queue across societies (the regulator reads it) and a society's branch roster."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from core.access import DECIDE, VIEW, get_for, may, restrict
from core.roles import reach_of
from societies.models import Society

from ..choices import STANDING, BranchKind, BranchStatus
from .common import LIST_QS, _apply_filters, _require_cast_or_regulator


@login_required
def review_queue(request):
    """CAST's queue across societies (the regulator reads it); defaults to proposals awaiting review."""
    _require_cast_or_regulator(request)
    qs = restrict(LIST_QS.order_by("-needs_cast_attention", "submitted_at", "id"), request.user, VIEW)
    default = "" if request.GET.get("overdue") else BranchStatus.SUBMITTED
    qs, filters = _apply_filters(qs, request.GET, default_status=default)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "branches/review_queue.html",
        {
            "page": page,
            "filters": filters,
            "kinds": BranchKind.choices,
            "statuses": BranchStatus.choices,
            "societies": Society.objects.order_by("code").only("pk", "name"),
            "may_decide": may(request.user, None, DECIDE),
        },
    )


@login_required
def roster(request, society_pk):
    """The branch roster 分支机构名录 of one society: its standing branches with their officers. Open to CAST
    and the regulator, and to those the society's branches concern (its secretariat and Party reviewers; its
    branch officers, who see their own branch); anyone else is refused, not shown an empty roster."""
    society = get_for(Society.objects.all(), request.user, VIEW, pk=society_pk)
    reach = reach_of(request.user)
    concerned = reach.secretary_of | reach.reviewer_of | reach.officer_societies
    if not (reach.cast_admin or reach.regulator or society.pk in concerned):
        raise PermissionDenied
    qs = (
        restrict(LIST_QS, request.user, VIEW)
        .filter(society=society, status__in=STANDING)
        .prefetch_related("officers")
        .order_by("kind", "name")
    )
    return render(request, "branches/roster.html", {"society": society, "branches": qs})
