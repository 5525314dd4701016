"""Request middleware of the portal's spine."""

import ipaddress

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

from .access import flush_refusal_audits, write_refusal_audit
from .audit import audit_context, log_action
from .models import AuditEntry


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the first X-Forwarded-For hop when the portal runs behind a
    proxy that sets it (AUDIT_TRUST_X_FORWARDED_FOR; a client could write anything there otherwise)."""
    candidates = []
    if settings.AUDIT_TRUST_X_FORWARDED_FOR:
        candidates.append(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[0].strip())
    candidates.append(request.META.get("REMOTE_ADDR", ""))
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:  # empty or not an address: try the next source
            continue
    return None


class AuditContextMiddleware:
    """Every audit entry written while a request is served carries the client's IP and its channel
    ("api" under /api/, else "web"), without the request being passed to each service (core.audit's
    context). At the end, the refusals audited during the request are written again if a rollback took
    them away (core.access.flush_refusal_audits)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        channel = AuditEntry.Channel.API if request.path.startswith("/api/") else AuditEntry.Channel.WEB
        with audit_context(channel, client_ip(request)):
            response = self.get_response(request)
            flush_refusal_audits()
        return response


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


class NulParameterMiddleware:
    """A NUL character in the path or a query parameter is a 400 naming the parameter: PostgreSQL cannot
    hold one, so a search for it would otherwise end in a 500. A cookie holding one is dropped (a session
    key with a NUL would fail its database lookup): it runs before SessionMiddleware for that. (Form fields
    are checked by core.forms.Styled, JSON bodies by core.api.parsers, other API fields by DRF CharFields.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name in [n for n, v in request.COOKIES.items() if "\x00" in n or "\x00" in v]:
            del request.COOKIES[name]
        bad = next(
            (key for key, values in request.GET.lists() if "\x00" in key or any("\x00" in v for v in values)),
            None,
        )
        if bad is None and "\x00" in request.path:
            bad = "path"
        if bad is None:
            return self.get_response(request)
        message = _("NUL characters are not allowed.")
        name = bad.replace("\x00", "")
        if request.path.startswith("/api/"):
            return JsonResponse({name: [message]}, status=400)
        return HttpResponseBadRequest(f"{name}: {message}", content_type="text/plain; charset=utf-8")
