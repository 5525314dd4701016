"""Web pages: login in Chinese, one dashboard per role, CAST-only pages refused to others."""

import pytest
from django.core import mail

from core.roles import Role

PERSONAS = [
    ("cast_admin", "dashboard-cast", "科协管理员"),
    ("regulator", "dashboard-cast", "民政部联络员"),
    ("secretary_a", "dashboard-society", "学会秘书处"),
    ("reviewer_a", "dashboard-society", "理事会党委审议人"),
    ("branch_officer_x", "dashboard-branch", "分支机构负责人"),
    ("member", "dashboard-member", "会员"),
]


@pytest.mark.django_db
def test_login_page_is_chinese_by_default(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "登录" in html and 'lang="zh-hans"' in html
    assert "/static/vendor/bootstrap.min.css" in html and "cdn" not in html.lower()


@pytest.mark.django_db
def test_english_is_switchable(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    html = client.get("/accounts/login/").content.decode()
    assert "Log in" in html and 'lang="en"' in html


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("persona,section,role_label", PERSONAS)
def test_each_role_reaches_its_dashboard(request, login, persona, section, role_label):
    user = request.getfixturevalue(persona)
    html = login(user).get("/").content.decode()
    assert f'id="{section}"' in html
    assert role_label in html


@pytest.mark.django_db
def test_dashboard_shows_society_of_secretary_only(login, secretary_a, society_b):
    html = login(secretary_a).get("/").content.decode()
    assert "中国化学会" in html and "中国物理学会" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["secretary_a", "regulator", "member"])
def test_user_admin_pages_refused_to_non_admins(request, login, persona):
    client = login(request.getfixturevalue(persona))
    assert client.get("/accounts/users/").status_code == 403
    assert client.post("/accounts/users/new/", {"username": "x"}).status_code == 403


@pytest.mark.django_db
def test_cast_admin_creates_account_and_grants_role_in_browser_forms(login, cast_admin, society_a):
    client = login(cast_admin)
    response = client.post(
        "/accounts/users/new/",
        {"username": "staff2", "name": "员工", "email": "s@x.org", "password": "Another-Strong-991"},
    )
    assert response.status_code == 302
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.get(username="staff2")
    response = client.post(
        f"/accounts/users/{staff.pk}/", {"role": Role.SECRETARY, "society": society_a.pk, "op": "grant"}
    )
    assert response.status_code == 302
    assert staff.has_perm("societies.manage_society", society_a)
    # A society role without its society is refused next to the society field (issue 16: field errors).
    response = client.post(f"/accounts/users/{staff.pk}/", {"role": Role.PARTY_REVIEWER, "op": "grant"})
    assert response.status_code == 200
    assert response.context["form"].errors["society"] == ["请选择该角色所属的学会。"]


@pytest.mark.django_db
def test_status_change_has_confirmation_page(login, cast_admin, society_a):
    client = login(cast_admin)
    page = client.get(f"/societies/{society_a.pk}/status/suspend/")
    assert page.status_code == 200 and "comment" in page.content.decode()
    society_a.refresh_from_db()
    assert society_a.status == "active"  # GET changes nothing
    client.post(f"/societies/{society_a.pk}/status/suspend/", {"comment": "停业整顿"})
    society_a.refresh_from_db()
    assert society_a.status == "suspended"
    html = client.get(f"/societies/{society_a.pk}/").content.decode()
    assert "停业整顿" in html


@pytest.mark.django_db
def test_password_reset_sends_mail(client, secretary_a):
    client.post("/accounts/password/reset/", {"email": secretary_a.email})
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


@pytest.mark.django_db
def test_password_change_applies_validators(login, secretary_a):
    from .factories import PASSWORD

    client = login(secretary_a)
    weak = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert weak.status_code == 200  # refused, form shown again with the validator's message
    strong = client.post(
        "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Kexie-Strong-2027",
            "new_password2": "Kexie-Strong-2027",
        },
    )
    assert strong.status_code == 302
    secretary_a.refresh_from_db()
    assert secretary_a.check_password("Kexie-Strong-2027")
