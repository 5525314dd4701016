"""DRF permission classes spoken in core.access's vocabulary (no per-app spelling of "is CAST")."""

from rest_framework import permissions
from rest_framework.exceptions import PermissionDenied

from core.access import ADMIN, DECIDE, may
from core.roles import reach_of


class _Portalwide(permissions.BasePermission):
    action = ADMIN

    def has_permission(self, request, view):
        return may(request.user, None, self.action)


class MayAdmin(_Portalwide):
    """Running the portal: accounts, roles, rule settings (CAST administrators)."""

    action = ADMIN


class MayDecide(_Portalwide):
    """CAST's decisions on what societies submit."""

    action = DECIDE


def refuse_unless_secretariat(user) -> None:
    """Refuse, before a create's body is read, a caller who runs no society's records: CAST or some
    society's secretariat may go on (the services then `require` CHANGE on the society named)."""
    reach = reach_of(user)
    if not (reach.cast_admin or reach.secretary_of):
        raise PermissionDenied
