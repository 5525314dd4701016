from django.db.models import Count, Q
from django.utils import timezone

from core.access import restrict

from .choices import UNRESOLVED, Severity
from .models import Finding


def panels(request, reach):
    if not (reach.cast_admin or reach.regulator or reach.secretary_of):
        return []
    counts = restrict(Finding.objects.filter(status__in=UNRESOLVED), request.user).aggregate(
        unresolved=Count("id"),
        violations=Count("id", filter=Q(severity=Severity.VIOLATION)),
        overdue=Count("id", filter=Q(deadline__lt=timezone.localdate())),
    )
    return [{"template": "compliance/partials/panel.html", "counts": counts}]
