"""The signed-in user's own account pages: login history, API tokens; and Django's password views with
the portal's additions (audit; a rate limit on reset requests through django-axes)."""

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import services, tokens
from accounts.lockout import lockout_response
from accounts.models import ApiToken
from accounts.signals import LOGGED_IN, LOGIN_FAILED
from core.audit import entries_for, log_action
from core.errors import DomainError


@login_required
def login_history(request):
    """The user's own logins and failed logins (time, address, channel, result), newest first."""
    rows = entries_for(request.user).filter(action__in=[LOGGED_IN, LOGIN_FAILED]).order_by("-at", "-id")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/login_history.html", {"page": page, "succeeded": LOGGED_IN})


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
    def form_valid(self, form):
        response = super().form_valid(form)
        services.record_password_reset(user=form.user)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Each reset request counts as an attempt of `password-reset:<e-mail>` from the client's address:
    the fifth within AXES_COOLOFF_TIME locks that pair (four mails at most), so nobody floods an inbox."""

    def post(self, request, *args, **kwargs):
        email = str(request.POST.get("email", "")).strip().lower()[:254]
        credentials = {"username": f"password-reset:{email}"}
        if not AxesProxyHandler.is_allowed(request, credentials):
            return lockout_response(request)
        AxesProxyHandler.user_login_failed(sender=type(self), credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):  # this request reached the limit: nothing is sent
            return lockout_response(request)
        return super().post(request, *args, **kwargs)
