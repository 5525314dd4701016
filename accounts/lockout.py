"""What a locked-out client is told (django-axes' AXES_LOCKOUT_CALLABLE): a page on the web, JSON on the API.

429 Too Many Requests on both: the username+IP pair is refused for AXES_COOLOFF_TIME whatever the password.
"""

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .security import channel_of


def lockout_message(request: HttpRequest | None = None) -> str:
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else 0
    return _(
        "Too many failed attempts: signing in with this username from your address is locked for "
        "%(minutes)s minutes. Try again later or ask a CAST administrator for help."
    ) % {"minutes": minutes}


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    message = lockout_message(request)
    if channel_of(request) == "api":
        return JsonResponse({"detail": message, "code": "locked_out"}, status=429)
    return render(request, "accounts/locked_out.html", {"message": message}, status=429)
