import pytest

from members.choices import IdType, Region

from ..factories import ApplicationFactory, PersonFactory


@pytest.fixture
def member_person(member):
    """The `member` persona's own profile."""
    return PersonFactory(user=member, name="刘会员", email="member1@example.org")


@pytest.fixture
def hk_person(db):
    return PersonFactory(
        name="陈港生", region=Region.HONG_KONG, id_type=IdType.HMT_PERMIT, id_number="H12345678"
    )


@pytest.fixture
def application_a(society_a, member_person):
    """An open application of the member to society A."""
    return ApplicationFactory(society=society_a, person=member_person)


@pytest.fixture
def flagged_application_a(society_a, hk_person):
    return ApplicationFactory(society=society_a, person=hk_person, needs_explicit_approval=True)
