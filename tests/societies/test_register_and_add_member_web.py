"""Web: CAST registers a society (then is led to its secretary's account); a secretary adds a member
directly — a person the society knows, or a new one — all or nothing, refused across societies."""

import pytest

from members.models import Membership, Person
from societies.models import Society

from ..factories import (
    MembershipFactory,
    PersonFactory,
    society_registration_data,
    valid_mainland_id,
    wrong_check_digit,
)


@pytest.mark.django_db
def test_cast_registers_a_society_and_is_led_to_its_secretary(login, cast_admin):
    client = login(cast_admin)
    page = client.get("/societies/register/")
    assert page.status_code == 200
    html = page.content.decode()
    # the discipline-code picker (static JS over the shipped GB/T 13745 table) offers names, not numbers
    assert "data-discipline-picker" in html and "core/gbt13745.json" in html and "统一社会信用代码" in html
    response = client.post("/societies/register/", society_registration_data(), follow=True)
    society = Society.objects.get(code="cms")
    assert response.redirect_chain[-1][0] == f"/societies/{society.pk}/"
    html = response.content.decode()
    assert f"/accounts/users/new/?society={society.pk}" in html
    created = client.post(
        f"/accounts/users/new/?society={society.pk}", {"username": "cms_sec", "name": "数学会秘书"}
    )
    assert created.status_code == 302 and "role=secretary" in created["Location"]
    detail = client.get(created["Location"]).content.decode()
    assert f'<option value="{society.pk}" selected' in detail


@pytest.mark.django_db
def test_bad_credit_code_is_shown_on_its_field(login, cast_admin, society_a):
    client = login(cast_admin)
    response = client.post(
        "/societies/register/",
        society_registration_data(credit_code=society_a.credit_code, code=society_a.code),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "credit_code" in form.errors and "code" in form.errors
    assert Society.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["secretary_a", "regulator", "member"])
def test_only_cast_reaches_the_registration_page(login, persona, request):
    client = login(request.getfixturevalue(persona))
    assert client.get("/societies/register/").status_code == 403
    assert client.post("/societies/register/", society_registration_data()).status_code == 403
    assert not Society.objects.filter(code="cms").exists()


def new_person(**overrides):
    data = {
        "name": "赵纸质",
        "id_type": "mainland_id",
        "id_number": valid_mainland_id(),
        "region": "mainland",
        "employer": "天津大学",
        "tier": "ordinary",
        "category": "individual",
        "joined_on": "2019-09-01",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_secretary_adds_a_new_person_as_member(login, secretary_a, society_a):
    client = login(secretary_a)
    page = client.get(f"/societies/{society_a.pk}/members/")
    assert f"/societies/{society_a.pk}/members/new/" in page.content.decode()
    assert client.get(f"/societies/{society_a.pk}/members/new/").status_code == 200
    response = client.post(f"/societies/{society_a.pk}/members/new/", new_person())
    assert response.status_code == 302, response.context["form"].errors
    membership = Membership.objects.get(society=society_a)
    assert membership.person.name == "赵纸质" and membership.status == "active"
    assert membership.joined_on.isoformat() == "2019-09-01"
    assert membership.person.registered_by_society == society_a


@pytest.mark.django_db
def test_secretary_adds_a_known_person(login, secretary_a, society_a):
    lapsed = MembershipFactory(society=society_a, status="lapsed").person
    client = login(secretary_a)
    response = client.post(
        f"/societies/{society_a.pk}/members/new/",
        {"person": lapsed.pk, "tier": "senior", "category": "individual"},
    )
    assert response.status_code == 302
    assert Membership.objects.get(society=society_a, status="active").person == lapsed
    # a second time: the person is an active member now and cannot be picked again (R-MEM-01)
    again = client.post(
        f"/societies/{society_a.pk}/members/new/",
        {"person": lapsed.pk, "tier": "senior", "category": "individual"},
    )
    assert again.status_code == 200 and "person" in again.context["form"].errors
    assert Membership.objects.filter(society=society_a, status="active").count() == 1


@pytest.mark.django_db
def test_another_societys_member_cannot_be_picked(login, secretary_a, society_a, society_b):
    theirs = MembershipFactory(society=society_b).person
    client = login(secretary_a)
    response = client.post(
        f"/societies/{society_a.pk}/members/new/",
        {"person": theirs.pk, "tier": "ordinary", "category": "individual"},
    )
    assert response.status_code == 200 and "person" in response.context["form"].errors
    assert not Membership.objects.filter(society=society_a).exists()


@pytest.mark.django_db
def test_bad_id_number_writes_nothing(login, secretary_a, society_a):
    client = login(secretary_a)
    response = client.post(
        f"/societies/{society_a.pk}/members/new/",
        new_person(id_number=wrong_check_digit(valid_mainland_id())),
    )
    assert response.status_code == 200 and "id_number" in response.context["form"].errors
    assert not Person.objects.exists() and not Membership.objects.exists()


@pytest.mark.django_db
def test_duplicate_id_keeps_the_form_and_writes_nothing(login, secretary_a, society_a):
    number = valid_mainland_id()
    PersonFactory(id_number=number)
    client = login(secretary_a)
    response = client.post(f"/societies/{society_a.pk}/members/new/", new_person(id_number=number))
    assert response.status_code == 200 and "id_number" in response.context["form"].errors
    assert Person.objects.count() == 1 and not Membership.objects.exists()


@pytest.mark.django_db
def test_other_secretary_is_refused(login, secretary_b, society_a):
    client = login(secretary_b)
    assert client.get(f"/societies/{society_a.pk}/members/new/").status_code in (403, 404)
    assert client.post(f"/societies/{society_a.pk}/members/new/", new_person()).status_code in (403, 404)
    assert not Person.objects.exists()
