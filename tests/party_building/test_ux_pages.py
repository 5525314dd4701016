"""What the Party-building pages show: money with separators, status labels in histories, and the
Party-organization list as one compact row per society with filters and pages."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from party_building.choices import MatterStatus
from party_building.gate import matter_for
from party_building.models import PartyOrganization
from party_building.services import finance, matters
from tests.factories import SocietyFactory

pytestmark = pytest.mark.django_db
BASE = "/party-building"


def test_money_is_formatted_everywhere(login, society_a, secretary_a):
    exp = finance.record_expenditure(
        actor=secretary_a,
        society=society_a,
        amount=Decimal("800000"),
        purpose="学术年会",
        spent_on=date(2026, 3, 1),
    )
    matter = matter_for(exp)
    web = login(secretary_a)
    for url in (
        f"{BASE}/finance/",
        exp.get_absolute_url(),
        f"{BASE}/matters/",
        f"{BASE}/matters/{matter.pk}/",
    ):
        page = web.get(url).content.decode()
        assert "¥800,000.00" in page, url
        assert "800000.00" not in page, url


def test_matter_history_shows_status_labels(login, society_a, secretary_a, reviewer_a):
    matter = matters.create_matter(actor=secretary_a, society=society_a, kind="plan", title="年度计划")
    matters.return_matter(actor=reviewer_a, matter=matter, opinion="请修改")
    page = login(secretary_a).get(f"{BASE}/matters/{matter.pk}/").content.decode()
    history = page.split('id="status-history"', 1)[1]
    assert f"<td>{MatterStatus.RETURNED.label}</td>" in history
    assert "<td>returned</td>" not in history and "<td>pending</td>" not in history


def _org_page(web, query=""):
    return web.get(f"{BASE}/organizations/{query}").content.decode()


def test_organization_list_is_compact_filterable_and_paged(
    login, cast_admin, secretary_a, society_a, society_b
):
    for level, count in (("council_committee", 9), ("office", 5)):
        PartyOrganization.objects.create(society=society_b, level=level, members_count=count)
    extra = [SocietyFactory() for _ in range(25)]
    web = login(cast_admin)
    page = _org_page(web)
    assert page.count('class="society-row"') == 25  # 27 societies, 25 a page
    assert 'class="collapse show"' not in page  # details folded away
    page = _org_page(web, "?page=2")
    assert page.count('class="society-row"') == 2
    # one society: its details are open
    page = _org_page(web, f"?society={society_b.pk}")
    assert page.count('class="society-row"') == 1 and f'data-society="{society_b.pk}"' in page
    assert 'class="collapse show"' in page
    # with advisories only: society_b has its council and office levels, no branch, so no advisory
    page = _org_page(web, "?gaps=1")
    assert f'data-society="{society_b.pk}"' not in page
    assert f'data-society="{society_a.pk}"' in page and f'data-society="{extra[0].pk}"' in page
    # sorted by the Party members the levels count: society_b's 14 first when descending
    table = web.get(f"{BASE}/organizations/?sort=-party_members").context["table"]
    assert table.rows[0].obj == society_b and table.rows[0].obj.party_members == 14
    # a secretary sees their society only, expanded, without the society filter
    page = _org_page(login(secretary_a))
    assert page.count('class="society-row"') == 1 and f'data-society="{society_a.pk}"' in page
    assert 'class="collapse show"' in page and 'name="society"' not in page


def test_organization_list_queries_stay_flat(login, cast_admin, society_a, django_assert_max_num_queries):
    web = login(cast_admin)
    with CaptureQueriesContext(connection) as few:
        _org_page(web)
    for society in [SocietyFactory() for _ in range(15)]:
        PartyOrganization.objects.create(society=society, level="office", members_count=4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        _org_page(web)
