"""DRF permission classes spoken in core.access's vocabulary (no per-app spelling of "is CAST")."""

from rest_framework import permissions

from core.access import ADMIN, DECIDE, may


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
