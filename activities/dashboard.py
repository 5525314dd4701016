from django.db.models import Count, Q

from core.access import restrict

from .choices import ActivityStatus
from .models import Activity


def panels(request, reach):
    if not (reach.cast_admin or reach.secretary_of or reach.officer_of):
        return []
    counts = restrict(Activity.objects.all(), request.user).aggregate(
        submitted=Count("id", filter=Q(status=ActivityStatus.SUBMITTED)),
        returned=Count("id", filter=Q(status=ActivityStatus.RETURNED)),
        draft=Count("id", filter=Q(status=ActivityStatus.DRAFT)),
        late=Count("id", filter=Q(is_late=True, status=ActivityStatus.SUBMITTED)),
    )
    return [{"template": "activities/partials/panel.html", "counts": counts, "reviewer": reach.cast_admin}]
