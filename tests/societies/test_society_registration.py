"""`POST societies/`: CAST registers a society; every bad field is a 400 naming it; the write is audited."""

import pytest

from core.models import AuditEntry
from societies.models import Society

from ..factories import make_credit_code, society_registration_data, wrong_check_digit

URL = "/api/v1/societies/"


@pytest.mark.django_db
def test_cast_registers_a_society_audited(api, cast_admin):
    response = api.as_user(cast_admin).post(URL, society_registration_data(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["code"] == "cms" and body["status"] == "active"
    assert body["business_scope"] == ["110", "11014"]
    society = Society.objects.get(pk=body["id"])
    entry = AuditEntry.objects.get(action="societies.society.registered", object_id=str(society.pk))
    assert entry.actor == cast_admin and entry.data["credit_code"] == society.credit_code
    assert society.history.count() == 1
    # it is in the public directory at once
    assert api.get(f"{URL}?search=数学").json()["count"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["secretary_a", "regulator", "member", "reviewer_a"])
def test_only_cast_registers(api, persona, request):
    user = request.getfixturevalue(persona)
    response = api.as_user(user).post(URL, society_registration_data(), format="json")
    assert response.status_code == 403
    assert not Society.objects.filter(code="cms").exists()
    assert AuditEntry.objects.filter(action="core.access.denied_api", actor=user).exists()


@pytest.mark.django_db
def test_anonymous_gets_401(api):
    assert api.post(URL, society_registration_data(), format="json").status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"credit_code": wrong_check_digit(make_credit_code(90001))}, "credit_code"),  # check character
        ({"credit_code": "ABC"}, "credit_code"),
        ({"credit_code": "51100000000000001O"}, "credit_code"),  # O is not in the alphabet
        ({"business_scope": ["999"]}, "business_scope"),
        ({"business_scope": []}, "business_scope"),
        ({"code": "CMS!"}, "code"),
        ({"code": ""}, "code"),
        ({"name": "   "}, "name"),
        ({"discipline": "alchemy"}, "discipline"),
        ({"founded_on": "2999-01-01"}, "founded_on"),
        ({"name": "数\x00学会"}, "name"),
    ],
)
def test_bad_field_is_a_400_naming_it(api, cast_admin, overrides, field):
    response = api.as_user(cast_admin).post(URL, society_registration_data(**overrides), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert not Society.objects.filter(name="中国数学会").exists()


@pytest.mark.django_db
def test_duplicates_are_refused_on_their_field(api, cast_admin, society_a):
    client = api.as_user(cast_admin)
    for overrides, field in [
        ({"credit_code": society_a.credit_code}, "credit_code"),
        ({"credit_code": society_a.credit_code.lower()}, "credit_code"),
        ({"code": society_a.code}, "code"),
        ({"code": society_a.code.upper()}, "code"),
        ({"name": society_a.name}, "name"),
    ]:
        response = client.post(URL, society_registration_data(**overrides), format="json")
        assert response.status_code == 400, (overrides, response.content)
        assert field in response.json(), (overrides, response.json())
    # several faults at once are all reported
    response = client.post(
        URL,
        society_registration_data(code=society_a.code, name=society_a.name, credit_code="x"),
        format="json",
    )
    assert {"code", "name", "credit_code"} <= set(response.json())
    assert Society.objects.count() == 1


@pytest.mark.django_db
def test_odd_bodies_are_400_not_500(api, cast_admin):
    client = api.as_user(cast_admin)
    for body in ([], "text", None, {"business_scope": "110"}, {"business_scope": [{"a": 1}]}):
        response = client.post(URL, body, format="json")
        assert response.status_code == 400, (body, response.content)
