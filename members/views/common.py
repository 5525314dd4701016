"""Shared by the members pages: who is asking."""

from django.core.exceptions import PermissionDenied

from core.access import DECIDE, may
from core.roles import reach_of

from ..models import Person


def own_person(user) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def require_secretariat(request):
    reach = reach_of(request.user)
    if not (reach.cast_admin or reach.secretary_of):
        raise PermissionDenied
    return reach


def require_cast(request):
    """CAST's own records (academic credit, training): DECIDE, held by CAST administrators alone."""
    if not may(request.user, None, DECIDE):
        raise PermissionDenied
