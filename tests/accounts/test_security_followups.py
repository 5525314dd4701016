"""Issue 14, the items left after the first pass: password reset limited per address (request and link),
no API token on an expired password, tokens revoked when a second factor is enrolled or removed, recovery
codes hashed at rest, a wrong API `otp` counted by the lockout, ASCII-only password character classes."""

import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import RequestFactory, override_settings
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import recovery, two_factor
from accounts.models import ApiToken, PasswordHistory, RecoveryCode
from accounts.signals import LOGIN_FAILED
from accounts.validators import CharacterClassesValidator
from core.models import AuditEntry

from ..factories import PASSWORD, UserFactory, token_for
from ..support.two_factor import current_code, enrol

pytestmark = pytest.mark.django_db


def _reset_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"/accounts/reset/{uid}/{default_token_generator.make_token(user)}/"


# --- 1. password reset: per-address limits ----------------------------------------------------------------


def test_wrong_reset_links_lock_the_address_even_for_a_good_link(client, member):
    bad = f"/accounts/reset/{urlsafe_base64_encode(force_bytes(member.pk))}/abc-0123456789abcdef/"
    for _ in range(4):
        response = client.get(bad, REMOTE_ADDR="10.0.1.1")
        assert response.status_code == 200 and not response.context["validlink"]
    fifth = client.get(bad, REMOTE_ADDR="10.0.1.1")
    assert fifth.status_code == 429
    assert "密码重置" in fifth.content.decode() and "15" in fifth.content.decode()  # translated, how long
    # the locked address is refused the genuine link too; another address follows it to the form
    assert client.get(_reset_link(member), REMOTE_ADDR="10.0.1.1").status_code == 429
    good = client.get(_reset_link(member), REMOTE_ADDR="10.0.1.2")
    assert good.status_code == 302 and good["Location"].endswith("/set-password/")
    assert client.get(good["Location"], REMOTE_ADDR="10.0.1.2").context["validlink"]


def test_a_good_link_and_a_refused_new_password_are_not_counted(client, member):
    first = client.get(_reset_link(member), REMOTE_ADDR="10.0.1.3")
    form_url = first["Location"]
    for _ in range(6):  # the policy refuses "short": the user is typing, not guessing
        response = client.post(
            form_url, {"new_password1": "short", "new_password2": "short"}, REMOTE_ADDR="10.0.1.3"
        )
        assert response.status_code == 200 and response.context["form"].errors
    new = "Another-Passw0rd-2026"
    done = client.post(form_url, {"new_password1": new, "new_password2": new}, REMOTE_ADDR="10.0.1.3")
    assert done.status_code == 302
    member.refresh_from_db()
    assert member.check_password(new)


def test_reset_requests_are_limited_per_address_whatever_the_email(client, member, secretary_a):
    addresses = [member.email, secretary_a.email, "nobody@example.org", "x@example.org"]
    for email in addresses:
        response = client.post("/accounts/password/reset/", {"email": email}, REMOTE_ADDR="10.0.1.4")
        assert response.status_code == 302
    sent = len(mail.outbox)
    fifth = client.post("/accounts/password/reset/", {"email": member.email}, REMOTE_ADDR="10.0.1.4")
    assert fifth.status_code == 429 and "密码重置" in fifth.content.decode()
    assert len(mail.outbox) == sent  # nothing more was sent
    other = client.post("/accounts/password/reset/", {"email": member.email}, REMOTE_ADDR="10.0.1.5")
    assert other.status_code == 302


# --- 2. no token on an expired password --------------------------------------------------------------------


@override_settings(PASSWORD_MAX_AGE_DAYS=90)
def test_an_expired_password_gets_no_token_and_is_told_to_change_it(api, member):
    PasswordHistory.objects.filter(user=member).update(created=timezone.now() - timedelta(days=91))
    response = api.post(
        "/api/v1/auth/token/", {"username": member.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "password_expired"
    assert "密码已过期" in body["password"][0] and "/accounts/password/change/" in body["password"][0]
    assert not ApiToken.objects.filter(user=member).exists()
    assert AuditEntry.objects.filter(
        action="accounts.token.refused", object_id=str(member.pk), data__reason="password_expired"
    ).exists()
    # a wrong password learns nothing about expiry
    wrong = api.post(
        "/api/v1/auth/token/", {"username": member.username, "password": "Wrong-Passw0rd"}, format="json"
    )
    assert wrong.status_code == 400 and "code" not in wrong.json()


@override_settings(PASSWORD_MAX_AGE_DAYS=90)
def test_a_current_password_still_gets_its_token(api, member):
    PasswordHistory.objects.filter(user=member).update(created=timezone.now() - timedelta(days=89))
    response = api.post(
        "/api/v1/auth/token/", {"username": member.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200 and "token" in response.json()


# --- 3. enrolling or removing a second factor revokes the API tokens ---------------------------------------


def _password_login(client, user):
    assert client.login(
        request=RequestFactory().post("/accounts/login/"), username=user.username, password=PASSWORD
    )


def _me(api, key):
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api.get("/api/v1/users/me/")


def test_enrolling_a_second_factor_revokes_earlier_tokens(client, api, secretary_a):
    keys = [token_for(secretary_a), token_for(secretary_a)]  # issued before any second factor
    assert _me(api, keys[0]).status_code == 200
    _password_login(client, secretary_a)
    client.get("/accounts/two-factor/setup/")
    pending = TOTPDevice.objects.get(user=secretary_a, confirmed=False)
    response = client.post("/accounts/two-factor/setup/", {"code": current_code(pending)})
    assert response.status_code == 200 and 'id="recovery-codes"' in response.content.decode()
    assert not ApiToken.objects.filter(user=secretary_a, revoked_at__isnull=True).exists()
    assert all(_me(api, key).status_code == 401 for key in keys)
    entry = AuditEntry.objects.get(action="accounts.token.revoked_all", object_id=str(secretary_a.pk))
    assert entry.data == {"count": 2, "reason": "two_factor_enrolled"} and entry.actor == secretary_a


def test_removing_the_second_factor_revokes_the_tokens(login, client, api, cast_admin):
    login(cast_admin)  # enrolled and verified
    key = token_for(cast_admin)
    device = TOTPDevice.objects.get(user=cast_admin)
    response = client.post("/accounts/two-factor/", {"op": "remove", "code": current_code(device)})
    assert response.status_code == 302
    assert _me(api, key).status_code == 401
    assert AuditEntry.objects.filter(
        action="accounts.token.revoked_all", data__reason="two_factor_removed"
    ).exists()


def test_a_wrong_enrolment_code_revokes_nothing(client, secretary_a):
    token_for(secretary_a)
    _password_login(client, secretary_a)
    client.get("/accounts/two-factor/setup/")
    client.post("/accounts/two-factor/setup/", {"code": "000000"})
    assert ApiToken.objects.filter(user=secretary_a, revoked_at__isnull=True).count() == 1


# --- 4. recovery codes hashed at rest -----------------------------------------------------------------------


def test_recovery_codes_are_stored_hashed_and_shown_once(client, secretary_a):
    _password_login(client, secretary_a)
    client.get("/accounts/two-factor/setup/")
    pending = TOTPDevice.objects.get(user=secretary_a, confirmed=False)
    page = client.post("/accounts/two-factor/setup/", {"code": current_code(pending)}).content.decode()
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", page)
    assert len(codes) == two_factor.RECOVERY_CODE_COUNT
    assert not StaticToken.objects.exists(), "no plain-text token rows"
    hashes = list(RecoveryCode.objects.filter(device__user=secretary_a).values_list("code_hash", flat=True))
    assert len(hashes) == 10 and all(h.startswith("pbkdf2_sha256$20000$") for h in hashes)
    dump = " ".join(hashes)
    assert not any(code in dump for code in codes)
    # the management page shows how many are left, never the codes again
    client.logout()
    _password_login(client, secretary_a)
    assert client.post("/accounts/two-factor/verify/", {"code": codes[3]}).status_code == 302
    manage = client.get("/accounts/two-factor/").content.decode()
    assert not any(code in manage for code in codes)
    assert two_factor.recovery_codes_left(secretary_a) == 9


def test_recovery_use_is_throttled_after_a_wrong_code(secretary_a):
    device = StaticDevice.objects.create(user=secretary_a, name="recovery codes", confirmed=True)
    recovery.replace_codes(device, ["aaaabbbb", "ccccdddd"])
    assert not recovery.use_code(device, "zzzzzzzz")
    assert not recovery.use_code(device, "aaaabbbb"), "throttled for a moment after a failure"
    StaticDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    device.refresh_from_db()
    assert recovery.use_code(device, "aaaabbbb")
    assert not recovery.use_code(device, "aaaabbbb") and recovery.codes_left(device) == 1


def test_the_migration_hashes_plain_codes_made_before_it(secretary_a):
    device = StaticDevice.objects.create(user=secretary_a, name="recovery codes", confirmed=True)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=t) for t in ("abcdefgh", "ijklmnop")])
    migration = importlib.import_module("accounts.migrations.0004_recovery_codes_hashed")
    migration.hash_plain_codes(django_apps, None)
    assert not StaticToken.objects.exists()
    assert recovery.codes_left(device) == 2
    assert recovery.use_code(device, "ijklmnop")


# --- 5. a wrong API `otp` counts towards the lockout ---------------------------------------------------


def _token_request(api, user, otp, ip="10.0.2.1"):
    body = {"username": user.username, "password": PASSWORD}
    if otp is not None:
        body["otp"] = otp
    return api.post("/api/v1/auth/token/", body, format="json", REMOTE_ADDR=ip)


def test_wrong_otps_lock_the_token_endpoint_like_wrong_passwords(api, cast_admin):
    device = enrol(cast_admin)
    for _ in range(4):
        response = _token_request(api, cast_admin, "000000")
        assert response.status_code == 400 and "otp" in response.json()
    fifth = _token_request(api, cast_admin, "000000")
    assert fifth.status_code == 429 and fifth.json()["code"] == "locked_out"
    # right password and right code: still locked for this username and address
    assert _token_request(api, cast_admin, current_code(device)).status_code == 429
    assert not ApiToken.objects.filter(user=cast_admin).exists()
    failed = AuditEntry.objects.filter(action=LOGIN_FAILED, object_id=str(cast_admin.pk))
    assert failed.count() == 6 and failed.order_by("-id").first().data["channel"] == "api"
    # another address is not locked
    ok = _token_request(api, cast_admin, current_code(device), ip="10.0.2.2")
    assert ok.status_code == 200 and "token" in ok.json()


def test_a_missing_otp_is_not_a_guess(api, cast_admin):
    device = enrol(cast_admin)
    for _ in range(6):
        response = _token_request(api, cast_admin, None)
        assert response.status_code == 400 and "otp" in response.json()
    assert _token_request(api, cast_admin, current_code(device)).status_code == 200


# --- 6. password character classes are ASCII ----------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    [
        "abcdefgh-²²",  # '²' is no digit: lowercase + other = 2 classes
        "abcdefgh!١٢٣",  # Arabic-Indic digits
        "abcdefgh#５６",  # full-width digits
        "ＡＢＣＤabcdefgh",  # full-width capitals are not "uppercase letters"
    ],
)
def test_unicode_digits_and_letters_do_not_count_as_their_ascii_class(password):
    with pytest.raises(ValidationError) as caught:
        CharacterClassesValidator(min_classes=3).validate(password)
    assert caught.value.code == "password_too_few_classes"


@pytest.mark.parametrize("password", ["abcdefgh-12", "Abcdefghij1", "ABCDEFGH-1x", "学会abcdEFGH"])
def test_ascii_classes_still_pass(password):
    CharacterClassesValidator(min_classes=3).validate(password)


def test_a_unicode_digit_password_is_refused_on_change(member):
    from accounts import services
    from core.errors import DomainError

    user = UserFactory()
    with pytest.raises(DomainError):
        services.change_password(user=user, old_password=PASSWORD, new_password="portal-pass-²²²")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
