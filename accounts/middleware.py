"""Session limits beyond Django's idle timeout (SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST).

- SessionLifetimeMiddleware: a session is ended SESSION_ABSOLUTE_AGE seconds after its login, however busy
  (the login time is stored in the session by accounts.signals); the user is sent to log in again.
- PasswordExpiryMiddleware: a user whose password is older than PASSWORD_MAX_AGE_DAYS at login (flagged in
  the session) reaches only the password-change page until they have changed it.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .passwords import is_expired

LOGIN_AT = "portal_login_at"
PASSWORD_EXPIRED = "portal_password_expired"  # noqa: S105 - a session key, not a password


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            login_at = request.session.get(LOGIN_AT)
            # A session without a login time predates this rule: it is ended as well.
            if login_at is None or time.time() - float(login_at) > settings.SESSION_ABSOLUTE_AGE:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)  # now anonymous: the API answers 401 itself
                hours = settings.SESSION_ABSOLUTE_AGE // 3600
                messages.warning(
                    request,
                    _("Your session has ended after %(hours)s hours. Please log in again.")
                    % {"hours": hours},
                )
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class PasswordExpiryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(PASSWORD_EXPIRED) and request.user.is_authenticated:
            allowed = {reverse("password_change"), reverse("password_change_done"), reverse("logout")}
            allowed |= {reverse("two_factor_setup"), reverse("two_factor_verify")}  # 2FA first
            if not is_expired(request.user):
                del session[PASSWORD_EXPIRED]
            elif request.path not in allowed and not request.path.startswith(("/static/", "/i18n/")):
                messages.warning(request, _("Your password has expired. Please choose a new one."))
                return redirect("password_change")
        return self.get_response(request)
