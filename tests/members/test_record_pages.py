"""Record pages of a person and a membership: each part scoped on its own — a secretary sees the person's
part with their own society only, the person sees all of their own, the ID number is masked for anyone but
the person, and the history of changes is shown."""

import pytest

from core.models import AuditEntry
from members import services
from members.models import Person

from ..factories import CreditRecordFactory, MembershipFactory, PersonFactory, TrainingRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person_of_a_and_b(society_a, society_b, member):
    person = PersonFactory(name="王两会", user=member, id_number="11010519491231002X")
    MembershipFactory(society=society_a, person=person, number="A-0001")
    MembershipFactory(society=society_b, person=person, number="B-0001")
    TrainingRecordFactory(person=person, society=society_a, course="甲会培训")
    TrainingRecordFactory(person=person, society=society_b, course="乙会培训")
    CreditRecordFactory(person=person, summary="信用记录甲")
    return person


def test_a_secretary_sees_only_their_own_societys_part(login, secretary_a, person_of_a_and_b):
    html = login(secretary_a).get(f"/members/people/{person_of_a_and_b.pk}/").content.decode()
    assert "王两会" in html and "A-0001" in html and "甲会培训" in html
    assert "B-0001" not in html and "乙会培训" not in html  # never another society's data
    assert "信用记录甲" not in html  # credit records: the person's and CAST's (R-ETH-01)
    assert "11010519491231002X" not in html and "110105********002X" in html  # masked


def test_the_person_sees_all_of_their_own_in_full(login, member, person_of_a_and_b):
    html = login(member).get(f"/members/people/{person_of_a_and_b.pk}/").content.decode()
    for text in ("A-0001", "B-0001", "甲会培训", "乙会培训", "信用记录甲", "11010519491231002X"):
        assert text in html


def test_another_society_cannot_open_a_person_it_does_not_know(login, secretary_b, society_a):
    person = MembershipFactory(society=society_a).person
    assert login(secretary_b).get(f"/members/people/{person.pk}/").status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied_view").exists()


def test_profile_history_is_shown(login, secretary_a, society_a, member):
    person = PersonFactory(name="李改名", user=member)
    MembershipFactory(society=society_a, person=person)
    services.update_own_profile(actor=member, person=person, data={"employer": "新单位"})
    html = login(secretary_a).get(f"/members/people/{person.pk}/").content.decode()
    assert 'data-field="employer"' in html and "新单位" in html


def test_membership_page_shows_status_history_and_the_secretariats_steps(login, secretary_a, society_a):
    membership = MembershipFactory(society=society_a)
    services.change_membership_status(
        actor=secretary_a, membership=membership, action="lapse", comment="欠费"
    )
    client = login(secretary_a)
    html = client.get(f"/members/memberships/{membership.pk}/").content.decode()
    assert "欠费" in html and 'id="status-history"' in html
    assert f"/members/memberships/{membership.pk}/renew/" in html
    assert f'href="/members/people/{membership.person_id}/"' in html


def test_membership_page_of_the_member_offers_only_withdrawal(login, member, society_a):
    person = Person.objects.create(name="自己", user=member)
    membership = MembershipFactory(society=society_a, person=person)
    html = login(member).get(f"/members/memberships/{membership.pk}/").content.decode()
    assert f"/members/memberships/{membership.pk}/withdraw/" in html
    assert f"/members/memberships/{membership.pk}/lapse/" not in html


def test_record_pages_keep_a_constant_query_count(login, secretary_a, society_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person = MembershipFactory(society=society_a).person
    client = login(secretary_a)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/members/people/{person.pk}/")
    for _i in range(5):
        TrainingRecordFactory(person=person, society=society_a)
    with CaptureQueriesContext(connection) as many:
        client.get(f"/members/people/{person.pk}/")
    assert len(few) == len(many)


def test_lists_link_to_the_record_pages(login, member, secretary_a, society_a):
    from ..factories import ApplicationFactory

    person = PersonFactory(user=member)
    membership = MembershipFactory(society=society_a, person=person)
    mine = login(member).get("/members/mine/").content.decode()
    assert (
        f'href="/members/memberships/{membership.pk}/"' in mine
        and f'href="/members/people/{person.pk}/"' in mine
    )
    application = ApplicationFactory(society=society_a)
    detail = login(secretary_a).get(f"/members/applications/{application.pk}/").content.decode()
    assert f'href="/members/people/{application.person_id}/"' in detail
