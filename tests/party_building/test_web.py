"""Pages: record, refused confirmation (R-PB-02), reviewer decision with confirmation, queues, dashboard,
election pages; query counts stay flat as rows grow."""

from datetime import date
from decimal import Decimal

import pytest

from party_building.gate import matter_for
from party_building.models import Expenditure, MajorMatter
from party_building.services import elections, finance, matters

from ..factories import CreditRecordFactory, council_with_term, member_of

pytestmark = pytest.mark.django_db
BASE = "/party-building"


def test_secretary_records_and_cannot_confirm_until_approved(
    client, login, society_a, secretary_a, reviewer_a
):
    web = login(secretary_a)
    response = web.post(
        f"{BASE}/finance/expenditure/new/",
        {"society": society_a.pk, "amount": "800000", "purpose": "学术年会", "spent_on": "2026-03-01"},
    )
    assert response.status_code == 302
    exp = Expenditure.objects.get()
    matter = matter_for(exp)
    assert matter.status == "pending"
    page = web.get(f"{BASE}/finance/expenditure/{exp.pk}/confirm/")
    assert page.status_code == 200 and 'data-cleared="false"' in page.text
    refused = web.post(f"{BASE}/finance/expenditure/{exp.pk}/confirm/", {"comment": ""})
    assert refused.status_code == 200
    assert 'data-rule="R-PB-02"' in refused.text and matter.title in refused.text
    exp.refresh_from_db()
    assert exp.status == "recorded"
    # the secretary cannot decide; the reviewer sees the matter in the queue and approves with an opinion
    assert web.post(f"{BASE}/matters/{matter.pk}/approve/", {"comment": "同意"}).status_code == 403
    web = login(reviewer_a)
    queue = web.get(f"{BASE}/matters/")
    assert f'data-matter="{matter.pk}"' in queue.text
    assert web.get(f"{BASE}/matters/{matter.pk}/approve/").status_code == 200
    assert (
        web.post(f"{BASE}/matters/{matter.pk}/approve/", {"comment": ""}).status_code == 200
    )  # opinion needed
    assert MajorMatter.objects.get().status == "pending"
    assert web.post(f"{BASE}/matters/{matter.pk}/approve/", {"comment": "同意"}).status_code == 302
    detail = web.get(f"{BASE}/matters/{matter.pk}/")
    assert 'data-decision="approved"' in detail.text and exp.get_absolute_url() in detail.text
    web = login(secretary_a)
    assert web.post(f"{BASE}/finance/expenditure/{exp.pk}/confirm/", {}).status_code == 302
    exp.refresh_from_db()
    assert exp.status == "confirmed"


def test_role_pages_render(login, society_a, branch_x, secretary_a, reviewer_a, cast_admin, member):
    finance.record_donation(
        actor=secretary_a,
        society=society_a,
        donor="Fund",
        amount=Decimal("5"),
        purpose="交流",
        received_on=date(2026, 1, 1),
        is_foreign=True,
    )
    body = council_with_term(society_a)
    election = elections.create_election(
        actor=secretary_a,
        society=society_a,
        body=body,
        term_start=date(2026, 1, 1),
        term_end=date(2031, 1, 1),
        seats=3,
    )
    member_of(society_a, name="候选人甲")
    for user in (secretary_a, reviewer_a, cast_admin):
        web = login(user)
        for url in (
            "/",
            f"{BASE}/matters/",
            f"{BASE}/finance/",
            f"{BASE}/organizations/",
            f"{BASE}/elections/",
        ):
            assert web.get(url).status_code == 200, (user, url)
        assert web.get(f"{BASE}/elections/{election.pk}/").status_code == 200
    web = login(secretary_a)
    dash = web.get("/").text
    assert 'id="dashboard-open-matters"' in dash
    page = web.get(f"{BASE}/elections/{election.pk}/")
    assert 'id="add-candidate"' in page.text and "候选人甲" in page.text
    assert web.get(f"{BASE}/elections/{election.pk}/submit_slate/").status_code == 200
    web = login(reviewer_a)
    assert 'id="pending-count"' in web.get("/").text
    assert web.get(f"{BASE}/finance/donation/new/").status_code == 403
    assert web.get(f"{BASE}/elections/{election.pk}/submit_slate/").status_code == 403
    web = login(member)
    assert web.get(f"{BASE}/matters/").status_code == 403


def test_cast_filters_pending_by_kind_and_society(
    login, society_a, society_b, secretary_a, secretary_b, cast_admin
):
    matters.create_matter(actor=secretary_a, society=society_a, kind="plan", title="化学会计划")
    matters.create_matter(
        actor=secretary_b, society=society_b, kind="talent_recommendation", title="物理推荐"
    )
    web = login(cast_admin)
    page = web.get(f"{BASE}/matters/").text
    assert "化学会计划" in page and "物理推荐" in page
    page = web.get(f"{BASE}/matters/?kind=plan").text
    assert "化学会计划" in page and "物理推荐" not in page
    page = web.get(f"{BASE}/matters/?society={society_b.pk}").text
    assert "化学会计划" not in page and "物理推荐" in page


def _queue_queries(web, django_assert_max_num_queries, budget):
    with django_assert_max_num_queries(budget):
        assert web.get(f"{BASE}/matters/").status_code == 200


def test_queue_query_count_is_flat(login, society_a, secretary_a, reviewer_a, django_assert_max_num_queries):
    web = login(reviewer_a)
    matters.create_matter(actor=secretary_a, society=society_a, kind="plan", title="计划 0")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        web.get(f"{BASE}/matters/")
    for i in range(1, 15):
        matters.create_matter(actor=secretary_a, society=society_a, kind="plan", title=f"计划 {i}")
    _queue_queries(web, django_assert_max_num_queries, len(few.captured_queries))


def test_election_pages_walk_the_whole_flow(login, society_a, secretary_a, reviewer_a, cast_admin):
    body = council_with_term(society_a)
    young = member_of(society_a, name="青年甲", birth_date=date(1990, 1, 1))
    barred = member_of(society_a, name="受处分者")
    CreditRecordFactory(person=barred, recorded_by=cast_admin)
    web = login(secretary_a)
    response = web.post(
        f"{BASE}/elections/new/",
        {"body": body.pk, "term_start": "2026-01-01", "term_end": "2031-01-01", "seats": 1},
    )
    assert response.status_code == 302
    election = body.elections.get()
    url = f"{BASE}/elections/{election.pk}"
    refused = web.post(f"{url}/", {"person": barred.pk})
    assert refused.status_code == 200 and "R-ETH-02" in refused.text
    assert web.post(f"{url}/", {"person": young.pk, "grassroots": "on"}).status_code == 302
    assert web.post(f"{url}/submit_slate/", {}).status_code == 302
    votes_page = web.get(f"{url}/votes/")
    assert 'id="review-pending"' in votes_page.text
    candidate = election.candidates.get()
    ballot = {"voters_eligible": 10, "voters_present": 9, f"for_{candidate.pk}": 9}
    ballot.update({f"against_{candidate.pk}": 0, f"abstain_{candidate.pk}": 0})
    refused = web.post(f"{url}/votes/", ballot)
    assert 'data-rule="R-PB-02"' in refused.text
    matter = matter_for(election)
    login(reviewer_a).post(f"{BASE}/matters/{matter.pk}/approve/", {"comment": "同意"})
    web = login(secretary_a)
    low = web.post(f"{url}/votes/", {**ballot, "voters_present": 6})
    assert 'data-rule="R-PB-03"' in low.text
    assert web.post(f"{url}/votes/", ballot).status_code == 302
    assert web.post(f"{url}/certify/", {}).status_code == 302
    page = web.get(f"{url}/")
    assert 'id="composition"' in page.text and 'data-status="certified"' in page.text
    election.refresh_from_db()
    assert election.new_term.seat_set.get().person == young
