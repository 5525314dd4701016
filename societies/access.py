"""How the workspace views reach a society: writes need CHANGE (its secretaries, CAST); governance reads
are open to CAST, the regulator, the society's secretaries and Party reviewers. Refusals are audited."""

from django.core.exceptions import PermissionDenied

from core.access import CHANGE, VIEW, get_for
from core.audit import log_action
from core.roles import reach_of

from .models import Society


def society_for_change(request, pk) -> Society:
    """404 for an unknown society; 403 (audited) when the user is not its secretary nor CAST."""
    return get_for(Society.objects.all(), request.user, CHANGE, pk=pk)


def can_read_governance(user, society: Society) -> bool:
    reach = reach_of(user)
    return (
        reach.cast_admin
        or reach.regulator
        or society.pk in reach.secretary_of
        or society.pk in reach.reviewer_of
    )


def society_for_governance(request, pk) -> Society:
    society = get_for(Society.objects.all(), request.user, VIEW, pk=pk)
    if not can_read_governance(request.user, society):
        log_action(
            "core.access.denied_view",
            actor=request.user,
            data={"model": "societies.society", "lookup": {"pk": str(pk)}, "page": "workspace"},
        )
        raise PermissionDenied
    return society
