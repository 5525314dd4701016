"""R-MEM-03: whose identity changes a secretary sees in the queue and may decide — one rule for both.

The person concerns a society's secretariat while they hold a live (active or lapsed) membership of it
or have a submitted, undecided application to it.
"""

import pytest
from django.core.exceptions import PermissionDenied

from core.models import AuditEntry
from members import services
from members.models import ProfileChangeRequest
from members.permissions import societies_concerned_with

from ..factories import ApplicationFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _rename(member, person, name="刘改名"):
    _p, request = services.update_own_profile(actor=member, person=person, data={"name": name})
    return request


def _queue(client):
    return [r.pk for r in client.get("/members/change-requests/").context["page"]]


def test_applicant_change_visible_and_decidable_by_that_society(
    login, society_a, secretary_a, member, member_person
):
    """A visitor who applied to 中国化学会 and then changed their name: its secretary sees and decides it."""
    ApplicationFactory(society=society_a, person=member_person)  # submitted, no membership yet
    request = _rename(member, member_person)
    assert societies_concerned_with(member_person) == {society_a.pk}
    client = login(secretary_a)
    assert _queue(client) == [request.pk]
    assert services.can_decide_change_request(secretary_a, request)
    assert client.get(f"/members/change-requests/{request.pk}/confirm/").status_code == 200
    response = client.post(f"/members/change-requests/{request.pk}/confirm/", {"comment": "已核对"})
    assert response.status_code == 302
    request.refresh_from_db()
    member_person.refresh_from_db()
    assert request.status == "confirmed" and request.decided_by == secretary_a
    assert member_person.name == "刘改名"


def test_lapsed_member_change_visible_and_decidable(login, society_a, secretary_a, member, member_person):
    MembershipFactory(society=society_a, person=member_person, status="lapsed")
    request = _rename(member, member_person)
    client = login(secretary_a)
    assert _queue(client) == [request.pk]
    response = client.post(f"/members/change-requests/{request.pk}/reject/", {"comment": "无证明材料"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "rejected" and request.decided_by == secretary_a


def test_unrelated_secretary_sees_nothing_and_cannot_decide(
    login, society_a, secretary_b, member, member_person
):
    ApplicationFactory(society=society_a, person=member_person)
    MembershipFactory(society=society_a, person=member_person, status="lapsed")
    request = _rename(member, member_person)
    client = login(secretary_b)
    assert _queue(client) == []
    assert _queue_all(client) == []
    assert client.get(f"/members/change-requests/{request.pk}/confirm/").status_code == 404
    assert client.post(f"/members/change-requests/{request.pk}/confirm/", {"comment": "x"}).status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied_change", actor=secretary_b).exists()
    assert not services.can_decide_change_request(secretary_b, request)
    with pytest.raises(PermissionDenied):
        services.confirm_change_request(actor=secretary_b, change_request=request)
    with pytest.raises(PermissionDenied):
        services.reject_change_request(actor=secretary_b, change_request=request, comment="x")
    request.refresh_from_db()
    member_person.refresh_from_db()
    assert request.status == "pending" and member_person.name == "刘会员"  # nothing written


def _queue_all(client):
    return [r.pk for r in client.get("/members/change-requests/", {"status": "all"}).context["page"]]


@pytest.mark.parametrize(
    ("membership_status", "application_status", "concerned"),
    [
        ("active", None, True),
        ("lapsed", None, True),
        (None, "submitted", True),
        ("withdrawn", None, False),
        ("expelled", None, False),
        (None, "rejected", False),
        ("withdrawn", "rejected", False),
        ("expelled", "submitted", True),  # re-applying after an expulsion: the application concerns it
    ],
)
def test_queue_and_decision_agree(
    login, society_a, secretary_a, member, member_person, membership_status, application_status, concerned
):
    """Whatever the person's tie to the society, the queue shows the request exactly when the secretary
    may decide it (the reviewer's finding: they used to disagree)."""
    if membership_status:
        MembershipFactory(society=society_a, person=member_person, status=membership_status)
    if application_status:
        ApplicationFactory(society=society_a, person=member_person, status=application_status)
    request = _rename(member, member_person)
    client = login(secretary_a)
    assert (_queue(client) == [request.pk]) is concerned
    assert services.can_decide_change_request(secretary_a, request) is concerned
    expected = 200 if concerned else 404
    assert client.get(f"/members/change-requests/{request.pk}/confirm/").status_code == expected
    assert (society_a.pk in societies_concerned_with(member_person)) is concerned


def test_cast_decides_any(cast_admin, member, member_person):
    request = _rename(member, member_person)  # concerns no society
    assert societies_concerned_with(member_person) == set()
    services.confirm_change_request(actor=cast_admin, change_request=request)
    assert ProfileChangeRequest.objects.get().status == "confirmed"


def test_member_cannot_decide_own_request(login, society_a, member, member_person):
    MembershipFactory(society=society_a, person=member_person)
    request = _rename(member, member_person)
    # the member sees their own request (owner scope) but deciding it is refused
    assert login(member).get(f"/members/change-requests/{request.pk}/confirm/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.confirm_change_request(actor=member, change_request=request)
