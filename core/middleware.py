"""Request middleware of the portal's spine."""

from django.core.exceptions import PermissionDenied

from .access import write_refusal_audit
from .audit import log_action


class RefusalAuditMiddleware:
    """DOMAIN.md: every refusal is audited. A service's refusal (core.access.require) raised inside its
    transaction is rolled back with it: once the view has failed, write the entry it carries again. A
    view's own early refusal (a plain PermissionDenied) is logged as `core.access.denied_web`; get_for's
    refusals are already audited."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, PermissionDenied):
            return None
        if getattr(exception, "pending_audit", None) is not None:
            write_refusal_audit(exception)
        elif getattr(exception, "audit_entry_pk", None) is None:  # a view's own early check
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                log_action(
                    "core.access.denied_web",
                    actor=user,
                    data={"method": request.method, "path": request.path[:300]},
                )
        return None
