"""The two-factor pages: enrol, verify, manage (the API token view calls two_factor.check_api_otp)."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import two_factor
from core.forms import Styled


class CodeForm(Styled, forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Verification code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "text"}
        ),
    )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("dashboard")


def _with_next(name: str, request) -> str:
    url = reverse(name)
    target = request.GET.get("next") or request.POST.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        url += "?" + urlencode({"next": target})
    return url


@login_required
def two_factor_setup(request):
    """Enrol an authenticator app: QR code and secret, a first code to confirm, then the recovery codes."""
    user = request.user
    if two_factor.totp_device(user) is not None:
        return redirect(
            "two_factor_manage" if user.is_verified() else _with_next("two_factor_verify", request)
        )
    device = two_factor.pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_enrolment(request, form.cleaned_data["code"])
        if codes is not None:
            return render(
                request,
                "accounts/two_factor_codes.html",
                {"codes": codes, "next": _next_url(request), "enrolled": True},
            )
        form.add_error(
            "code", _("The code is wrong or has expired. Check the time on your phone and try again.")
        )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": two_factor.qr_svg(two_factor.provisioning_uri(device)),
            "secret": two_factor.secret_text(device),
            "next": request.GET.get("next") or request.POST.get("next", ""),
            "required": two_factor.requires_two_factor(user),
        },
    )


@login_required
def two_factor_verify(request):
    """The second step of logging in: a code from the app, or one of the recovery codes (each works once)."""
    user = request.user
    if two_factor.totp_device(user) is None:
        return redirect(_with_next("two_factor_setup", request))
    if user.is_verified():
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify_session(request, form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error("code", _("The code is wrong or has expired."))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": request.GET.get("next") or request.POST.get("next", "")},
    )


@login_required
def two_factor_manage(request):
    """The user's own second factor: new recovery codes, or remove the app (to enrol another); both need a
    current code."""
    user = request.user
    device = two_factor.totp_device(user)
    if device is not None and not user.is_verified():
        return redirect(_with_next("two_factor_verify", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and device is not None and form.is_valid():
        code = form.cleaned_data["code"]
        if request.POST.get("op") == "remove":
            if two_factor.remove_device(request, code):
                messages.success(request, _("The authenticator app was removed."))
                return redirect("two_factor_setup")
        else:
            codes = two_factor.regenerate_recovery_codes(request, code)
            if codes is not None:
                return render(
                    request,
                    "accounts/two_factor_codes.html",
                    {"codes": codes, "next": reverse("two_factor_manage"), "enrolled": False},
                )
        form.add_error("code", _("The code is wrong or has expired."))
    return render(
        request,
        "accounts/two_factor_manage.html",
        {
            "form": form,
            "device": device,
            "codes_left": two_factor.recovery_codes_left(user),
            "required": two_factor.requires_two_factor(user),
        },
    )
