"""Issue 14 finding 9: CAST admins, Party reviewers and secretaries need a second factor (TOTP, with
recovery codes) on the web and to get an API token; members are never asked."""

import re

import pytest
from django.test import RequestFactory, override_settings
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import RecoveryCode
from core.models import AuditEntry

from ..factories import PASSWORD
from ..support.two_factor import current_code, enrol

CAST_PAGES = ["/settings/", "/compliance/", "/societies/register/", "/accounts/users/", "/"]


def _password_login(client, user):
    """The password only (django-axes wants the request a login form sends)."""
    assert client.login(
        request=RequestFactory().post("/accounts/login/"), username=user.username, password=PASSWORD
    )
    return client


def _enrol_over_the_web(client):
    """GET the enrolment page, POST the app's first code; returns the recovery codes shown."""
    page = client.get("/accounts/two-factor/setup/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and 'id="totp-secret"' in html
    device = TOTPDevice.objects.get(confirmed=False)
    secret = re.search(r'id="totp-secret">([^<]+)<', html).group(1)
    assert secret.replace(" ", "") == two_factor.secret_text(device).replace(" ", "")
    response = client.post(
        "/accounts/two-factor/setup/", {"code": current_code(device), "next": "/settings/"}
    )
    assert response.status_code == 200
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", response.content.decode())
    assert len(codes) == two_factor.RECOVERY_CODE_COUNT
    return codes


@pytest.mark.django_db
@pytest.mark.parametrize("path", CAST_PAGES)
def test_cast_admin_without_second_factor_reaches_no_cast_page(client, cast_admin, path):
    _password_login(client, cast_admin)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/setup/?next=")


@pytest.mark.django_db
def test_cast_admin_with_device_but_unverified_session_is_sent_to_verify(client, cast_admin):
    enrol(cast_admin)
    _password_login(client, cast_admin)
    for path in CAST_PAGES:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/verify/")
    # POSTs too, and the session API (no token): 403, not the page's answer
    assert client.post("/settings/", {})["Location"].startswith("/accounts/two-factor/verify/")
    response = client.get("/api/v1/users/me/")
    assert response.status_code == 403
    # the exempt pages stay reachable
    assert client.get("/accounts/two-factor/verify/").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302


@pytest.mark.django_db
def test_enrol_then_verify_reaches_cast_pages(client, cast_admin):
    _password_login(client, cast_admin)
    _enrol_over_the_web(client)
    assert AuditEntry.objects.filter(action="accounts.two_factor.enrolled", actor=cast_admin).exists()
    for path in CAST_PAGES:
        assert client.get(path).status_code == 200, path

    # next login: password, then the code
    client.logout()
    _password_login(client, cast_admin)
    assert client.get("/settings/")["Location"] == "/accounts/two-factor/verify/?next=%2Fsettings%2F"
    device = TOTPDevice.objects.get(user=cast_admin)
    response = client.post(
        "/accounts/two-factor/verify/", {"code": current_code(device), "next": "/settings/"}
    )
    assert response.status_code == 302 and response["Location"] == "/settings/"
    for path in CAST_PAGES:
        assert client.get(path).status_code == 200, path


@pytest.mark.django_db
def test_wrong_code_is_refused_and_audited(client, cast_admin):
    device = enrol(cast_admin)
    _password_login(client, cast_admin)
    good = current_code(device)
    wrong = f"{(int(good) + 1) % 1000000:06d}"
    response = client.post("/accounts/two-factor/verify/", {"code": wrong})
    assert response.status_code == 200 and 'id="code-error"' in response.content.decode()
    assert client.get("/settings/").status_code == 302
    assert (
        AuditEntry.objects.filter(action="accounts.two_factor.verify_failed", actor=cast_admin).count() == 1
    )
    # a wrong first code does not confirm an enrolment either
    device.delete()
    response = client.post("/accounts/two-factor/setup/", {"code": "000000"})
    assert response.status_code == 200 and 'id="code-error"' in response.content.decode()
    assert not TOTPDevice.objects.filter(user=cast_admin, confirmed=True).exists()


@pytest.mark.django_db
def test_a_code_is_accepted_once(client, cast_admin):
    device = enrol(cast_admin)
    code = current_code(device)
    _password_login(client, cast_admin)
    assert client.post("/accounts/two-factor/verify/", {"code": code}).status_code == 302
    client.logout()
    _password_login(client, cast_admin)
    assert client.post("/accounts/two-factor/verify/", {"code": code}).status_code == 200  # replayed
    assert client.get("/settings/").status_code == 302


@pytest.mark.django_db
def test_recovery_code_works_once(client, secretary_a):
    _password_login(client, secretary_a)
    codes = _enrol_over_the_web(client)
    client.logout()

    _password_login(client, secretary_a)
    response = client.post("/accounts/two-factor/verify/", {"code": codes[0].upper(), "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert RecoveryCode.objects.filter(device__user=secretary_a).count() == two_factor.RECOVERY_CODE_COUNT - 1
    assert AuditEntry.objects.filter(action="accounts.two_factor.recovery_code_used").exists()
    client.logout()

    _password_login(client, secretary_a)
    response = client.post("/accounts/two-factor/verify/", {"code": codes[0]})
    assert response.status_code == 200  # used up
    assert client.get("/").status_code == 302
    # (a failure throttles the device for a second: start afresh rather than wait)
    StaticDevice.objects.filter(user=secretary_a).update(throttling_failure_count=0)
    assert client.post("/accounts/two-factor/verify/", {"code": codes[1]}).status_code == 302


@pytest.mark.django_db
def test_member_is_never_asked(client, member):
    _password_login(client, member)
    assert client.get("/").status_code == 200
    assert client.get("/accounts/password/change/").status_code == 200
    assert not two_factor.requires_two_factor(member)


@pytest.mark.django_db
def test_party_reviewer_is_asked_and_roles_come_from_the_setting(client, reviewer_a, branch_officer_x):
    _password_login(client, reviewer_a)
    assert client.get("/")["Location"].startswith("/accounts/two-factor/setup/")
    assert not two_factor.requires_two_factor(branch_officer_x)
    with override_settings(PORTAL_REQUIRE_2FA_ROLES=["branch_officer"]):
        assert two_factor.requires_two_factor(branch_officer_x)
        assert not two_factor.requires_two_factor(reviewer_a)


@pytest.mark.django_db
def test_regenerate_and_remove_need_a_current_code(login, client, cast_admin):
    login(cast_admin)  # the fixture: enrolled and verified
    device = TOTPDevice.objects.get(user=cast_admin)
    page = client.get("/accounts/two-factor/")
    assert page.status_code == 200 and 'data-enrolled="true"' in page.content.decode()

    response = client.post("/accounts/two-factor/", {"op": "regenerate", "code": "123"})
    assert response.status_code == 200 and 'id="code-error"' in response.content.decode()
    response = client.post("/accounts/two-factor/", {"op": "regenerate", "code": current_code(device)})
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", response.content.decode())
    assert len(codes) == 10
    stored = list(RecoveryCode.objects.filter(device__user=cast_admin).values_list("code_hash", flat=True))
    assert len(stored) == 10 and not set(stored) & set(codes)  # hashed, not the codes themselves
    assert not StaticToken.objects.filter(device__user=cast_admin).exists()

    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()
    response = client.post("/accounts/two-factor/", {"op": "remove", "code": current_code(device)})
    assert response.status_code == 302 and response["Location"] == "/accounts/two-factor/setup/"
    assert not TOTPDevice.objects.filter(user=cast_admin).exists()
    assert not RecoveryCode.objects.filter(device__user=cast_admin).exists()
    assert AuditEntry.objects.filter(action="accounts.two_factor.removed", actor=cast_admin).exists()
    # no longer verified: CAST pages send to a new enrolment
    assert client.get("/settings/")["Location"].startswith("/accounts/two-factor/setup/")
    _enrol_over_the_web(client)
    assert client.get("/settings/").status_code == 200


@pytest.mark.django_db
def test_enrolment_page_cannot_replace_a_device_without_a_code(client, cast_admin):
    enrol(cast_admin)
    _password_login(client, cast_admin)
    assert client.get("/accounts/two-factor/setup/")["Location"].startswith("/accounts/two-factor/verify/")
    assert client.get("/accounts/two-factor/")["Location"].startswith("/accounts/two-factor/verify/")


@pytest.mark.django_db
def test_verify_ignores_an_offsite_next(client, cast_admin):
    device = enrol(cast_admin)
    _password_login(client, cast_admin)
    response = client.post(
        "/accounts/two-factor/verify/", {"code": current_code(device), "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/"


# --- the API token ---


@pytest.mark.django_db
def test_token_refused_to_cast_admin_without_otp(api, cast_admin):
    enrol(cast_admin)
    body = {"username": "cast", "password": PASSWORD}
    response = api.post("/api/v1/auth/token/", body, format="json")
    assert response.status_code == 400 and "otp" in response.json(), response.json()
    response = api.post("/api/v1/auth/token/", {**body, "otp": "000000"}, format="json")
    assert response.status_code == 400 and "otp" in response.json()


@pytest.mark.django_db
def test_token_refused_to_cast_admin_not_enrolled(api, cast_admin):
    response = api.post(
        "/api/v1/auth/token/", {"username": "cast", "password": PASSWORD, "otp": "123456"}, format="json"
    )
    assert response.status_code == 400 and "otp" in response.json()


@pytest.mark.django_db
def test_token_issued_to_cast_admin_with_valid_otp(api, cast_admin):
    device = enrol(cast_admin)
    response = api.post(
        "/api/v1/auth/token/",
        {"username": "cast", "password": PASSWORD, "otp": current_code(device)},
        format="json",
    )
    assert response.status_code == 200, response.json()
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/users/me/").json()["username"] == "cast"


@pytest.mark.django_db
def test_token_for_member_needs_no_otp(api, member):
    response = api.post("/api/v1/auth/token/", {"username": "member1", "password": PASSWORD}, format="json")
    assert response.status_code == 200 and "token" in response.json()


@pytest.mark.django_db
def test_wrong_password_is_refused_before_otp(api, cast_admin):
    response = api.post("/api/v1/auth/token/", {"username": "cast", "password": "nope"}, format="json")
    assert response.status_code == 400 and "otp" not in response.json()


def test_qr_is_an_inline_svg():
    svg = two_factor.qr_svg("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP")
    assert svg.startswith("<svg") and "<path" in svg and "http" not in svg.replace("http://www.w3.org", "")
