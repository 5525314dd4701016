"""Factories for people, memberships and applications (members tests only)."""

import itertools

import factory

from members.choices import IdType, Region
from members.models import Membership, MembershipApplication, Person
from members.validators import mainland_id_check_char

_seq = itertools.count(1)


def valid_mainland_id(n: int | None = None, birth: str = "19850312") -> str:
    n = next(_seq) if n is None else n
    first17 = f"110108{birth}{n % 1000:03d}"
    return first17 + mainland_id_check_char(first17)


def wrong_check_digit(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"张{n}号")
    id_type = IdType.MAINLAND_ID
    id_number = factory.LazyFunction(valid_mainland_id)
    region = Region.MAINLAND
    employer = "北京大学"
    sector = "university"
    email = factory.Sequence(lambda n: f"person{n}@example.cn")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    status = "active"
    number = factory.Sequence(lambda n: f"T-2026-{n:06d}")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipApplication

    person = factory.SubFactory(PersonFactory)
    applicant = factory.LazyAttribute(lambda o: o.person.user)
