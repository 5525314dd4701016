"""The signed-in user's own account pages: login history, API tokens; and Django's password views with
the portal's additions (audit; per-address limits on password reset through django-axes)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import services, tokens
from accounts.lockout import (
    RESET_CONFIRM,
    RESET_REQUEST,
    count_reset_attempt,
    reset_allowed,
    reset_locked_response,
)
from accounts.models import ApiToken
from accounts.signals import LOGGED_IN, LOGIN_FAILED
from accounts.tables import LoginTable
from core.audit import entries_for, log_action
from core.errors import DomainError


@login_required
def login_history(request):
    """The user's own logins and failed logins (time, address, channel, result), newest first."""
    rows = entries_for(request.user).filter(action__in=[LOGGED_IN, LOGIN_FAILED])
    table = LoginTable(request, rows)
    return render(request, "accounts/login_history.html", {"table": table, "page": table.page})


@login_required
def token_list(request):
    rows = tokens.tokens_of(request.user)
    return render(request, "accounts/token_list.html", {"tokens": rows})


@login_required
def token_revoke(request, pk):
    """GET shows which token will end; POST revokes it. Another user's token does not exist here."""
    token = ApiToken.objects.filter(pk=pk, user=request.user).first()
    if token is None:
        raise Http404
    if request.method == "POST":
        try:
            tokens.revoke_token(actor=request.user, token_id=token.pk)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Token revoked."))
        return redirect("token_list")
    return render(request, "accounts/token_revoke.html", {"token": token})


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        response = super().form_valid(form)
        log_action(
            "accounts.user.password_changed",
            actor=self.request.user,
            obj=self.request.user,
            data={"by": "owner"},
        )
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link from the reset mail. Every visit with a wrong, used or stale link counts as an attempt of
    RESET_CONFIRM from the client's address; once AXES_FAILURE_LIMIT are reached the address gets the 429
    page for AXES_COOLOFF_TIME, even with a good link (so links cannot be guessed at). A good link and a new
    password the policy refuses are not counted: the user is only typing."""

    def dispatch(self, request, *args, **kwargs):
        if not reset_allowed(request, RESET_CONFIRM):
            return reset_locked_response(request, RESET_CONFIRM)
        response = super().dispatch(request, *args, **kwargs)
        if not self.validlink and not count_reset_attempt(request, RESET_CONFIRM):
            return reset_locked_response(request, RESET_CONFIRM)
        return response

    def form_valid(self, form):
        response = super().form_valid(form)
        services.record_password_reset(user=form.user)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Each reset request counts as an attempt of RESET_REQUEST from the client's address, whatever e-mail
    address it names: the fifth within AXES_COOLOFF_TIME locks that address (four mails at most), so nobody
    floods an inbox or walks a list of addresses from one machine."""

    def post(self, request, *args, **kwargs):
        if not reset_allowed(request, RESET_REQUEST):
            return reset_locked_response(request, RESET_REQUEST)
        if not count_reset_attempt(request, RESET_REQUEST):  # this request reached the limit: nothing sent
            return reset_locked_response(request, RESET_REQUEST)
        return super().post(request, *args, **kwargs)
