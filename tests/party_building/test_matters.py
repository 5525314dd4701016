"""The pre-review workflow: reviewers approve/return with opinions, secretaries resubmit, every opinion
kept; reviewers see only their own society's matters (API and web)."""

import pytest

from core.errors import DomainError
from core.models import AuditEntry
from party_building.models import MajorMatter, MatterOpinion
from party_building.services import matters

pytestmark = pytest.mark.django_db


@pytest.fixture
def matter_a(society_a, secretary_a):
    return matters.create_matter(actor=secretary_a, society=society_a, kind="plan", title="2026年度工作计划")


@pytest.fixture
def matter_b(society_b, secretary_b):
    return matters.create_matter(actor=secretary_b, society=society_b, kind="plan", title="物理学会计划")


def test_return_and_resubmit_keep_both_opinions(matter_a, secretary_a, reviewer_a):
    matters.return_matter(actor=reviewer_a, matter=matter_a, opinion="请补充预算明细")
    matter = matters.resubmit_matter(
        actor=secretary_a, matter=matter_a, comment="已补充", description="含预算明细"
    )
    assert matter.status == "pending" and matter.description == "含预算明细"
    matter = matters.approve_matter(actor=reviewer_a, matter=matter, opinion="同意")
    assert matter.status == "approved" and matter.comment == "同意" and matter.decided_at
    assert list(matter.opinions.values_list("decision", "opinion")) == [
        ("returned", "请补充预算明细"),
        ("approved", "同意"),
    ]
    # the earlier text is kept too
    assert "" in set(matter.history.values_list("description", flat=True))
    steps = AuditEntry.objects.filter(
        object_id=str(matter.pk), action__startswith="party_building.majormatter"
    )
    assert [e.action.rsplit(".", 1)[1] for e in steps.order_by("id")] == [
        "created",
        "return",
        "resubmit",
        "approve",
    ]


def test_opinion_is_required_and_only_reviewers_decide(matter_a, secretary_a, reviewer_a, cast_admin):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(DomainError) as refused:
        matters.approve_matter(actor=reviewer_a, matter=matter_a, opinion="  ")
    assert refused.value.field == "comment"
    for user in (secretary_a, cast_admin):
        with pytest.raises(PermissionDenied):
            matters.approve_matter(actor=user, matter=matter_a, opinion="同意")
    with pytest.raises(PermissionDenied):
        matters.resubmit_matter(actor=reviewer_a, matter=matter_a)
    matter_a.refresh_from_db()
    assert matter_a.status == "pending" and not MatterOpinion.objects.exists()


def test_api_shapes_actions_and_history(api, matter_a, secretary_a, reviewer_a):
    client = api.as_user(reviewer_a)
    listed = client.get("/api/v1/major-matters/?status=pending").json()
    assert listed["count"] == 1
    row = listed["results"][0]
    assert {"id", "society", "kind", "amount", "is_foreign", "title", "status", "opinion"} <= set(row)
    returned = client.post(
        f"/api/v1/major-matters/{matter_a.pk}/return/", {"comment": "请修改"}, format="json"
    )
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    assert returned.json()["opinion"] == "请修改"
    again = client.post(f"/api/v1/major-matters/{matter_a.pk}/approve/", {"comment": "同意"}, format="json")
    assert again.status_code == 409 and again.json()["status"] == "returned"
    no_opinion = api.as_user(secretary_a).post(
        f"/api/v1/major-matters/{matter_a.pk}/resubmit/", {}, format="json"
    )
    assert no_opinion.status_code == 200 and no_opinion.json()["status"] == "pending"
    blank = api.as_user(reviewer_a).post(f"/api/v1/major-matters/{matter_a.pk}/approve/", {}, format="json")
    assert blank.status_code == 400 and blank.json()["rule"] == "R-PB-02" and "comment" in blank.json()
    ok = client.post(
        f"/api/v1/major-matters/{matter_a.pk}/approve/", {"comment": "同意"}, format="json"
    ).json()
    assert [o["decision"] for o in ok["opinions"]] == ["returned", "approved"]
    history = client.get(f"/api/v1/major-matters/{matter_a.pk}/history/").json()
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        ("", "pending"),
        ("pending", "returned"),
        ("returned", "pending"),
        ("pending", "approved"),
    ]


def test_api_secretary_raises_matter_and_cannot_decide(api, society_a, society_b, secretary_a):
    client = api.as_user(secretary_a)
    body = {"society": society_a.pk, "kind": "talent_recommendation", "title": "推荐院士候选人"}
    created = client.post("/api/v1/major-matters/", body, format="json")
    assert created.status_code == 201 and created.json()["status"] == "pending"
    pk = created.json()["id"]
    assert (
        client.post(f"/api/v1/major-matters/{pk}/approve/", {"comment": "x"}, format="json").status_code
        == 403
    )
    assert (
        client.post("/api/v1/major-matters/", {**body, "society": society_b.pk}, format="json").status_code
        == 403
    )
    assert MajorMatter.objects.get(pk=pk).status == "pending"


def test_reviewer_of_a_cannot_see_b(api, login, matter_a, matter_b, reviewer_a, reviewer_b, cast_admin):
    client = api.as_user(reviewer_a)
    assert [m["id"] for m in client.get("/api/v1/major-matters/").json()["results"]] == [matter_a.pk]
    assert client.get(f"/api/v1/major-matters/{matter_b.pk}/").status_code == 404
    refused = client.post(f"/api/v1/major-matters/{matter_b.pk}/approve/", {"comment": "同意"}, format="json")
    assert refused.status_code == 404
    matter_b.refresh_from_db()
    assert matter_b.status == "pending"
    assert AuditEntry.objects.filter(action="core.access.denied_review", actor=reviewer_a).exists()
    web = login(reviewer_a)
    assert web.get(f"/party-building/matters/{matter_b.pk}/").status_code == 404
    assert web.post(f"/party-building/matters/{matter_b.pk}/approve/", {"comment": "同意"}).status_code == 404
    page = web.get("/party-building/matters/")
    assert page.status_code == 200 and matter_a.title in page.text and matter_b.title not in page.text
    # CAST sees every society's pending matters
    cast = api.as_user(cast_admin).get("/api/v1/major-matters/?status=pending").json()
    assert cast["count"] == 2
