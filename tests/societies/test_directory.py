"""Member directory: search, filters, ordering, pagination, own-society rule, constant query count."""

import pytest

from ..factories import MembershipFactory

pytestmark = pytest.mark.django_db


def url(society, query=""):
    return f"/societies/{society.pk}/members/{query}"


def names(response):
    return [row.obj.person.name for row in response.context["table"].rows]


def test_search_and_filters(login, secretary_a, society_a, society_b):
    MembershipFactory(society=society_a, person__name="王化学", person__employer="北京大学", number="A001")
    MembershipFactory(society=society_a, person__name="李分子", tier="fellow", number="A002")
    MembershipFactory(
        society=society_a,
        person__name="陈港",
        person__region="hong_kong",
        number="A003",
        person__id_type="hmt_permit",
        person__id_number="H12345678",
    )
    MembershipFactory(society=society_a, person__name="赵过期", status="lapsed", number="A004")
    MembershipFactory(society=society_b, person__name="王物理", number="B001")
    client = login(secretary_a)
    assert names(client.get(url(society_a))) == ["王化学", "李分子", "陈港", "赵过期"]
    assert names(client.get(url(society_a, "?q=王"))) == ["王化学"]
    assert names(client.get(url(society_a, "?q=A002"))) == ["李分子"]
    assert names(client.get(url(society_a, "?q=北京大学"))) == ["王化学"]
    assert names(client.get(url(society_a, "?tier=fellow"))) == ["李分子"]
    assert names(client.get(url(society_a, "?status=lapsed"))) == ["赵过期"]
    assert names(client.get(url(society_a, "?region=hong_kong"))) == ["陈港"]
    assert names(client.get(url(society_a, "?sort=name")))[0] == "李分子"  # 李 < 王 < 赵 < 陈 by code point


def test_pagination_fifty_per_page(login, secretary_a, society_a):
    MembershipFactory.create_batch(55, society=society_a)
    client = login(secretary_a)
    first = client.get(url(society_a))
    assert len(first.context["page"]) == 50 and first.context["table"].count == 55
    assert len(client.get(url(society_a, "?page=2")).context["page"]) == 5
    assert len(client.get(url(society_a, "?per_page=25&page=3")).context["page"]) == 5


def test_rows_link_to_the_membership_and_the_person(login, secretary_a, society_a):
    membership = MembershipFactory(society=society_a, person__name="王链接")
    html = login(secretary_a).get(url(society_a)).content.decode()
    assert f'data-href="/members/memberships/{membership.pk}/"' in html
    assert f'href="/members/people/{membership.person_id}/"' in html


def test_other_secretary_and_member_refused(login, secretary_b, member, regulator, society_a):
    MembershipFactory(society=society_a)
    assert login(secretary_b).get(url(society_a)).status_code == 403
    assert login(member).get(url(society_a)).status_code == 403
    assert login(regulator).get(url(society_a)).status_code == 403  # personal data: not the regulator's
    assert login(secretary_b).get(url(society_a).replace(str(society_a.pk), "999999")).status_code == 404


def test_cast_admin_reads_directory(login, cast_admin, society_a):
    MembershipFactory(society=society_a)
    assert login(cast_admin).get(url(society_a)).status_code == 200


def _queries_for(client, society, query=""):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url(society, query)).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("query", ["", "?q=测试&tier=ordinary&region=mainland"])
def test_constant_query_count(login, secretary_a, society_a, query, django_assert_num_queries):
    client = login(secretary_a)
    MembershipFactory.create_batch(5, society=society_a)
    few = _queries_for(client, society_a, query)
    MembershipFactory.create_batch(195, society=society_a)
    many = _queries_for(client, society_a, query)
    assert few == many
    with django_assert_num_queries(few):
        client.get(url(society_a, query))
