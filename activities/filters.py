"""The filters of the filing lists (my filings, CAST's review queue, exports) in one place."""

from django.db.models import Q

from core.forms import parse_id

from .choices import ActivityKind, ActivityStatus

TRUE = ("1", "true", "yes", "on")


def apply_filters(qs, params) -> tuple:
    """Narrow `qs` by the query parameters; return (queryset, the filters in effect for the template)."""
    f = {
        key: params.get(key, "").strip()
        for key in ("q", "society", "kind", "status", "late", "overseas", "foreign", "branch")
    }
    if f["q"]:
        qs = qs.filter(
            Q(title__icontains=f["q"]) | Q(location__icontains=f["q"]) | Q(society__name__icontains=f["q"])
        )
    if (society_id := parse_id(f["society"])) is not None:
        qs = qs.filter(society_id=society_id)
    if (branch_id := parse_id(f["branch"])) is not None:
        qs = qs.filter(branch_id=branch_id)
    if f["kind"] in ActivityKind.values:
        qs = qs.filter(kind=f["kind"])
    if f["status"] in ActivityStatus.values:
        qs = qs.filter(status=f["status"])
    if f["late"] in TRUE:
        qs = qs.filter(is_late=True)
    if f["overseas"] in TRUE:
        qs = qs.filter(is_overseas=True)
    if f["foreign"] in TRUE:
        qs = qs.filter(Q(foreign_donation__gt=0) | ~Q(foreign_partner=""))
    return qs, f
