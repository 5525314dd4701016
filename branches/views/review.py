"""CAST's review queue across societies (the regulator reads it) and a society's branch roster."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from core.access import DECIDE, VIEW, get_for, may, restrict
from core.roles import reach_of
from societies.models import Society

from ..choices import STANDING, BranchStatus
from ..tables import BranchReviewTable
from .common import LIST_QS, _require_cast_or_regulator


@login_required
def review_queue(request):
    """CAST's queue across societies (the regulator reads it); defaults to proposals awaiting review."""
    _require_cast_or_regulator(request)
    params = request.GET.copy()
    if not params.get("overdue"):
        params.setdefault("status", BranchStatus.SUBMITTED)
    may_decide = may(request.user, None, DECIDE)
    table = BranchReviewTable(
        request, restrict(LIST_QS, request.user, VIEW), params=params, may_decide=may_decide
    )
    if (download := table.export_response()) is not None:
        return download
    return render(
        request, "branches/review_queue.html", {"table": table, "page": table.page, "may_decide": may_decide}
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
