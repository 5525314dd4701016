"""CAST workspace: key figures per society, filters, who may read it, constant query count."""

from datetime import date
from decimal import Decimal

import pytest

from members.choices import MembershipTier
from societies.models import Society

from ..factories import MembershipFactory, SeatFactory, SocietyFactory, TermFactory

pytestmark = pytest.mark.django_db
URL = "/societies/cast/"


def with_governance(society, seats=4):
    MembershipFactory(society=society, tier="fellow")
    MembershipFactory.create_batch(2, society=society, tier="student")
    MembershipFactory(society=society, tier="ordinary", status="lapsed")
    term = TermFactory(body__society=society)
    young = date.today().year - 40
    for i in range(seats):
        SeatFactory(term=term, grassroots=(i == 0), birth_year=young if i < 2 else 1950)
    closed = TermFactory(
        body=term.body, number=0, status="closed", starts_on=date(2015, 1, 1), ends_on=date(2020, 1, 1)
    )
    SeatFactory.create_batch(3, term=closed, grassroots=True)  # history: not counted


def test_key_figures(login, cast_admin, society_a, society_b):
    with_governance(society_a)
    society_a.secretary_general_full_time = True
    society_a.save()
    response = login(cast_admin).get(URL)
    assert response.status_code == 200
    rows = {r.obj.code: r.obj for r in response.context["table"].rows}
    a = rows["ccs"]
    assert a.members_active == 3
    # student, ordinary, senior, fellow, honorary
    assert [getattr(a, f"m_{tier}") for tier in MembershipTier.values] == [2, 0, 0, 1, 0]
    assert a.council_seats == 4
    assert a.grassroots_share == Decimal("0.25") and a.under50_share == Decimal("0.5")
    assert "data-below-target" not in response.content.decode()
    assert a.secretary_general_full_time
    b = rows["cps"]
    assert b.members_active == 0 and b.grassroots_share is None


def test_below_target_is_marked(login, cast_admin, society_a):
    with_governance(society_a, seats=10)  # 1/10 grassroots < 20%, 2/10 under 50 < 30%
    page = login(cast_admin).get(URL).content.decode()
    assert 'data-below-target="grassroots"' in page and 'data-below-target="under50"' in page


def test_filters(login, regulator, society_a, society_b):
    society_b.secretary_general_full_time = True
    society_b.discipline = "engineering"
    society_b.save()
    client = login(regulator)
    codes = lambda q: [r.obj.code for r in client.get(URL + q).context["table"].rows]  # noqa: E731
    assert codes("") == ["ccs", "cps"]
    assert codes("?sg_full_time=yes") == ["cps"]
    assert codes("?sg_full_time=no") == ["ccs"]
    assert codes("?discipline=engineering") == ["cps"]
    assert codes("?q=化学") == ["ccs"]
    Society.objects.filter(pk=society_a.pk).update(status="suspended")
    assert codes("?status=suspended") == ["ccs"]


def test_only_cast_and_regulator(login, secretary_a, member):
    assert login(secretary_a).get(URL).status_code == 403
    assert login(member).get(URL).status_code == 403


def test_constant_query_count(login, cast_admin, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(cast_admin)
    for _ in range(3):
        with_governance(SocietyFactory(), seats=2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    for _ in range(27):
        with_governance(SocietyFactory(), seats=2)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert len(response.context["table"].rows) == 30
