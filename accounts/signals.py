"""Django's own login events, recorded: every login and failed login goes to the audit trail (the user's
login history page reads it back), and a login stamps the session for accounts.middleware."""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from core.audit import log_action

from .middleware import LOGIN_AT, PASSWORD_EXPIRED
from .passwords import is_expired
from .security import channel_of, client_ip

LOGGED_IN = "accounts.user.logged_in"
LOGIN_FAILED = "accounts.user.login_failed"


@receiver(user_logged_in, dispatch_uid="accounts.logged_in")
def logged_in(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None and channel_of(request) == "web":  # a token login opens no session
        session[LOGIN_AT] = time.time()
        if is_expired(user):
            session[PASSWORD_EXPIRED] = True
    log_action(
        LOGGED_IN,
        actor=user,
        obj=user,
        data={"ip": client_ip(request) if request is not None else None, "channel": channel_of(request)},
    )


@receiver(user_login_failed, dispatch_uid="accounts.login_failed")
def login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or "")[:150]
    user = get_user_model().objects.filter(username=username).first() if username else None
    log_action(
        LOGIN_FAILED,
        actor=None,
        obj=user,
        data={
            "ip": client_ip(request) if request is not None else None,
            "channel": channel_of(request),
            "username": username,
            "locked_out": bool(getattr(request, "axes_locked_out", False)),
        },
    )
