"""`users/`: CAST creates staff accounts and grants roles; nobody else can."""

import pytest

from core.models import AuditEntry

from ..factories import PASSWORD
from ..support.two_factor import code_for


@pytest.mark.django_db
def test_token_obtain_and_use(api, secretary_a):
    body = {"username": "sec_a", "password": PASSWORD, "otp": code_for(secretary_a)}  # a secretary: 2FA
    response = api.post("/api/v1/auth/token/", body, format="json")
    assert response.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = api.get("/api/v1/users/me/").json()
    assert me["username"] == "sec_a"
    assert me["roles"] == [
        {"role": "secretary", "society": secretary_a_society_id(secretary_a), "branch": None}
    ]


def secretary_a_society_id(user):
    from societies.models import Society

    return Society.objects.get(code="ccs").pk


@pytest.mark.django_db
def test_unauthenticated_is_401(api):
    assert api.get("/api/v1/users/").status_code == 401


@pytest.mark.django_db
def test_cast_admin_creates_secretary_with_role(api, cast_admin, society_a):
    response = api.as_user(cast_admin).post(
        "/api/v1/users/",
        {
            "username": "newsec",
            "name": "新秘书",
            "email": "n@example.org",
            "password": "Strong-Pass-8812",
            "roles": [{"role": "secretary", "society": society_a.pk}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["roles"] == [{"role": "secretary", "society": society_a.pk, "branch": None}]
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="newsec")
    assert user.has_perm("societies.manage_society", society_a)
    assert AuditEntry.objects.filter(action="accounts.user.role_granted", object_id=str(user.pk)).exists()


@pytest.mark.django_db
def test_role_without_its_society_is_refused_and_no_user_is_left(api, cast_admin):
    response = api.as_user(cast_admin).post(
        "/api/v1/users/",
        {"username": "half", "password": "Strong-Pass-8812", "roles": [{"role": "secretary"}]},
        format="json",
    )
    assert response.status_code == 400
    assert "roles" in response.json()
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="half").exists()


@pytest.mark.django_db
def test_weak_password_is_refused_by_validators(api, cast_admin):
    response = api.as_user(cast_admin).post(
        "/api/v1/users/", {"username": "weak", "password": "12345678"}, format="json"
    )
    assert response.status_code == 400
    assert "password" in response.json()


@pytest.mark.django_db
def test_secretary_cannot_create_or_list_others(api, secretary_a, secretary_b):
    client = api.as_user(secretary_a)
    assert client.post("/api/v1/users/", {"username": "x", "password": "Strong-Pass-8812"}).status_code == 403
    listed = client.get("/api/v1/users/").json()
    assert [u["username"] for u in listed["results"]] == ["sec_a"]
    assert client.get(f"/api/v1/users/{secretary_b.pk}/").status_code == 404


@pytest.mark.django_db
def test_deactivate_then_again_is_409(api, cast_admin, secretary_a):
    client = api.as_user(cast_admin)
    first = client.post(f"/api/v1/users/{secretary_a.pk}/deactivate/", {"comment": "离职"}, format="json")
    assert first.status_code == 200 and first.json()["is_active"] is False
    second = client.post(f"/api/v1/users/{secretary_a.pk}/deactivate/", {}, format="json")
    assert second.status_code == 409
    assert set(second.json()) == {"detail", "status"}


@pytest.mark.django_db
def test_pagination_shape_and_max_page_size(api, cast_admin):
    from ..factories import UserFactory

    UserFactory.create_batch(5)
    body = api.as_user(cast_admin).get("/api/v1/users/?page_size=500").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 6


@pytest.mark.django_db
def test_revoking_a_role_not_held_is_refused(api, cast_admin, secretary_a, society_b):
    response = api.as_user(cast_admin).post(
        f"/api/v1/users/{secretary_a.pk}/revoke_role/",
        {"role": "secretary", "society": society_b.pk},
        format="json",
    )
    assert response.status_code == 400 and "roles" in response.json()
    assert not AuditEntry.objects.filter(action="accounts.user.role_revoked").exists()
