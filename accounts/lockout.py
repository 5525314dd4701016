"""What a locked-out client is told (django-axes' AXES_LOCKOUT_CALLABLE): a page on the web, JSON on the API;
and the per-address limits of password reset, counted by django-axes as well.

429 Too Many Requests on both: the username+IP pair is refused for AXES_COOLOFF_TIME whatever the password.

Password reset has no username to key on, so its attempts are counted under fixed pseudo-usernames
(RESET_REQUEST, RESET_CONFIRM) with the client's address — django-axes' username+IP key then limits each
address: AXES_FAILURE_LIMIT attempts within AXES_COOLOFF_TIME, then a 429 for the rest of it. The names
hold a colon, which no username may (core.validators.PortalUsernameValidator), so no account shares them.
"""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .security import channel_of

# Every reset request (a mail sent or not) from one address, whatever e-mail address it names.
RESET_REQUEST = "password-reset:request"
# Every reset link from one address that is wrong, used or stale (guessing at links).
RESET_CONFIRM = "password-reset:confirm"
RESET_KEYS = frozenset({RESET_REQUEST, RESET_CONFIRM})


def _minutes(request: HttpRequest | None) -> int:
    cool_off = get_cool_off(request)
    return int(cool_off.total_seconds() // 60) if cool_off else 0


def lockout_message(request: HttpRequest | None = None, credentials: dict | None = None) -> str:
    if (credentials or {}).get("username") in RESET_KEYS:
        return _(
            "Too many password-reset attempts from your address: password reset is locked for "
            "%(minutes)s minutes. Try again later or ask a CAST administrator for help."
        ) % {"minutes": _minutes(request)}
    return _(
        "Too many failed attempts: signing in with this username from your address is locked for "
        "%(minutes)s minutes. Try again later or ask a CAST administrator for help."
    ) % {"minutes": _minutes(request)}


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    message = lockout_message(request, credentials)
    if channel_of(request) == "api":
        return JsonResponse({"detail": message, "code": "locked_out"}, status=429)
    return render(request, "accounts/locked_out.html", {"message": message}, status=429)


def reset_allowed(request: HttpRequest, key: str) -> bool:
    """Whether the client's address may make another password-reset attempt of `key` (nothing counted)."""
    return AxesProxyHandler.is_allowed(request, {"username": key})


def count_reset_attempt(request: HttpRequest, key: str) -> bool:
    """Count one password-reset attempt of `key` from the client's address; False when that reached the
    limit (this request is then refused too, and request.axes_locked_out makes AxesMiddleware say so)."""
    AxesProxyHandler.user_login_failed(
        sender=count_reset_attempt, credentials={"username": key}, request=request
    )
    return not getattr(request, "axes_locked_out", False)


def reset_locked_response(request: HttpRequest, key: str) -> HttpResponse:
    return lockout_response(request, credentials={"username": key})
