"""Issue 14 finding 4: API tokens hashed at rest, expiring, new on every login, revoked by a password change,
listed and revoked by their owner (API and web); and the user's own login history."""

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import ApiToken
from accounts.signals import LOGGED_IN, LOGIN_FAILED
from core.models import AuditEntry

from ..factories import PASSWORD, token_for
from ..support.two_factor import api_otp, verify_session

pytestmark = pytest.mark.django_db


def obtain(api, username="sec_a", password=PASSWORD):
    body = {"username": username, "password": password, **api_otp(username)}  # a secretary: 2FA
    response = api.post("/api/v1/auth/token/", body, format="json")
    assert response.status_code == 200, response.content
    assert set(response.json()) == {"token"}
    return response.json()["token"]


def me(api, key):
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api.get("/api/v1/users/me/")


def test_tokens_are_hashed_and_new_on_every_login(api, secretary_a):
    first, second = obtain(api), obtain(api)
    assert first != second
    rows = ApiToken.objects.filter(user=secretary_a)
    assert rows.count() == 2
    for key in (first, second):
        row = rows.get(prefix=key[:8])
        assert row.key_hash == hashlib.sha256(key.encode()).hexdigest()
        assert key not in (row.key_hash, row.prefix)
        assert row.expires - row.created == timedelta(days=30)
    assert me(api, first).json()["username"] == "sec_a"
    assert me(api, second).status_code == 200
    assert ApiToken.objects.get(prefix=first[:8]).last_used is not None
    entry = AuditEntry.objects.filter(action=LOGGED_IN).order_by("-id").first()
    assert entry.actor == secretary_a and entry.data["channel"] == "api" and entry.data["ip"] == "127.0.0.1"


def test_an_expired_token_is_refused(api, secretary_a):
    key = obtain(api)
    ApiToken.objects.filter(user=secretary_a).update(expires=timezone.now() - timedelta(seconds=1))
    response = me(api, key)
    assert response.status_code == 401


def test_an_unknown_key_and_a_deactivated_user_are_refused(api, secretary_a):
    assert me(api, "not-a-token").status_code == 401
    key = obtain(api)
    secretary_a.is_active = False
    secretary_a.save(update_fields=["is_active"])
    assert me(api, key).status_code == 401


def test_a_password_change_revokes_every_token(api, login, secretary_a):
    keys = [obtain(api), obtain(api)]
    login(secretary_a).post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": "Neu-Passwort-1", "new_password2": "Neu-Passwort-1"},
    )
    for key in keys:
        assert me(api, key).status_code == 401
    assert not ApiToken.objects.filter(user=secretary_a, revoked_at__isnull=True).exists()
    assert AuditEntry.objects.filter(
        action="accounts.token.revoked_all", object_id=str(secretary_a.pk)
    ).exists()
    assert me(api, obtain(api, password="Neu-Passwort-1")).status_code == 200


def test_owner_lists_and_revokes_their_tokens(api, secretary_a, secretary_b):
    other = token_for(secretary_b)
    keys = [obtain(api), obtain(api)]
    api.credentials(HTTP_AUTHORIZATION=f"Token {keys[1]}")
    listed = api.get("/api/v1/auth/tokens/").json()
    assert [row["prefix"] for row in listed] == [keys[1][:8], keys[0][:8]]  # only their own, newest first
    assert [row["current"] for row in listed] == [True, False]
    assert all("key" not in row and "key_hash" not in row for row in listed)

    first = ApiToken.objects.get(prefix=keys[0][:8])
    assert api.delete(f"/api/v1/auth/tokens/{first.pk}/").status_code == 204
    assert me(api, keys[0]).status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {keys[1]}")
    assert api.delete(f"/api/v1/auth/tokens/{first.pk}/").status_code == 400  # already revoked

    theirs = ApiToken.objects.get(user=secretary_b)
    assert api.delete(f"/api/v1/auth/tokens/{theirs.pk}/").status_code == 404  # another's does not exist
    assert me(api, other).status_code == 200

    api.credentials(HTTP_AUTHORIZATION=f"Token {keys[1]}")
    assert api.delete("/api/v1/auth/tokens/").json() == {"revoked": 1}
    assert me(api, keys[1]).status_code == 401
    assert me(api, other).status_code == 200  # secretary B's token lives on


def test_token_pages_on_the_web(login, secretary_a, secretary_b):
    token_for(secretary_a)
    mine = ApiToken.objects.get(user=secretary_a)
    token_for(secretary_b)
    theirs = ApiToken.objects.get(user=secretary_b)
    client = login(secretary_a)
    page = client.get("/accounts/tokens/").content.decode()
    assert mine.prefix in page and theirs.prefix not in page
    assert client.get(f"/accounts/tokens/{theirs.pk}/revoke/").status_code == 404
    assert client.post(f"/accounts/tokens/{theirs.pk}/revoke/").status_code == 404
    assert client.get(f"/accounts/tokens/{mine.pk}/revoke/").status_code == 200
    assert ApiToken.objects.get(pk=mine.pk).revoked_at is None  # GET only asks
    assert client.post(f"/accounts/tokens/{mine.pk}/revoke/").status_code == 302
    assert ApiToken.objects.get(pk=mine.pk).revoked_at is not None
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None
    assert "已撤销" in client.get("/accounts/tokens/").content.decode()


def test_login_history_shows_own_logins_and_failures(client, login, secretary_a, secretary_b):
    client.post(
        "/accounts/login/", {"username": "sec_a", "password": "wrong-Password-1"}, REMOTE_ADDR="10.9.8.7"
    )
    client.post(
        "/accounts/login/", {"username": "sec_b", "password": "wrong-Password-1"}, REMOTE_ADDR="10.6.6.6"
    )
    client.post("/accounts/login/", {"username": "sec_a", "password": PASSWORD}, REMOTE_ADDR="10.9.8.7")
    failed = AuditEntry.objects.get(action=LOGIN_FAILED, object_id=str(secretary_a.pk))
    assert failed.data == {"ip": "10.9.8.7", "channel": "web", "username": "sec_a", "locked_out": False}
    assert failed.actor is None
    verify_session(client, secretary_a)  # a secretary: the second factor, then the page
    page = client.get("/accounts/logins/").content.decode()
    assert page.count("10.9.8.7") == 2 and "10.6.6.6" not in page
    assert "登录成功" in page and "失败：密码错误" in page
    assert 'href="/accounts/logins/"' in page and 'href="/accounts/tokens/"' in page  # in the account menu


def test_login_history_needs_login(client):
    response = client.get("/accounts/logins/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_login_history_filters_by_result_and_channel(client, secretary_a):
    client.post(
        "/accounts/login/", {"username": "sec_a", "password": "wrong-Password-1"}, REMOTE_ADDR="10.9.8.7"
    )
    client.post("/accounts/login/", {"username": "sec_a", "password": PASSWORD}, REMOTE_ADDR="10.9.8.8")
    verify_session(client, secretary_a)

    def ips(**params):
        return [e.data["ip"] for e in client.get("/accounts/logins/", params).context["page"]]

    assert ips() == ["10.9.8.8", "10.9.8.7"]  # newest first
    assert ips(sort="at") == ["10.9.8.7", "10.9.8.8"]
    assert ips(result="ok") == ["10.9.8.8"]
    assert ips(result="failed") == ["10.9.8.7"]  # a wrong password, not a lock-out
    assert ips(result="locked") == []
    assert ips(channel="web") == ["10.9.8.8", "10.9.8.7"] and ips(channel="api") == []
