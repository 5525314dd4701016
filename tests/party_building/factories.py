"""Test data of Party building: people, sanctions, bodies with a current term."""

from datetime import date

import factory

from members.choices import CreditKind, Sector
from members.models import CreditRecord, Membership, Person
from societies.models import GovernanceBody, Term


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"候选人{n}")
    birth_date = date(1970, 5, 1)
    employer = "某大学"
    sector = Sector.UNIVERSITY


def member_of(society, **kwargs) -> Person:
    person = PersonFactory(**kwargs)
    Membership.objects.create(society=society, person=person, status="active")
    return person


def sanction(person, recorded_by, starts_on=date(2020, 1, 1), ends_on=None) -> CreditRecord:
    return CreditRecord.objects.create(
        person=person,
        kind=CreditKind.SANCTION,
        summary="学术不端处理",
        starts_on=starts_on,
        ends_on=ends_on,
        source_document="科协〔2020〕1号",
        recorded_by=recorded_by,
    )


def council_with_term(society, seats=5) -> GovernanceBody:
    body = GovernanceBody.objects.create(society=society, kind="council")
    Term.objects.create(
        body=body,
        number=1,
        starts_on=date(2021, 1, 1),
        ends_on=date(2026, 1, 1),
        seats=seats,
        status="current",
    )
    return body
