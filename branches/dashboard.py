from django.db.models import Count, Q
from django.utils import timezone

from core.access import restrict

from .choices import BranchStatus
from .models import Branch
from .selectors import cleanup_candidates


def panels(request, reach):
    # The society-wide counts (proposals, CAST review, clean-up) are not a branch officer's: their own
    # branch is shown on the dashboard itself ("Your branch office").
    if not (reach.cast_admin or reach.regulator or reach.secretary_of):
        return []
    counts = restrict(Branch.objects.all(), request.user).aggregate(
        active=Count("id", filter=Q(status=BranchStatus.ACTIVE)),
        submitted=Count("id", filter=Q(status=BranchStatus.SUBMITTED)),
        proposed=Count("id", filter=Q(status=BranchStatus.PROPOSED)),
        rectifying=Count("id", filter=Q(status=BranchStatus.RECTIFYING)),
        overdue=Count(
            "id",
            filter=Q(status=BranchStatus.RECTIFYING, rectification_deadline__lt=timezone.localdate()),
        ),
        attention=Count("id", filter=Q(status=BranchStatus.SUBMITTED, needs_cast_attention=True)),
    )
    cast = reach.cast_admin or reach.regulator
    if cast:
        counts["cleanup"] = cleanup_candidates(restrict(Branch.objects.all(), request.user)).count()
    return [{"template": "branches/partials/panel.html", "counts": counts, "cast": cast}]
