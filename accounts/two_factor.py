"""Two-factor authentication (TOTP with recovery codes) for privileged roles — 等保2.0 L3, issue 14 item 9.

django-otp holds the devices: a `TOTPDevice` (the authenticator app) and a `StaticDevice` that carries the
ten one-time recovery codes — stored hashed, as accounts.RecoveryCode (accounts/recovery.py), and shown
once, when made. Its OTPMiddleware marks a session verified (`request.user.is_verified()`)
once `django_otp.login` has stored the device that passed a code; `TwoFactorMiddleware` below then keeps a
signed-in user whose role is in `PORTAL_REQUIRE_2FA_ROLES` away from every page until that is so. The API
is token-based, not session-based: `check_api_otp` is called by the token view, so a token is only issued
to such a user together with a current code.

Enrolling an authenticator and removing it both revoke the user's API tokens (audited as
`accounts.token.revoked_all` with the reason): a token issued before the second factor — or under a factor
now gone, perhaps with a lost phone — must not outlive that change.
"""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework import serializers

from core.audit import log_action
from core.roles import Role, reach_of

from . import recovery
from .tokens import revoke_all

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "authenticator"
STATIC_DEVICE_NAME = "recovery codes"

# URL names a signed-in but unverified user may still reach: logging in and out, the 2FA pages
# themselves, switching the language, the health check, and the token endpoint (it checks `otp` itself).
EXEMPT_URL_NAMES = frozenset(
    {"login", "logout", "two_factor_setup", "two_factor_verify", "set_language", "healthz", "api-token"}
)
EXEMPT_PREFIXES = ("/i18n/",)


def required_roles() -> frozenset[str]:
    roles = frozenset(getattr(settings, "PORTAL_REQUIRE_2FA_ROLES", ()))
    unknown = roles - set(Role.values)
    if unknown:
        raise ImproperlyConfigured(f"PORTAL_REQUIRE_2FA_ROLES names unknown roles: {sorted(unknown)}")
    return roles


def requires_two_factor(user) -> bool:
    """True for a signed-in user holding any role of PORTAL_REQUIRE_2FA_ROLES."""
    if user is None or not user.is_authenticated:
        return False
    return bool(required_roles() & set(reach_of(user).roles()))


def totp_device(user, *, confirmed: bool | None = True) -> TOTPDevice | None:
    qs = TOTPDevice.objects.filter(user=user)
    if confirmed is not None:
        qs = qs.filter(confirmed=confirmed)
    return qs.order_by("-id").first()


def recovery_device(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def recovery_codes_left(user) -> int:
    return recovery.codes_left(recovery_device(user))


# --- enrolment ---


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device an enrolment shows (created once, kept across reloads of the page)."""
    device = totp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The base32 secret, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(device: TOTPDevice) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code (issuer: OTP_TOTP_ISSUER)."""
    return device.config_url


def qr_svg(data: str) -> str:
    """An inline SVG QR code of `data`, drawn here (no external service sees the secret)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=16, border=2)
    return image.to_string(encoding="unicode")


def _new_recovery_codes(user) -> list[str]:
    device = recovery_device(user)
    if device is None:
        device = StaticDevice.objects.create(user=user, name=STATIC_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    recovery.replace_codes(device, codes)  # stored hashed; the plain codes exist only in this answer
    return codes


def confirm_enrolment(request, code: str) -> list[str] | None:
    """Confirm the pending device with its first code: the session is verified and ten recovery codes are
    made (returned to be shown once). None when the code is wrong."""
    user = request.user
    code = normalize(code)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(pk=pending_device(user).pk).first()
        if device is None or not code.isdigit() or not device.verify_token(code):
            log_action("accounts.two_factor.enrol_failed", actor=user, obj=user)
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        log_action(
            "accounts.two_factor.enrolled", actor=user, obj=user, data={"device": device.persistent_id}
        )
        revoke_all(user=user, actor=user, reason="two_factor_enrolled")  # tokens issued without it end
    request.session.cycle_key()
    otp_login(request, device)
    return codes


# --- verification ---


def normalize(code: str | None) -> str:
    return "".join(str(code or "").split()).lower()[:32]


def _verify(user, code: str, *, allow_recovery: bool):
    """The device that accepts `code` (a TOTP code, or a recovery code, which is then used up), or None."""
    code = normalize(code)
    if not code:
        return None
    with transaction.atomic():
        device = totp_device(user)
        if device is not None and len(code) == device.digits and code.isascii() and code.isdigit():
            device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
            return device if device.verify_token(code) else None
        if allow_recovery and (static := recovery_device(user)) is not None:
            static = StaticDevice.objects.select_for_update().get(pk=static.pk)
            return static if recovery.use_code(static, code) else None
    return None


def verify_session(request, code: str) -> bool:
    """Verify the signed-in user's session with a TOTP or recovery code; audited either way."""
    user = request.user
    device = _verify(user, code, allow_recovery=True)
    if device is None:
        log_action("accounts.two_factor.verify_failed", actor=user, obj=user)
        return False
    if isinstance(device, StaticDevice):
        log_action(
            "accounts.two_factor.recovery_code_used",
            actor=user,
            obj=user,
            data={"left": recovery.codes_left(device)},
        )
    request.session.cycle_key()
    otp_login(request, device)
    return True


def regenerate_recovery_codes(request, code: str) -> list[str] | None:
    """Ten new recovery codes (the old ones stop working), against a current TOTP code."""
    user = request.user
    if _verify(user, code, allow_recovery=False) is None:
        log_action("accounts.two_factor.verify_failed", actor=user, obj=user, data={"for": "regenerate"})
        return None
    codes = _new_recovery_codes(user)
    log_action("accounts.two_factor.recovery_codes_regenerated", actor=user, obj=user)
    return codes


def remove_device(request, code: str) -> bool:
    """Remove the authenticator and the recovery codes, against a current code; the session is no longer
    verified (a user whose role requires 2FA is sent to enrol again)."""
    user = request.user
    if _verify(user, code, allow_recovery=True) is None:
        log_action("accounts.two_factor.verify_failed", actor=user, obj=user, data={"for": "remove"})
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()  # and its recovery codes (cascade)
        log_action("accounts.two_factor.removed", actor=user, obj=user)
        revoke_all(user=user, actor=user, reason="two_factor_removed")
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    user.otp_device = None
    return True


# --- the API: a token for such a user only with a current code ---


class OtpRefused(serializers.ValidationError):
    """A 400 naming `otp`. `guessed` is True for a code that was sent and is wrong: the token view counts
    that as a failed login (django-axes), as a wrong password is; a missing code or a user not enrolled is
    not a guess and is not counted."""

    def __init__(self, message: str, *, guessed: bool = False):
        super().__init__({"otp": [message]})
        self.guessed = guessed


def check_api_otp(user, code) -> None:
    """Called by the token view once the password is right. A user whose role requires 2FA must send a
    current TOTP code in `otp`; raises OtpRefused (a 400 naming `otp`) otherwise. Others pass whatever
    they send."""
    if not requires_two_factor(user):
        return
    code = normalize(code)
    if totp_device(user) is None:
        log_action("accounts.two_factor.api_refused", actor=user, obj=user, data={"reason": "not enrolled"})
        message = _(
            "Two-factor authentication is required: first set up an authenticator app on the website."
        )
        raise OtpRefused(message)
    if not code:
        raise OtpRefused(_("Enter the 6-digit code from your authenticator app."))
    if _verify(user, code, allow_recovery=False) is None:
        log_action("accounts.two_factor.api_refused", actor=user, obj=user, data={"reason": "wrong code"})
        raise OtpRefused(_("The code is wrong or has expired."), guessed=True)


# --- enforcement on the web ---


def _exempt(request) -> bool:
    path = request.path_info
    if path.startswith(settings.STATIC_URL) or path.startswith(EXEMPT_PREFIXES):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name in EXEMPT_URL_NAMES


class TwoFactorMiddleware:
    """After AuthenticationMiddleware and django_otp's OTPMiddleware: a signed-in user whose role requires
    2FA and whose session is not verified reaches only the exempt pages; every other request is sent to
    enrolment (no authenticator yet) or verification. A session-authenticated API call gets 403 instead of a
    redirect; a token-authenticated one (Authorization header) is DRF's — its token needed a code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and requires_two_factor(user)
            and not _exempt(request)
        ):
            return self._refuse(request, user)
        return self.get_response(request)

    def _refuse(self, request, user):
        if request.path_info.startswith("/api/"):
            if request.headers.get("Authorization", "").startswith("Token "):
                return self.get_response(
                    request
                )  # TokenAuthentication: a valid token or 401, never the session
            return JsonResponse({"detail": _("Two-factor verification required.")}, status=403)
        name = "two_factor_verify" if totp_device(user) is not None else "two_factor_setup"
        target = reverse(name)
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(target)
