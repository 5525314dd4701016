"""Searching people by a short term at 6M people (issue 15): two characters — most Chinese names — are
matched anywhere in the name by the bigram index, which PostgreSQL really uses for the query the portal
sends (EXPLAIN with sequential scans off), as the ID-number lookup uses its own index; the picker and the
member directory find the same people an `icontains` would."""

import pytest
from django.db import connection

from members.models import Person
from members.selectors import name_contains, people_matching

from ..factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

NAMES = ["张伟", "李张伟", "张伟明", "王芳", "张明伟"]


@pytest.fixture
def people():
    return {name: PersonFactory(name=name, employer="清华大学") for name in NAMES}


def plan(queryset, *, sorting: bool = True) -> str:
    """EXPLAIN with sequential scans off — and sorts, with sorting=False: on a table of a few rows a sort
    is cheapest, so only then does the plan show whether an index can deliver the order by itself."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        if not sorting:
            cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("term", ["张伟", "伟明", "明伟", "王芳", "李张伟", "伟"])
def test_a_short_term_finds_what_icontains_finds(people, term):
    expected = {p.pk for n, p in people.items() if term in n} if len(term) > 1 else set()
    if len(term) == 1:  # one character: names starting with it
        expected = {p.pk for n, p in people.items() if n.startswith(term)}
    assert set(name_contains(term).values_list("pk", flat=True)) == expected


def test_two_characters_use_the_bigram_index(people):
    assert "person_name_bigrams" in plan(name_contains("张伟"))
    assert "person_name_trgm" in plan(name_contains("张伟明"))


def test_an_id_number_uses_its_own_index(people):
    number = people["王芳"].id_number
    found = Person.objects.filter(pk__in=people_matching(number))
    assert list(found) == [people["王芳"]]
    assert "person_id_number" in plan(Person.objects.filter(id_number=number))


def test_the_picker_and_the_directory_find_two_character_names(login, secretary_a, society_a, people):
    for person in people.values():
        MembershipFactory(society=society_a, person=person)
    client = login(secretary_a)
    page = client.get("/members/people/search/", {"q": "张伟", "society": society_a.pk}).content.decode()
    assert all(name in page for name in ("张伟", "李张伟", "张伟明")) and "王芳" not in page
    directory = client.get(f"/societies/{society_a.pk}/members/", {"q": "伟明"}).content.decode()
    assert "张伟明" in directory and "李张伟" not in directory


def test_the_picker_lists_names_beginning_with_the_term_first_then_the_rest_by_name(people):
    """search_people: 张伟 and 张伟明 (they begin with the term) before 李张伟 and 张明伟's neighbours —
    though 李 sorts before 张 — then the rest in name order; the limit counts both parts."""
    from members.selectors import search_people

    employer_only = PersonFactory(name="阿明", employer="张伟科技公司")

    def names(term, limit=10):
        return [p.name for p in search_people(term, lambda qs: qs, limit)]

    assert names("张伟") == ["张伟", "张伟明", "李张伟"]
    assert names("张伟", limit=2) == ["张伟", "张伟明"]  # the beginnings fill the limit: nothing else read
    assert names("张伟", limit=3) == ["张伟", "张伟明", "李张伟"]
    assert names("伟明") == ["张伟明"]  # in the middle only
    assert names("张伟科技") == [employer_only.name]  # by employer, from three characters


def test_the_beginning_of_a_name_is_read_in_index_order(people):
    """The first part is answered by the person_name_prefix index (members 0014), read in order: no sort
    of every match (the cost of a common name at 6M people)."""
    from members.selectors import beginning_with

    query = beginning_with(Person.objects.all(), "张伟", "name")
    explained = plan(query[:21], sorting=False)
    assert "person_name_prefix" in explained and "Sort" not in explained


def test_the_picker_lists_people_whose_employer_begins_with_the_term_after_the_names(people):
    """From three characters: the names that begin with the term, then the employers that begin with it
    (by employer, then name), then what is found elsewhere (by name) — a university of 300,000 people is
    read in index order (person_employer_prefix, members 0015), not sorted whole."""
    from members.selectors import beginning_with, search_people

    PersonFactory(name="北大人", employer="清华")  # no: the employer does not begin with the term
    named = PersonFactory(name="清华大学之友", employer="其他")
    elsewhere = PersonFactory(name="甲", employer="北京清华大学校友会")
    found = [p.name for p in search_people("清华大学", lambda qs: qs, 20)]
    assert found[0] == named.name  # the name that begins with the term
    assert found[1:6] == sorted(n for n in NAMES)  # everyone of 清华大学, by name
    assert found[6:] == [elsewhere.name]  # the employer that merely contains it
    explained = plan(beginning_with(Person.objects.all(), "清华大学", "employer", "name")[:21], sorting=False)
    assert "person_employer_prefix" in explained and "Sort" not in explained


def test_a_membership_number_is_looked_up_as_a_number_only(people, django_assert_max_num_queries):
    """A code-like term (letters, digits, dashes, a digit in it) is a membership or ID number: found by
    its exact value in either case, without the trigram searches of names and employers."""
    from members.selectors import search_people

    member = MembershipFactory(person=people["王芳"], number="S001-0123457")
    with django_assert_max_num_queries(1):
        assert search_people("s001-0123457", lambda qs: qs, 20) == [member.person]
    assert search_people("S001-0123", lambda qs: qs, 20) == []  # a number is matched whole
