"""people/, memberships/, membership-applications/, credit-records/, training-records/: shapes,
actions, error shapes (400 rule, 403, 404, 409) and the own-society line."""

import pytest
from django.core import mail

from members.models import CreditRecord, Membership, MembershipApplication

from ..factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

APPS = "/api/v1/membership-applications/"


def test_member_applies_for_themself_and_reads_own(api, member, member_person, society_a):
    client = api.as_user(member)
    response = client.post(
        APPS, {"society": society_a.pk, "tier": "student", "statement": "电催化"}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["person"] == member_person.pk and body["status"] == "submitted" and body["tier"] == "student"
    assert {"id", "society", "person", "tier", "status", "needs_explicit_approval"} <= set(body)
    again = client.post(APPS, {"society": society_a.pk}, format="json")
    assert again.status_code == 400 and again.json()["rule"] == "R-MEM-01" and "society" in again.json()
    assert client.get(APPS).json()["count"] == 1
    assert client.get(f"{APPS}{body['id']}/").status_code == 200


def test_create_without_profile_is_400(api, outsider, society_a):
    response = api.as_user(outsider).post(APPS, {"society": society_a.pk}, format="json")
    assert response.status_code == 400 and "person" in response.json()


def test_anonymous_gets_401(api, society_a):
    assert api.get(APPS).status_code == 401


def test_secretary_approves_then_409_on_second_decision(api, secretary_a, application_a):
    client = api.as_user(secretary_a)
    response = client.post(f"{APPS}{application_a.pk}/approve/", {"comment": "欢迎加入"}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "approved" and body["membership_number"].startswith("CCS-")
    assert body["decision_comment"] == "欢迎加入"
    again = client.post(f"{APPS}{application_a.pk}/reject/", {"comment": "x"}, format="json")
    assert again.status_code == 409
    assert again.json()["status"] == "approved" and "detail" in again.json()
    history = client.get(f"{APPS}{application_a.pk}/history/").json()
    assert [(h["from_status"], h["to_status"]) for h in history] == [("submitted", "approved")]
    assert history[-1]["actor"] == "sec_a" and history[-1]["comment"] == "欢迎加入"


def test_flagged_application_needs_confirm_flagged(api, secretary_a, flagged_application_a):
    client = api.as_user(secretary_a)
    url = f"{APPS}{flagged_application_a.pk}/approve/"
    refused = client.post(url, {"comment": "ok"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["rule"] == "R-MEM-02" and "confirm_flagged" in refused.json()
    assert not Membership.objects.exists()
    assert (
        client.post(url, {"comment": "ok", "confirm_flagged": True}, format="json").json()["status"]
        == "approved"
    )


def test_reject_sends_mail(api, secretary_a, application_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_user(secretary_a).post(
            f"{APPS}{application_a.pk}/reject/", {"comment": "材料不全"}, format="json"
        )
    assert response.json()["status"] == "rejected"
    assert len(mail.outbox) == 1 and "材料不全" in mail.outbox[0].body


def test_other_society_secretary_sees_404_and_changes_nothing(api, secretary_b, application_a):
    client = api.as_user(secretary_b)
    assert client.get(f"{APPS}{application_a.pk}/").status_code == 404
    assert client.get(APPS).json()["count"] == 0
    for step in ("approve", "reject"):
        assert (
            client.post(f"{APPS}{application_a.pk}/{step}/", {"comment": "x"}, format="json").status_code
            == 404
        )
    assert client.get(f"/api/v1/people/{application_a.person_id}/").status_code == 404
    application_a.refresh_from_db()
    assert application_a.status == "submitted"


def test_applicant_cannot_approve_own_application(api, member, application_a):
    response = api.as_user(member).post(f"{APPS}{application_a.pk}/approve/", {}, format="json")
    assert response.status_code == 403
    application_a.refresh_from_db()
    assert application_a.status == "submitted"


def test_memberships_filters_and_search(api, secretary_a, society_a, society_b):
    MembershipFactory(society=society_a, person=PersonFactory(name="王化学"), tier="senior", number="CCS-1")
    MembershipFactory(society=society_a, person=PersonFactory(name="李化学"), tier="student", status="lapsed")
    MembershipFactory(society=society_b, person=PersonFactory(name="赵物理"))
    client = api.as_user(secretary_a)
    body = client.get("/api/v1/memberships/").json()
    assert body["count"] == 2  # society B's member is not visible
    first = body["results"][0]
    assert {
        "id",
        "society",
        "person",
        "tier",
        "category",
        "status",
        "number",
        "joined_on",
        "valid_until",
    } <= set(first)
    assert client.get("/api/v1/memberships/?tier=senior").json()["count"] == 1
    assert client.get("/api/v1/memberships/?status=lapsed").json()["count"] == 1
    assert client.get("/api/v1/memberships/?search=王化学").json()["count"] == 1
    assert client.get("/api/v1/memberships/?search=CCS-1").json()["count"] == 1
    assert client.get(f"/api/v1/memberships/?society={society_b.pk}").json()["count"] == 0


def test_membership_actions(api, secretary_a, secretary_b, society_a):
    membership = MembershipFactory(society=society_a)
    url = f"/api/v1/memberships/{membership.pk}"
    assert api.as_user(secretary_b).post(f"{url}/lapse/", {}, format="json").status_code == 404
    client = api.as_user(secretary_a)
    assert client.post(f"{url}/lapse/", {}, format="json").json()["status"] == "lapsed"
    assert client.post(f"{url}/lapse/", {}, format="json").status_code == 409
    assert client.post(f"{url}/renew/", {}, format="json").json()["status"] == "active"
    assert len(client.get(f"{url}/history/").json()) == 2


def test_people_personal_data_scope(
    api, member, member_person, secretary_a, society_a, regulator, reviewer_a
):
    MembershipFactory(society=society_a, person=member_person)
    own = api.as_user(member).get("/api/v1/people/").json()
    assert [p["id"] for p in own["results"]] == [member_person.pk]
    assert {"id", "name", "gender", "birth_date", "region", "employer", "sector", "email"} <= set(
        own["results"][0]
    )
    assert "id_number" not in own["results"][0] and "*" in own["results"][0]["id_number_masked"]
    assert api.as_user(secretary_a).get(f"/api/v1/people/{member_person.pk}/").status_code == 200
    for user in (regulator, reviewer_a):  # no personal data for observers and Party reviewers
        assert api.as_user(user).get("/api/v1/people/").json()["count"] == 0


def test_people_sanction_question(api, cast_admin, member_person):
    client = api.as_user(cast_admin)
    client.post(
        "/api/v1/credit-records/",
        {
            "person": member_person.pk,
            "kind": "sanction",
            "summary": "x",
            "starts_on": "2026-03-01",
            "ends_on": "2026-12-31",
            "source_document": "科协学术〔2026〕3号",
        },
        format="json",
    )
    url = f"/api/v1/people/{member_person.pk}/sanction/"
    assert client.get(f"{url}?on=2026-06-01").json()["under_sanction"] is True
    assert client.get(f"{url}?on=2027-01-01").json()["under_sanction"] is False
    assert client.get(f"{url}?on=nonsense").status_code == 400


def test_credit_records_written_by_cast_only(api, cast_admin, secretary_a, member, member_person):
    payload = {
        "person": member_person.pk,
        "kind": "misconduct",
        "summary": "一稿多投",
        "starts_on": "2026-01-10",
        "source_document": "科协学术〔2026〕5号",
    }
    for user in (secretary_a, member):
        assert api.as_user(user).post("/api/v1/credit-records/", payload, format="json").status_code == 403
    assert not CreditRecord.objects.exists()
    created = api.as_user(cast_admin).post("/api/v1/credit-records/", payload, format="json")
    assert created.status_code == 201 and created.json()["recorded_by"] == "cast"
    no_source = api.as_user(cast_admin).post(
        "/api/v1/credit-records/", {**payload, "source_document": " "}, format="json"
    )
    assert no_source.status_code == 400
    # the person reads their own record; a secretary does not
    assert api.as_user(member).get("/api/v1/credit-records/").json()["count"] == 1
    assert api.as_user(secretary_a).get("/api/v1/credit-records/").json()["count"] == 0


def test_training_records(api, cast_admin, secretary_a, secretary_b, society_a, member_person):
    payload = {
        "person": member_person.pk,
        "society": society_a.pk,
        "kind": "sg_rotation",
        "course": "秘书长轮训",
        "attended_on": "2026-05-01",
        "hours": "24",
    }
    assert (
        api.as_user(secretary_a).post("/api/v1/training-records/", payload, format="json").status_code == 403
    )
    assert (
        api.as_user(cast_admin).post("/api/v1/training-records/", payload, format="json").status_code == 201
    )
    assert api.as_user(secretary_a).get("/api/v1/training-records/").json()["count"] == 1
    assert api.as_user(secretary_b).get("/api/v1/training-records/").json()["count"] == 0


def test_application_list_filters(api, secretary_a, application_a, flagged_application_a):
    client = api.as_user(secretary_a)
    assert client.get(f"{APPS}?needs_explicit_approval=true").json()["count"] == 1
    assert client.get(f"{APPS}?status=submitted").json()["count"] == 2
    assert MembershipApplication.objects.count() == 2
