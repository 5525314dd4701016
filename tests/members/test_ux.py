"""The person picker (search-as-you-type, scoped through core.access), masked ID numbers, readable
status histories, confirmation pages naming the target status, paginated long lists."""

from datetime import date

import pytest

from members import services
from members.models import CreditRecord
from members.picker import SEARCH_LIMIT, mask_id_number
from members.tables import LookupTable

from ..factories import ApplicationFactory, MembershipFactory, PersonFactory, valid_mainland_id

pytestmark = pytest.mark.django_db

SEARCH = "/members/people/search/"


def _found(response) -> list[int]:
    html = response.content.decode()
    return [int(chunk.split('"', 1)[0]) for chunk in html.split('data-pick-person="')[1:]]


# --- the person picker's search ---------------------------------------------------------------------


def test_search_finds_by_name_employer_id_and_number(login, cast_admin, society_a):
    person = PersonFactory(name="欧阳检索", employer="检索研究所")
    membership = MembershipFactory(society=society_a, person=person, number="CCS-2026-000777")
    PersonFactory(name="别人")
    client = login(cast_admin)
    for q in ("欧阳", "检索研究", person.id_number, membership.number.lower()):
        response = client.get(SEARCH, {"field": "person", "person_q": q})
        assert response.status_code == 200
        assert _found(response) == [person.pk], q
    html = client.get(SEARCH, {"q": "欧阳"}).content.decode()
    assert person.id_number not in html and mask_id_number(person.id_number) in html  # masked in results


def test_search_is_scoped_to_the_secretarys_society(login, secretary_a, secretary_b, society_a, society_b):
    own = MembershipFactory(society=society_a, person=PersonFactory(name="甲会员")).person
    other = MembershipFactory(society=society_b, person=PersonFactory(name="甲外人")).person
    response = login(secretary_a).get(SEARCH, {"q": "甲"})
    assert _found(response) == [own.pk]  # core.access: society B's member is invisible
    assert _found(login(secretary_b).get(SEARCH, {"q": "甲"})) == [other.pk]
    # narrowed to a society's active members; another society's secretary is refused
    lapsed = MembershipFactory(society=society_a, person=PersonFactory(name="甲停权"), status="lapsed")
    response = login(secretary_a).get(SEARCH, {"q": "甲", "society": society_a.pk})
    assert _found(response) == [own.pk] and lapsed.person_id not in _found(response)
    assert login(secretary_b).get(SEARCH, {"q": "甲", "society": society_a.pk}).status_code == 403
    assert login(secretary_a).get(SEARCH, {"q": "甲", "society": "x"}).status_code == 404


def test_search_refuses_members_and_caps_results(login, member, cast_admin):
    assert login(member).get(SEARCH, {"q": "张"}).status_code == 403
    PersonFactory.create_batch(SEARCH_LIMIT + 5, employer="同一单位")
    response = login(cast_admin).get(SEARCH, {"q": "同一单位"})
    assert len(_found(response)) == SEARCH_LIMIT and response.context["more"] is True
    assert _found(login(cast_admin).get(SEARCH, {"q": ""})) == []


def test_credit_form_takes_picked_id_or_typed_id_number(login, cast_admin):
    person = PersonFactory(name="王被查")
    client = login(cast_admin)
    form = client.get(f"/members/credit/new/?person={person.pk}").content.decode()
    assert f'name="person" value="{person.pk}"' in form and "王被查" in form  # the picked person shown
    assert 'hx-get="/members/people/search/?field=person"' in form
    data = {
        "kind": "sanction",
        "summary": "抄袭",
        "starts_on": "2026-01-01",
        "source_document": "科协〔2026〕1号",
    }
    assert client.post("/members/credit/new/", {**data, "person_q": person.id_number}).status_code == 302
    assert CreditRecord.objects.get().person == person
    response = client.post("/members/credit/new/", {**data, "person_q": "不存在"})
    assert response.status_code == 200 and "person" in response.context["form"].errors
    response = client.post("/members/credit/new/", {**data, "person": "999999"})
    assert "person" in response.context["form"].errors
    assert CreditRecord.objects.count() == 1


# --- personal data and readable pages ------------------------------------------------------------------


def test_application_pages_mask_the_id_number(login, secretary_a, society_a):
    person = PersonFactory(id_number=valid_mainland_id(48, birth="19900101"), birth_date=date(1990, 1, 1))
    application = ApplicationFactory(society=society_a, person=person)
    client = login(secretary_a)
    for url in (
        f"/members/applications/{application.pk}/",
        f"/members/applications/{application.pk}/approve/",
        f"/members/applications/{application.pk}/reject/",
    ):
        html = client.get(url).content.decode()
        assert person.id_number not in html, url
        assert mask_id_number(person.id_number) in html and "1990-01-01" in html
    assert mask_id_number("330106199001017048") == "330106********7048"
    assert mask_id_number("H12345678") == "H1*****78"


def test_application_history_shows_state_labels(login, secretary_a, society_a, member_person):
    application = services.apply_for_membership(
        actor=member_person.user, society=society_a, person=member_person, tier="ordinary"
    )
    services.approve_application(actor=secretary_a, application=application, comment="欢迎")
    html = login(secretary_a).get(f"/members/applications/{application.pk}/").content.decode()
    history = html.split('id="status-history"', 1)[1]
    assert 'data-from="submitted" data-to="approved"' in history
    assert ">submitted<" not in history and ">approved<" not in history  # labels, not codes


def test_withdraw_confirmation_names_the_target_status(login, member, member_person, society_a):
    membership = MembershipFactory(society=society_a, person=member_person)
    client = login(member)
    response = client.get(f"/members/memberships/{membership.pk}/withdraw/")
    assert response.status_code == 200
    assert response.context["target_label"] and 'data-from="active" data-to="withdrawn"' in (
        response.content.decode()
    )
    assert client.post(f"/members/memberships/{membership.pk}/withdraw/", {"comment": ""}).status_code == 302
    membership.refresh_from_db()
    assert membership.status == "withdrawn"
    response = client.get(f"/members/memberships/{membership.pk}/withdraw/")
    assert response.context["allowed"] is False  # a withdrawn membership cannot be withdrawn again


# --- long lists ----------------------------------------------------------------------------------------


def test_person_lookup_is_paginated(login, cast_admin):
    size = LookupTable.default_per_page
    PersonFactory.create_batch(size + 3, employer="分页大学")
    client = login(cast_admin)
    first = client.get("/members/people/lookup/", {"q": "分页大学"})
    assert len(first.context["page"]) == size
    assert first.context["page"].paginator.count == size + 3
    second = client.get("/members/people/lookup/", {"q": "分页大学", "page": 2})
    assert len(second.context["page"]) == 3
    shown = {p.pk for p in first.context["page"]} | {p.pk for p in second.context["page"]}
    assert len(shown) == size + 3
    # nobody is listed before a search
    assert client.get("/members/people/lookup/").context["table"].count == 0
