"""Factories for people, memberships and governance rows used by the societies tests."""

from datetime import date

import factory

from members.models import Membership, Person
from members.validators import mainland_id_check_char
from societies.models import GovernanceBody, Seat, Term

from ..factories import SocietyFactory


def mainland_id(n: int, birth: str = "19800101") -> str:
    body = f"110101{birth}{n % 1000:03d}"
    return body + mainland_id_check_char(body)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"测试人{n}")
    id_type = "mainland_id"
    id_number = factory.Sequence(lambda n: mainland_id(n, f"19{50 + n // 1000 % 40:02d}0101"))
    birth_date = date(1975, 5, 1)
    region = "mainland"
    employer = factory.Sequence(lambda n: f"单位{n}")
    sector = "university"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    society = factory.SubFactory(SocietyFactory)
    person = factory.SubFactory(PersonFactory)
    tier = "ordinary"
    category = "individual"
    status = "active"
    number = factory.Sequence(lambda n: f"M{n:06d}")
    joined_on = date(2020, 1, 1)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernanceBody

    society = factory.SubFactory(SocietyFactory)
    kind = "council"


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    body = factory.SubFactory(BodyFactory)
    number = 1
    starts_on = date(2022, 1, 1)
    ends_on = date(2027, 1, 1)
    seats = 0
    status = "current"


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seat

    term = factory.SubFactory(TermFactory)
    person = factory.SubFactory(PersonFactory)
    birth_year = 1970
    grassroots = False
    sector = "university"
