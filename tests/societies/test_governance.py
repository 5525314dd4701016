"""Charter versions (R-GOV-01), terms (R-GOV-02), seats (R-ETH-02), officers and the secretary-general
full-time flag (R-GOV-04): services, workspace pages and cross-society refusals."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from core.errors import DomainError
from core.models import AuditEntry
from societies import services
from societies.models import CharterVersion, Officer, Seat, Term

from ..factories import CreditRecordFactory, MembershipFactory, PersonFactory, TermFactory

pytestmark = pytest.mark.django_db


def add_charter(actor, society, adopted, clause=True, scope=("150",)):
    return services.add_charter_version(
        actor=actor,
        society=society,
        adopted_on=adopted,
        has_party_leadership_clause=clause,
        business_scope=list(scope),
        business_scope_text=f"scope {adopted.year}",
    )


def test_charter_versions_are_kept_and_scope_follows_newest(secretary_a, society_a):
    v1 = add_charter(secretary_a, society_a, date(2016, 5, 1), clause=False, scope=["150"])
    v2 = add_charter(secretary_a, society_a, date(2021, 6, 1), clause=True, scope=["150", "140"])
    assert (v1.version, v2.version) == (1, 2)
    v1.refresh_from_db()
    assert v1.has_party_leadership_clause is False and v1.business_scope == ["150"]
    society_a.refresh_from_db()
    assert society_a.business_scope == ["140", "150"] and society_a.business_scope_text == "scope 2021"
    assert AuditEntry.objects.filter(action="societies.charter.added").count() == 2


def test_charter_cannot_predate_the_latest_version(secretary_a, society_a):
    add_charter(secretary_a, society_a, date(2021, 6, 1))
    with pytest.raises(DomainError) as exc:
        add_charter(secretary_a, society_a, date(2020, 1, 1))
    assert exc.value.rule == "R-GOV-01" and exc.value.field == "adopted_on"
    assert CharterVersion.objects.filter(society=society_a).count() == 1


def test_charter_page_adds_version(login, secretary_a, society_a):
    client = login(secretary_a)
    url = f"/societies/{society_a.pk}/workspace/charters/new/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"adopted_on": "2021-06-01", "has_party_leadership_clause": "on", "business_scope": ["150"]},
    )
    assert response.status_code == 302
    charter = CharterVersion.objects.get(society=society_a)
    assert charter.version == 1 and charter.has_party_leadership_clause and charter.recorded_by == secretary_a


def test_charter_of_other_society_refused(login, secretary_b, society_a):
    response = login(secretary_b).post(
        f"/societies/{society_a.pk}/workspace/charters/new/",
        {"adopted_on": "2021-06-01", "business_scope": ["150"]},
    )
    assert response.status_code == 403
    assert not CharterVersion.objects.exists()
    with pytest.raises(PermissionDenied):
        add_charter(secretary_b, society_a, date(2021, 6, 1))


def test_new_term_closes_the_current_one(secretary_a, society_a):
    t1 = services.open_term(
        actor=secretary_a,
        society=society_a,
        kind="council",
        number=9,
        starts_on=date(2016, 1, 1),
        ends_on=date(2021, 1, 1),
        seats=40,
    )
    t2 = services.open_term(
        actor=secretary_a,
        society=society_a,
        kind="council",
        number=10,
        starts_on=date(2021, 1, 1),
        ends_on=date(2026, 1, 1),
        seats=45,
    )
    t1.refresh_from_db()
    assert t1.status == "closed" and t2.status == "current"
    with pytest.raises(DomainError) as exc:
        services.open_term(
            actor=secretary_a,
            society=society_a,
            kind="council",
            number=10,
            starts_on=date(2026, 1, 1),
            ends_on=date(2031, 1, 1),
        )
    assert exc.value.rule == "R-GOV-02"
    with pytest.raises(DomainError):
        services.open_term(
            actor=secretary_a,
            society=society_a,
            kind="council",
            number=11,
            starts_on=date(2026, 1, 1),
            ends_on=date(2025, 1, 1),
        )
    assert Term.objects.filter(body__society=society_a).count() == 2


def test_seats_fill_and_sanctioned_person_refused(secretary_a, cast_admin, society_a):
    term = TermFactory(body__society=society_a, seats=1)
    person = PersonFactory(birth_date=date(1985, 3, 1))
    seat = services.add_seat(actor=secretary_a, term=term, person=person, grassroots=True)
    assert seat.birth_year == 1985 and seat.sector == "university"
    with pytest.raises(DomainError) as exc:
        services.add_seat(actor=secretary_a, term=term, person=PersonFactory())
    assert exc.value.rule == "R-GOV-02"  # all seats filled
    term.seats = 10
    term.save()
    sanctioned = PersonFactory()
    CreditRecordFactory(person=sanctioned, recorded_by=cast_admin)
    with pytest.raises(DomainError) as exc:
        services.add_seat(actor=secretary_a, term=term, person=sanctioned)
    assert exc.value.rule == "R-ETH-02"
    assert Seat.objects.filter(term=term).count() == 1


def test_seat_page_looks_up_member_by_number(login, secretary_a, society_a):
    term = TermFactory(body__society=society_a)
    membership = MembershipFactory(society=society_a)
    client = login(secretary_a)
    url = f"/societies/{society_a.pk}/workspace/terms/{term.pk}/"
    response = client.post(url, {"person": membership.number, "grassroots": "on", "sector": ""})
    assert response.status_code == 302
    assert Seat.objects.get(term=term).person == membership.person
    outsider_person = PersonFactory()
    response = client.post(url, {"person": outsider_person.id_number})
    assert "person" in response.context["form"].errors
    assert Seat.objects.filter(term=term).count() == 1


def test_secretary_general_full_time_follows_the_sitting_one(secretary_a, society_a):
    assert society_a.secretary_general_full_time is False
    first = services.appoint_officer(
        actor=secretary_a,
        society=society_a,
        person=PersonFactory(),
        position="secretary_general",
        starts_on=date(2022, 1, 1),
        full_time=True,
    )
    society_a.refresh_from_db()
    assert society_a.secretary_general_full_time is True
    services.appoint_officer(
        actor=secretary_a,
        society=society_a,
        person=PersonFactory(),
        position="secretary_general",
        starts_on=date(2024, 1, 1),
        full_time=False,
    )
    first.refresh_from_db()
    assert first.ends_on == date(2024, 1, 1)
    society_a.refresh_from_db()
    assert society_a.secretary_general_full_time is False
    sitting = Officer.objects.get(society=society_a, position="secretary_general", ends_on__isnull=True)
    services.set_officer_full_time(actor=secretary_a, officer=sitting, full_time=True, comment="转为专职")
    society_a.refresh_from_db()
    assert society_a.secretary_general_full_time is True
    services.end_officer(actor=secretary_a, officer=sitting, ends_on=date(2025, 1, 1), comment="辞职")
    society_a.refresh_from_db()
    assert society_a.secretary_general_full_time is False
    assert AuditEntry.objects.filter(action="societies.society.sg_full_time_synced").count() == 4
    assert society_a.history.filter(secretary_general_full_time=True).exists()


def test_officer_pages(login, secretary_a, society_a):
    membership = MembershipFactory(society=society_a)
    client = login(secretary_a)
    response = client.post(
        f"/societies/{society_a.pk}/workspace/officers/new/",
        {
            "position": "secretary_general",
            "person": membership.number,
            "starts_on": "2023-01-01",
            "full_time": "on",
        },
    )
    assert response.status_code == 302
    society_a.refresh_from_db()
    assert society_a.secretary_general_full_time is True
    officer = Officer.objects.get(society=society_a)
    url = f"/societies/{society_a.pk}/workspace/officers/{officer.pk}/full-time/"
    assert client.get(url).status_code == 200  # confirmation page
    assert client.post(url, {"comment": "兼职"}).status_code == 302
    society_a.refresh_from_db()
    assert society_a.secretary_general_full_time is False


def test_other_secretary_cannot_touch_officers_or_terms(login, secretary_b, secretary_a, society_a):
    officer = services.appoint_officer(
        actor=secretary_a,
        society=society_a,
        person=PersonFactory(),
        position="secretary_general",
        starts_on=date(2022, 1, 1),
        full_time=True,
    )
    term = TermFactory(body__society=society_a)
    client = login(secretary_b)
    base = f"/societies/{society_a.pk}/workspace"
    assert client.post(f"{base}/officers/{officer.pk}/full-time/", {"comment": "x"}).status_code == 403
    assert (
        client.post(
            f"{base}/officers/{officer.pk}/end/", {"ends_on": "2024-01-01", "comment": "x"}
        ).status_code
        == 403
    )
    assert client.get(f"{base}/").status_code == 403
    assert client.get(f"{base}/terms/{term.pk}/").status_code == 403
    assert (
        client.post(
            f"{base}/terms/new/",
            {"kind": "council", "number": 2, "starts_on": "2027-01-01", "ends_on": "2032-01-01", "seats": 3},
        ).status_code
        == 403
    )
    officer.refresh_from_db()
    society_a.refresh_from_db()
    assert officer.full_time and officer.ends_on is None and society_a.secretary_general_full_time
    assert Term.objects.filter(body__society=society_a).count() == 1


def test_overview_for_secretary_cast_regulator(login, secretary_a, cast_admin, regulator, member, society_a):
    add_charter(secretary_a, society_a, date(2021, 6, 1))
    TermFactory(body__society=society_a)
    for user, editable in ((secretary_a, True), (cast_admin, True), (regulator, False)):
        response = login(user).get(f"/societies/{society_a.pk}/workspace/")
        assert response.status_code == 200
        assert response.context["can_change"] is editable
        assert len(response.context["charters"]) == 1
        assert response.context["field_history"]
    assert login(member).get(f"/societies/{society_a.pk}/workspace/").status_code == 403
