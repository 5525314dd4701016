"""Password policy (length, three classes, none of the last five, expiry) and session limits (30 minutes
idle, 12 hours since login)."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from accounts import services
from accounts.middleware import LOGIN_AT
from accounts.models import PasswordHistory
from core.errors import DomainError
from core.models import AuditEntry

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW = [f"Neu-Passwort-{i}" for i in range(1, 7)]


def test_demo_and_test_passwords_satisfy_the_policy(member):
    validate_password(settings.DEMO_PASSWORD)
    validate_password(PASSWORD)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab-1cd", "10"),  # fewer than 10 characters
        ("onlylowercase1", "至少包含小写字母、大写字母、数字和符号中的 3 类字符"),  # two classes
        ("ONLYUPPER-CASE", "3 类字符"),
    ],
)
def test_weak_passwords_are_refused_with_a_translated_message(member, password, message):
    with pytest.raises(DomainError) as exc:
        services.change_password(user=member, old_password=PASSWORD, new_password=password)
    assert message in str(exc.value.message)
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_none_of_the_last_five_passwords_again(member):
    previous = PASSWORD
    for new in NEW[:5]:
        services.change_password(user=member, old_password=previous, new_password=new)
        previous = new
    assert PasswordHistory.objects.filter(user=member).count() == 5  # only the last five are kept
    for reused in NEW[:5]:
        with pytest.raises(DomainError) as exc:
            services.change_password(user=member, old_password=previous, new_password=reused)
        assert "最近使用过" in str(exc.value.message)
    # PASSWORD is now six passwords back: allowed again.
    services.change_password(user=member, old_password=previous, new_password=PASSWORD)
    assert (
        AuditEntry.objects.filter(action="accounts.user.password_changed", object_id=str(member.pk)).count()
        == 6
    )


def test_the_web_password_change_form_refuses_the_current_password(login, member):
    client = login(member)
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response.status_code == 200 and "最近使用过" in response.content.decode()
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": NEW[0], "new_password2": NEW[0]},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW[0])
    assert PasswordHistory.objects.filter(user=member).count() == 2


def test_only_cast_sets_another_users_password(cast_admin, secretary_a, member):
    with pytest.raises(PermissionDenied):
        services.set_password(actor=secretary_a, user=member, password=NEW[0])
    services.set_password(actor=cast_admin, user=member, password=NEW[0])
    member.refresh_from_db()
    assert member.check_password(NEW[0])


@override_settings(PASSWORD_MAX_AGE_DAYS=90)
def test_an_expired_password_sends_its_user_to_change_it(login, member):
    PasswordHistory.objects.filter(user=member).update(created=timezone.now() - timedelta(days=91))
    client = login(member)
    response = client.get("/members/")
    assert response.status_code == 302 and response.url == "/accounts/password/change/"
    assert client.get("/accounts/password/change/").status_code == 200
    client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": NEW[0], "new_password2": NEW[0]},
    )
    assert client.get("/").status_code == 200  # changed: free again


@override_settings(PASSWORD_MAX_AGE_DAYS=0)
def test_expiry_can_be_switched_off(login, member):
    PasswordHistory.objects.filter(user=member).update(created=timezone.now() - timedelta(days=3650))
    assert login(member).get("/").status_code == 200


def test_session_settings():
    assert settings.SESSION_COOKIE_AGE == 1800 and settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_ABSOLUTE_AGE == 12 * 3600


def test_an_idle_session_expires(login, member):
    client = login(member)
    assert client.get("/").status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    assert session.expire_date - timezone.now() <= timedelta(seconds=1800)
    # A request pushes the expiry on ...
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + timedelta(minutes=5))
    assert client.get("/").status_code == 200
    assert Session.objects.get(pk=session.pk).expire_date > timezone.now() + timedelta(minutes=29)
    # ... and 30 minutes without one end the session.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_a_session_ends_twelve_hours_after_login_however_busy(login, member):
    client = login(member)
    assert client.get("/").status_code == 200
    session = client.session
    session[LOGIN_AT] = time.time() - 12 * 3600 + 60
    session.save()
    assert client.get("/").status_code == 200  # 11 h 59 min: still in
    session = client.session
    session[LOGIN_AT] = time.time() - 12 * 3600 - 1
    session.save()
    response = client.get("/members/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/?next=/members/")
    page = client.get(response.url).content.decode()
    assert "会话已满 12 小时" in page
    assert client.get("/").status_code == 302  # logged out, not just redirected once


def test_a_session_without_login_time_is_ended(login, member):
    client = login(member)
    session = client.session
    del session[LOGIN_AT]
    session.save()
    assert client.get("/").status_code == 302


def test_validate_password_without_user_checks_classes():
    with pytest.raises(ValidationError):
        validate_password("abcdefghijk1")
