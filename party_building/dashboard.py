"""Dashboard panels: a Party reviewer's pending queue, a secretary's open matters, CAST's overview."""

from django.db.models import Count, Min

from core.access import CHANGE, REVIEW, VIEW, restrict

from .choices import MatterStatus
from .models import MajorMatter

OPEN = [MatterStatus.PENDING, MatterStatus.RETURNED]


def panels(request, reach):
    user = request.user
    out = []
    if reach.reviewer_of:
        pending = restrict(MajorMatter.objects.filter(status=MatterStatus.PENDING), user, REVIEW)
        stats = pending.aggregate(n=Count("id"), oldest=Min("submitted_at"))
        out.append({"template": "party_building/partials/panel_reviewer.html", **stats})
    if reach.secretary_of:
        matters = (
            restrict(MajorMatter.objects.filter(status__in=OPEN), user, CHANGE)
            .select_related("society")
            .order_by("status", "submitted_at")
        )
        out.append(
            {
                "template": "party_building/partials/panel_secretary.html",
                "matters": list(matters[:8]),
                "total": matters.count(),
            }
        )
    if reach.cast_admin:
        pending = restrict(MajorMatter.objects.filter(status=MatterStatus.PENDING), user, VIEW)
        stats = pending.aggregate(
            n=Count("id"), oldest=Min("submitted_at"), societies=Count("society", distinct=True)
        )
        out.append({"template": "party_building/partials/panel_cast.html", **stats})
    return out
