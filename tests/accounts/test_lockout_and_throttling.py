"""Issue 14 finding 3: five failed logins lock the username+IP for 15 minutes — web, token and password
reset — and the API is throttled. The sixth attempt is refused even with the right password."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings

from accounts.models import ApiToken
from accounts.signals import LOGIN_FAILED
from core.models import AuditEntry

from ..factories import PASSWORD
from ..support.two_factor import api_otp

pytestmark = pytest.mark.django_db


def web_login(client, username, password, ip="10.0.0.1"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip, follow=False
    )


def token_login(api, username, password, ip="10.0.0.1"):
    return api.post(
        "/api/v1/auth/token/",
        {"username": username, "password": password, **api_otp(username)},  # the code, for 2FA roles
        format="json",
        REMOTE_ADDR=ip,
    )


def test_sixth_web_login_is_refused_even_with_the_right_password(client, secretary_a):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        response = web_login(client, "sec_a", "wrong-Password-1")
        assert response.status_code == 200  # the form again, with its error
    assert web_login(client, "sec_a", "wrong-Password-1").status_code == 429  # the fifth locks
    response = web_login(client, "sec_a", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "登录已被锁定" in page and "15" in page  # translated, says for how long
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302  # still anonymous
    refused = AuditEntry.objects.filter(action=LOGIN_FAILED, object_id=str(secretary_a.pk))
    assert refused.count() == 6
    assert refused.order_by("-id").first().data == {
        "ip": "10.0.0.1",
        "channel": "web",
        "username": "sec_a",
        "locked_out": True,
    }


def test_lockout_is_per_username_and_ip(client, secretary_a, secretary_b):
    for _ in range(5):
        web_login(client, "sec_a", "wrong-Password-1", ip="10.0.0.1")
    assert web_login(client, "sec_a", PASSWORD, ip="10.0.0.1").status_code == 429
    # Another user from the same address, and the same user from another address, are not locked.
    assert web_login(client, "sec_b", PASSWORD, ip="10.0.0.1").status_code == 302
    client.post("/accounts/logout/")
    assert web_login(client, "sec_a", PASSWORD, ip="10.0.0.2").status_code == 302


def test_a_success_resets_the_count(client, secretary_a):
    for _ in range(4):
        web_login(client, "sec_a", "wrong-Password-1")
    assert web_login(client, "sec_a", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(4):
        web_login(client, "sec_a", "wrong-Password-1")
    assert web_login(client, "sec_a", PASSWORD).status_code == 302


def test_sixth_token_request_is_refused_even_with_the_right_password(api, secretary_a):
    for _ in range(4):
        response = token_login(api, "sec_a", "wrong-Password-1")
        assert response.status_code == 400
        assert "non_field_errors" in response.json()
    assert token_login(api, "sec_a", "wrong-Password-1").status_code == 429
    response = token_login(api, "sec_a", PASSWORD)
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "locked_out" and "锁定" in body["detail"]
    assert "token" not in body
    assert not ApiToken.objects.filter(user=secretary_a).exists()
    last = AuditEntry.objects.filter(action=LOGIN_FAILED).order_by("-id").first()
    assert last.data["channel"] == "api" and last.data["locked_out"] is True


def test_web_and_token_failures_count_together(client, api, secretary_a):
    for _ in range(3):
        web_login(client, "sec_a", "wrong-Password-1")
    for _ in range(2):
        token_login(api, "sec_a", "wrong-Password-1")
    assert token_login(api, "sec_a", PASSWORD).status_code == 429
    assert web_login(client, "sec_a", PASSWORD).status_code == 429


def test_password_reset_requests_are_rate_limited(client, secretary_a):
    for _ in range(4):
        response = client.post(
            "/accounts/password/reset/", {"email": secretary_a.email}, REMOTE_ADDR="10.0.0.9"
        )
        assert response.status_code == 302
    assert len(mail.outbox) == 4
    for _ in range(2):
        response = client.post(
            "/accounts/password/reset/", {"email": secretary_a.email}, REMOTE_ADDR="10.0.0.9"
        )
        assert response.status_code == 429
        assert "锁定" in response.content.decode()
    assert len(mail.outbox) == 4  # the locked requests sent nothing more
    # Logging in is a different key: the reset limit does not lock the account's login.
    assert web_login(client, "sec_a", PASSWORD, ip="10.0.0.9").status_code == 302


def _rates(**rates):
    return {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates},
    }


def test_the_api_is_throttled(api, member):
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] == {
        "anon": "60/min",
        "user": "1200/min",
        "auth_token": "10/min",
    }
    with override_settings(REST_FRAMEWORK=_rates(anon="2/min", user="3/min")):
        assert [api.get("/api/v1/societies/").status_code for _ in range(3)] == [200, 200, 429]
        client = api.as_user(member)
        codes = [client.get("/api/v1/users/me/").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        body = client.get("/api/v1/users/me/").json()
        assert "detail" in body


def test_token_endpoint_has_its_own_stricter_rate(api, secretary_a):
    with override_settings(REST_FRAMEWORK=_rates(auth_token="2/min")):
        codes = [token_login(api, "sec_a", PASSWORD, ip="10.1.1.1").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_a_forged_forwarded_for_header_does_not_reset_the_count(api):
    with override_settings(REST_FRAMEWORK=_rates(anon="2/min")):
        codes = [
            api.get("/api/v1/societies/", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code for i in range(3)
        ]
    assert codes == [200, 200, 429]
