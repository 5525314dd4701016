"""Error shapes of shared/API.md: 400 field errors or `{detail, rule}`, 409 `{detail, status}`.

A database constraint the request ran into (an IntegrityError) answers like the DomainError its constraint
declares (core.constraints): 400 with the translated message on its field, never a 500 with a raw name."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from core.access import write_refusal_audit
from core.audit import log_action
from core.constraints import domain_error_for
from core.errors import DomainError


def exception_handler(exc, context):
    if isinstance(exc, (DjangoPermissionDenied, exceptions.PermissionDenied)):
        write_refusal_audit(exc)  # a service's own refusal, rolled back with its transaction
        _audit_refusal(context.get("request"), exc)
    if isinstance(exc, IntegrityError):
        error = domain_error_for(exc)
        if error is None:
            return None  # not a portal constraint: a server error (500), logged as one
        set_rollback()
        exc = error
    if isinstance(exc, DomainError):
        body = exc.as_dict()
        if exc.field and exc.http_status == 400:
            body[exc.field] = [str(exc.message)]
        return Response(body, status=exc.http_status)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            body = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
        else:
            body = {"detail": " ".join(str(m) for m in exc.messages)}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


def _audit_refusal(request, exc) -> None:
    """DOMAIN.md: an attempt across the own-society line is refused and audited (API side)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    log_action(
        "core.access.denied_api",
        actor=user,
        data={"method": request.method, "path": request.path, "detail": str(exc)[:200]},
    )
