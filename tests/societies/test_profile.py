"""Society profile: credit-code validation in the workspace form and the API, own-society rule, audit."""

import pytest

from core.models import AuditEntry
from societies.models import Society

from ..factories import make_credit_code, wrong_check_digit

pytestmark = pytest.mark.django_db


def profile_post(society, **changes):
    data = {
        "name": society.name,
        "name_en": society.name_en,
        "discipline": society.discipline,
        "credit_code": society.credit_code,
        "founded_on": "",
        "business_scope": society.business_scope,
        "business_scope_text": "",
        "comment": "",
    }
    data.update(changes)
    return data


def test_form_refuses_wrong_credit_code(login, secretary_a, society_a):
    client = login(secretary_a)
    url = f"/societies/{society_a.pk}/workspace/profile/"
    before = society_a.credit_code
    response = client.post(url, profile_post(society_a, credit_code=wrong_check_digit(before)))
    assert response.status_code == 200
    assert "credit_code" in response.context["form"].errors
    society_a.refresh_from_db()
    assert society_a.credit_code == before
    assert not AuditEntry.objects.filter(action="societies.society.profile_changed").exists()


def test_form_refuses_credit_code_of_another_society(login, secretary_a, society_a, society_b):
    response = login(secretary_a).post(
        f"/societies/{society_a.pk}/workspace/profile/",
        profile_post(society_a, credit_code=society_b.credit_code),
    )
    assert "credit_code" in response.context["form"].errors


def test_form_saves_profile_and_audits(login, secretary_a, society_a):
    new_code = make_credit_code(424242)
    response = login(secretary_a).post(
        f"/societies/{society_a.pk}/workspace/profile/",
        profile_post(
            society_a, credit_code=new_code.lower(), business_scope=["150", "15010"], comment="换证"
        ),
    )
    assert response.status_code == 302
    society_a.refresh_from_db()
    assert society_a.credit_code == new_code
    assert society_a.business_scope == ["150", "15010"]
    entry = AuditEntry.objects.get(action="societies.society.profile_changed")
    assert entry.actor == secretary_a and entry.comment == "换证"
    assert entry.data["credit_code"][1] == new_code
    assert society_a.history.count() == 2  # created + this change


def test_other_secretary_cannot_open_or_post_profile(login, secretary_b, society_a):
    client = login(secretary_b)
    url = f"/societies/{society_a.pk}/workspace/profile/"
    assert client.get(url).status_code == 403
    response = client.post(url, profile_post(society_a, name="被篡改"))
    assert response.status_code == 403
    society_a.refresh_from_db()
    assert society_a.name == "中国化学会"
    assert AuditEntry.objects.filter(action="core.access.denied_change").exists()


def test_api_patch_refuses_wrong_credit_code(api, secretary_a, society_a):
    before = society_a.credit_code
    response = api.as_user(secretary_a).patch(
        f"/api/v1/societies/{society_a.pk}/", {"credit_code": wrong_check_digit(before)}, format="json"
    )
    assert response.status_code == 400
    assert "credit_code" in response.json()
    society_a.refresh_from_db()
    assert society_a.credit_code == before


def test_api_patch_by_secretary_and_cast(api, secretary_a, cast_admin, society_a):
    response = api.as_user(secretary_a).patch(
        f"/api/v1/societies/{society_a.pk}/",
        {"name_en": "CCS", "business_scope": ["150", "140"], "comment": "更新"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["name_en"] == "CCS"
    assert response.json()["business_scope"] == ["140", "150"]
    response = api.as_user(cast_admin).patch(
        f"/api/v1/societies/{society_a.pk}/", {"credit_code": make_credit_code(777)}, format="json"
    )
    assert response.status_code == 200
    assert Society.objects.get(pk=society_a.pk).credit_code == make_credit_code(777)
    assert AuditEntry.objects.filter(action="societies.society.profile_changed").count() == 2


def test_api_patch_refusals(api, secretary_b, regulator, society_a):
    url = f"/api/v1/societies/{society_a.pk}/"
    assert api.patch(url, {"name_en": "x"}, format="json").status_code == 401
    assert api.as_user(secretary_b).patch(url, {"name_en": "x"}, format="json").status_code == 403
    assert api.as_user(regulator).patch(url, {"name_en": "x"}, format="json").status_code == 403
    society_a.refresh_from_db()
    assert society_a.name_en == "Chinese Chemical Society"


def test_api_patch_never_changes_status_or_unknown_scope(api, cast_admin, society_a):
    client = api.as_user(cast_admin)
    url = f"/api/v1/societies/{society_a.pk}/"
    response = client.patch(url, {"status": "suspended"}, format="json")
    assert response.status_code == 400 and "status" in response.json()
    response = client.patch(url, {"business_scope": ["999"]}, format="json")
    assert response.status_code == 400 and "business_scope" in response.json()
    society_a.refresh_from_db()
    assert society_a.status == "active" and society_a.business_scope == ["150"]
