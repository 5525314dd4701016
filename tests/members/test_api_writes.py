"""`POST people/` (CAST and secretaries) and `POST memberships/` (the society's secretaries and CAST):
checked identity numbers, R-MEM-01 on the second active membership, never a way into another society's
people, and every write audited."""

import pytest

from core.models import AuditEntry
from members.models import Membership, Person

from ..factories import MembershipFactory, PersonFactory, valid_mainland_id, wrong_check_digit


def person_body(**overrides):
    body = {
        "name": "王直录",
        "gender": "female",
        "birth_date": "1985-03-12",
        "id_type": "mainland_id",
        "id_number": valid_mainland_id(),
        "region": "mainland",
        "employer": "南开大学",
        "sector": "university",
        "email": "wang@example.cn",
    }
    body.update(overrides)
    return body


@pytest.mark.django_db
def test_cast_creates_a_person(api, cast_admin):
    response = api.as_user(cast_admin).post("/api/v1/people/", person_body(), format="json")
    assert response.status_code == 201, response.json()
    person = Person.objects.get(pk=response.json()["id"])
    assert person.registered_by_society is None
    assert response.json()["id_number_masked"].endswith(person.id_number[-4:])
    assert AuditEntry.objects.filter(action="members.person.created", object_id=str(person.pk)).exists()


@pytest.mark.django_db
def test_secretary_creates_a_person_for_their_society_and_keeps_seeing_it(api, secretary_a, society_a):
    client = api.as_user(secretary_a)
    missing = client.post("/api/v1/people/", person_body(), format="json")
    assert missing.status_code == 400 and "society" in missing.json()
    response = client.post("/api/v1/people/", person_body(society=society_a.pk), format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert client.get(f"/api/v1/people/{pk}/").status_code == 200


@pytest.mark.django_db
def test_secretary_cannot_register_for_another_society(api, secretary_a, secretary_b, society_b):
    response = api.as_user(secretary_a).post(
        "/api/v1/people/", person_body(society=society_b.pk), format="json"
    )
    assert response.status_code == 403
    assert not Person.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["member", "regulator", "reviewer_a", "branch_officer_x"])
def test_others_may_not_create_people(api, persona, request, society_a):
    user = request.getfixturevalue(persona)
    response = api.as_user(user).post("/api/v1/people/", person_body(society=society_a.pk), format="json")
    assert response.status_code == 403
    assert not Person.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"id_number": wrong_check_digit(valid_mainland_id())}, "id_number"),
        ({"id_number": "11010819851312001X"}, "id_number"),  # month 13
        ({"id_type": "hmt_permit", "id_number": "12"}, "id_number"),
        ({"id_type": "passport", "id_number": "a b"}, "id_number"),
        ({"id_type": "driving_licence"}, "id_type"),
        ({"region": "atlantis"}, "region"),
        ({"name": ""}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"birth_date": "2999-01-01"}, "birth_date"),
        ({"email": "not-an-email"}, "email"),
        ({"disciplines": ["abc"]}, "disciplines"),
    ],
)
def test_bad_person_fields_are_400_naming_them(api, cast_admin, overrides, field):
    response = api.as_user(cast_admin).post("/api/v1/people/", person_body(**overrides), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_duplicate_id_number_is_refused(api, cast_admin):
    number = valid_mainland_id()
    PersonFactory(id_number=number)
    response = api.as_user(cast_admin).post("/api/v1/people/", person_body(id_number=number), format="json")
    assert response.status_code == 400 and "id_number" in response.json()


# --- memberships/ ---


@pytest.mark.django_db
def test_secretary_records_a_membership_then_r_mem_01(api, secretary_a, society_a):
    client = api.as_user(secretary_a)
    person = client.post("/api/v1/people/", person_body(society=society_a.pk), format="json").json()
    body = {"society": society_a.pk, "person": person["id"], "tier": "senior", "joined_on": "2020-05-01"}
    first = client.post("/api/v1/memberships/", body, format="json")
    assert first.status_code == 201, first.json()
    data = first.json()
    assert data["status"] == "active" and data["tier"] == "senior" and data["number"].startswith("CCS-")
    assert data["joined_on"] == "2020-05-01" and data["valid_until"] == "2021-05-01"
    entry = AuditEntry.objects.get(action="members.membership.created", object_id=str(data["id"]))
    assert entry.actor == secretary_a

    second = client.post("/api/v1/memberships/", body, format="json")
    assert second.status_code == 400
    assert second.json()["rule"] == "R-MEM-01" and "person" in second.json()
    assert Membership.objects.filter(person_id=person["id"]).count() == 1


@pytest.mark.django_db
def test_cast_records_a_membership_in_any_society(api, cast_admin, society_b):
    person = PersonFactory()
    response = api.as_user(cast_admin).post(
        "/api/v1/memberships/", {"society": society_b.pk, "person": person.pk}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["society"] == society_b.pk


@pytest.mark.django_db
def test_secretary_cannot_pull_in_another_societys_member(api, secretary_a, society_a, society_b):
    """A person known only to society B does not exist for A's secretary: same 400 as an unknown id."""
    theirs = MembershipFactory(society=society_b).person
    client = api.as_user(secretary_a)
    hidden = client.post(
        "/api/v1/memberships/", {"society": society_a.pk, "person": theirs.pk}, format="json"
    )
    unknown = client.post("/api/v1/memberships/", {"society": society_a.pk, "person": 999999}, format="json")
    assert hidden.status_code == unknown.status_code == 400
    assert "person" in hidden.json()
    assert hidden.json()["person"][0].replace(str(theirs.pk), "N") == unknown.json()["person"][0].replace(
        "999999", "N"
    )
    assert not Membership.objects.filter(society=society_a).exists()
    assert client.get(f"/api/v1/people/{theirs.pk}/").status_code == 404


@pytest.mark.django_db
def test_secretary_cannot_record_in_another_society(api, secretary_a, society_b):
    person = MembershipFactory(society=society_b).person
    response = api.as_user(secretary_a).post(
        "/api/v1/memberships/", {"society": society_b.pk, "person": person.pk}, format="json"
    )
    assert response.status_code in (400, 403)
    assert Membership.objects.filter(society=society_b).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["member", "regulator", "reviewer_a"])
def test_others_may_not_record_memberships(api, persona, request, society_a, cast_admin):
    person = PersonFactory()
    user = request.getfixturevalue(persona)
    response = api.as_user(user).post(
        "/api/v1/memberships/", {"society": society_a.pk, "person": person.pk}, format="json"
    )
    assert response.status_code in (400, 403)
    assert not Membership.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"tier": "emperor"}, "tier"),
        ({"category": "robot"}, "category"),
        ({"joined_on": "2999-01-01"}, "joined_on"),
        ({"joined_on": "2020-01-01", "valid_until": "2019-01-01"}, "valid_until"),
        ({"person": "²"}, "person"),
        ({"society": None}, "society"),
    ],
)
def test_bad_membership_fields(api, cast_admin, society_a, overrides, field):
    person = PersonFactory()
    body = {"society": society_a.pk, "person": person.pk, **overrides}
    response = api.as_user(cast_admin).post("/api/v1/memberships/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert not Membership.objects.exists()
