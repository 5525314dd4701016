"""Members pages: joining, my memberships, the secretariat's queues, profile history, CAST records;
cross-society refusals and constant query counts."""

import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.core import mail

from members import services
from members.models import Membership, MembershipApplication, Person, ProfileChangeRequest

from ..factories import (
    PASSWORD,
    ApplicationFactory,
    MembershipFactory,
    PersonFactory,
    profile_form_data,
    valid_mainland_id,
    wrong_check_digit,
)

pytestmark = pytest.mark.django_db


def test_anonymous_join_offers_registration(client, society_a):
    response = client.get(f"/members/join/{society_a.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="join-register"' in html and f"/members/register/?next=/members/join/{society_a.pk}/" in html


def _registration(**overrides):
    data = {
        "username": "visitor",
        "email": "visitor@example.cn",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "name": "赵访客",
        "id_type": "mainland_id",
        "id_number": valid_mainland_id(321),
        "region": "mainland",
        "employer": "南开大学",
        "consent": "on",
    }
    return {**data, **overrides}


def test_register_then_apply(client, society_a, django_capture_on_commit_callbacks):
    next_url = f"/members/join/{society_a.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/members/register/?next={next_url}", {**_registration(), "next": next_url})
    assert response.status_code == 302 and response.url == next_url
    assert 'id="join-verify-email"' in client.get(next_url).content.decode()  # limited until verified
    link = re.search(r"https?://\S+/accounts/verify-email/\S+/", mail.outbox.pop().body).group(0)
    assert client.get(urlsplit(link).path).status_code == 302
    page = client.get(next_url).content.decode()
    assert 'id="application-form"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            next_url, {"tier": "ordinary", "category": "individual", "statement": "分析化学"}
        )
    assert response.status_code == 302 and response.url == "/members/mine/"
    application = MembershipApplication.objects.get()
    assert application.person.name == "赵访客" and application.society == society_a
    assert mail.outbox[0].to == ["visitor@example.cn"]
    mine = client.get("/members/mine/").content.decode()
    assert 'data-status="submitted"' in mine


def test_register_refuses_bad_check_digit(client):
    response = client.post(
        "/members/register/", _registration(id_number=wrong_check_digit(valid_mainland_id(5)))
    )
    assert response.status_code == 200
    assert "id_number" in response.context["form"].errors
    assert not Person.objects.exists()


def test_duplicate_application_shows_rule(login, member, member_person, society_a):
    client = login(member)
    MembershipFactory(society=society_a, person=member_person)
    response = client.post(f"/members/join/{society_a.pk}/", {"tier": "ordinary", "category": "individual"})
    # an active member is told so instead of being offered the form (R-MEM-01 holds in the service too)
    assert response.status_code == 200 and 'id="join-already-member"' in response.content.decode()
    assert 'id="application-form"' not in response.content.decode()
    assert not MembershipApplication.objects.exists()


def test_logged_in_without_profile_creates_one_first(login, outsider, society_a):
    client = login(outsider)
    page = client.get(f"/members/join/{society_a.pk}/")
    assert "profile_form" in page.context
    response = client.post(
        f"/members/join/{society_a.pk}/",
        {
            "name": "孙外人",
            "id_type": "mainland_id",
            "id_number": valid_mainland_id(11),
            "region": "mainland",
            "email": "o@example.cn",
        },
    )
    assert response.status_code == 302
    assert Person.objects.get(user=outsider).name == "孙外人"


def test_mine_shows_decision_comment(login, member, member_person, society_a, secretary_a):
    application = ApplicationFactory(society=society_a, person=member_person)
    services.reject_application(actor=secretary_a, application=application, comment="请补充推荐信")
    html = login(member).get("/members/mine/").content.decode()
    assert "请补充推荐信" in html and 'data-status="rejected"' in html


# --- the secretariat's queue ------------------------------------------------------------------


def test_queue_lists_own_society_only_with_filters(
    login, secretary_a, society_a, society_b, flagged_application_a
):
    ApplicationFactory(society=society_a, person=PersonFactory(name="本会申请人"))
    ApplicationFactory(society=society_b, person=PersonFactory(name="外会申请人"))
    client = login(secretary_a)
    page = client.get("/members/applications/")
    assert page.status_code == 200
    names = {a.person.name for a in page.context["page"]}
    assert names == {"本会申请人", "陈港生"}
    flagged = client.get("/members/applications/?flagged=1").context["page"]
    assert [a.pk for a in flagged] == [flagged_application_a.pk]
    assert len(client.get("/members/applications/?status=approved").context["page"]) == 0


def test_queue_query_count_is_constant(login, secretary_a, society_a, django_assert_max_num_queries):
    client = login(secretary_a)
    ApplicationFactory(society=society_a)
    client.get("/members/applications/")  # warm caches (content types, sessions)
    with django_assert_max_num_queries(14) as few:
        client.get("/members/applications/")
    for _ in range(20):
        ApplicationFactory(society=society_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/members/applications/")


def test_queue_refused_to_members(login, member):
    assert login(member).get("/members/applications/").status_code == 403


def test_approve_confirmation_page_then_post(
    login, secretary_a, application_a, django_capture_on_commit_callbacks
):
    client = login(secretary_a)
    url = f"/members/applications/{application_a.pk}/approve/"
    page = client.get(url)
    assert page.status_code == 200 and "confirm_flagged" not in page.context["form"].fields
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"comment": "欢迎"})
    assert response.status_code == 302
    application_a.refresh_from_db()
    assert application_a.status == "approved" and application_a.membership.status == "active"
    assert len(mail.outbox) == 1


def test_flagged_approval_needs_the_checkbox(login, secretary_a, flagged_application_a):
    client = login(secretary_a)
    url = f"/members/applications/{flagged_application_a.pk}/approve/"
    page = client.get(url)
    assert 'id="flag-warning"' in page.content.decode() and "R-MEM-02" in page.content.decode()
    response = client.post(url, {"comment": "ok"})
    assert response.status_code == 200 and "confirm_flagged" in response.context["form"].errors
    flagged_application_a.refresh_from_db()
    assert flagged_application_a.status == "submitted"
    assert client.post(url, {"comment": "ok", "confirm_flagged": "on"}).status_code == 302
    flagged_application_a.refresh_from_db()
    assert flagged_application_a.status == "approved"


def test_reject_needs_comment(login, secretary_a, application_a):
    client = login(secretary_a)
    response = client.post(f"/members/applications/{application_a.pk}/reject/", {"comment": ""})
    assert response.status_code == 200
    application_a.refresh_from_db()
    assert application_a.status == "submitted"


def test_other_society_secretary_gets_404(login, secretary_b, application_a):
    client = login(secretary_b)
    for url in (
        f"/members/applications/{application_a.pk}/",
        f"/members/applications/{application_a.pk}/approve/",
        f"/members/applications/{application_a.pk}/reject/",
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"comment": "x", "confirm_flagged": "on"}).status_code == 404
    application_a.refresh_from_db()
    assert application_a.status == "submitted" and not Membership.objects.exists()


def test_applicant_cannot_approve_on_the_web(login, member, application_a):
    assert login(member).post(f"/members/applications/{application_a.pk}/approve/", {}).status_code == 403


# --- profile and identity changes (R-MEM-03) -------------------------------------------------------


def test_profile_edit_history_and_pending_identity(login, member, member_person):
    client = login(member)
    response = client.post(
        "/members/profile/", profile_form_data(member_person, employer="浙江大学", name="刘改名")
    )
    assert response.status_code == 302
    member_person.refresh_from_db()
    assert member_person.employer == "浙江大学" and member_person.name == "刘会员"
    assert ProfileChangeRequest.objects.get().changes["name"] == ["刘会员", "刘改名"]
    html = client.get("/members/profile/").content.decode()
    assert 'id="pending-changes"' in html and "刘改名" in html
    assert 'data-field="employer"' in html and "浙江大学" in html  # the change history is shown


def test_profile_region_change_waits_for_confirmation(login, secretary_a, society_a, member, member_person):
    """R-MEM-02/03 on the web: the region edited on the profile page is queued, applied on confirmation."""
    MembershipFactory(society=society_a, person=member_person)
    client = login(member)
    response = client.post("/members/profile/", profile_form_data(member_person, region="hong_kong"))
    assert response.status_code == 302
    member_person.refresh_from_db()
    assert member_person.region == "mainland"
    request = ProfileChangeRequest.objects.get()
    assert request.status == "pending" and request.changes == {"region": ["mainland", "hong_kong"]}
    html = client.get("/members/profile/").content.decode()
    assert 'id="pending-changes"' in html and "hong_kong" in html
    secretary = login(secretary_a)
    assert secretary.get(f"/members/change-requests/{request.pk}/confirm/").status_code == 200
    member_person.refresh_from_db()
    assert member_person.region == "mainland"  # the confirmation page changes nothing
    response = secretary.post(f"/members/change-requests/{request.pk}/confirm/", {"comment": "已核对"})
    assert response.status_code == 302
    member_person.refresh_from_db()
    assert member_person.region == "hong_kong"


def test_profile_bad_id_shows_field_error(login, member, member_person):
    response = login(member).post(
        "/members/profile/",
        profile_form_data(member_person, id_number=wrong_check_digit(member_person.id_number)),
    )
    assert response.status_code == 200 and "id_number" in response.context["form"].errors


def test_change_request_queue_and_confirm(login, secretary_a, secretary_b, society_a, member, member_person):
    MembershipFactory(society=society_a, person=member_person)
    _p, request = services.update_own_profile(actor=member, person=member_person, data={"name": "刘改名"})
    assert login(secretary_b).get(f"/members/change-requests/{request.pk}/confirm/").status_code == 404
    client = login(secretary_a)
    assert [r.pk for r in client.get("/members/change-requests/").context["page"]] == [request.pk]
    assert (
        client.post(f"/members/change-requests/{request.pk}/confirm/", {"comment": "已核对"}).status_code
        == 302
    )
    member_person.refresh_from_db()
    assert member_person.name == "刘改名"


# --- CAST: credit, training, lookup ---------------------------------------------------------------


def test_credit_pages_cast_only(login, cast_admin, secretary_a, member_person):
    assert login(secretary_a).get("/members/credit/").status_code == 403
    assert login(secretary_a).post("/members/credit/new/", {}).status_code == 403
    client = login(cast_admin)
    response = client.post(
        "/members/credit/new/",
        {
            "person": member_person.pk,
            "kind": "sanction",
            "summary": "数据造假",
            "starts_on": "2026-01-01",
            "ends_on": "2028-12-31",
            "source_document": "科协学术〔2026〕9号",
        },
    )
    assert response.status_code == 302
    assert "科协学术〔2026〕9号" in client.get("/members/credit/").content.decode()
    lookup = client.get("/members/people/lookup/", {"q": "刘会员", "on": "2027-01-01"})
    assert lookup.context["page"][0].under_sanction is True
    lookup = client.get("/members/people/lookup/", {"q": "刘会员", "on": "2029-01-01"})
    assert lookup.context["page"][0].under_sanction is False


def test_training_pages(login, cast_admin, member_person):
    client = login(cast_admin)
    response = client.post(
        "/members/training/new/",
        {
            "person": member_person.pk,
            "kind": "new_leader",
            "course": "新任负责人培训",
            "attended_on": str(date(2026, 3, 2)),
            "hours": "16",
        },
    )
    assert response.status_code == 302
    assert "新任负责人培训" in client.get("/members/training/").content.decode()


# --- dashboard panels and nav -----------------------------------------------------------------------


def test_dashboard_panels(
    login, secretary_a, flagged_application_a, cast_admin, member, member_person, society_a
):
    MembershipFactory(society=society_a, person=member_person, number="CCS-2026-000777")
    html = login(secretary_a).get("/").content.decode()
    assert 'id="panel-secretary-members"' in html and "/members/applications/" in html
    html = login(member).get("/").content.decode()
    assert 'id="dashboard-member"' in html and "CCS-2026-000777" in html and "/members/mine/" in html
    html = login(cast_admin).get("/").content.decode()
    assert 'id="panel-cast-credit"' in html and "/members/credit/" in html
