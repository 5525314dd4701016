"""Test helpers for two-factor authentication: enrol a persona's authenticator, compute its current code,
and mark a test client's session verified (what django_otp.login stores after a good code)."""

import re

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import requires_two_factor


def enrol(user) -> TOTPDevice:
    """The user's confirmed authenticator, created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The code the user's app shows now. A code is accepted once per 30-second step (last_t) and failures
    throttle the device: a test logging the same persona in twice within a step starts it afresh."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, drift=0, throttling_failure_count=0)
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def code_for(user) -> str:
    return current_code(enrol(user))


def verify_session(client, user) -> None:
    """Mark a signed-in test client's session verified, if the user's role requires two factors."""
    if not requires_two_factor(user):
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = enrol(user).persistent_id
    session.save()


def force_login(client, user) -> None:
    """client.force_login, then the second factor as if passed (for users whose role requires it)."""
    client.force_login(user)
    verify_session(client, user)


def pass_second_factor(page, base: str, username: str) -> None:
    """In a browser, after the password: for a user whose role requires it, enrol on the setup page (first
    login: the app's first code, then past the recovery codes) or pass the verification page."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=username)
    if not requires_two_factor(user):
        return
    page.wait_for_url(re.compile(re.escape(base) + r"/accounts/two-factor/(setup|verify)/"))
    if "/two-factor/setup/" in page.url:
        pending = TOTPDevice.objects.get(user=user, confirmed=False)
        page.fill("#id_code", current_code(pending))
        page.click("#confirm-device")
        page.locator("#recovery-codes").wait_for()
        page.click("#continue")
    else:
        page.fill("#id_code", code_for(user))
        page.click("#verify")


def api_otp(username: str) -> dict:
    """{"otp": the current code} for a user whose role requires two factors (POST auth/token/), else {}."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    return {"otp": code_for(user)} if user is not None and requires_two_factor(user) else {}
