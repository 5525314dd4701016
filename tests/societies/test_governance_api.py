"""Read endpoints for governance under `societies/<id>/`: bodies and officers (public), charters (scoped)."""

from datetime import date

import pytest

from societies import services

from ..factories import PersonFactory, SeatFactory, TermFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def governed(secretary_a, society_a):
    services.add_charter_version(
        actor=secretary_a,
        society=society_a,
        adopted_on=date(2021, 6, 1),
        has_party_leadership_clause=True,
        business_scope=["150"],
    )
    term = TermFactory(body__society=society_a, seats=50)
    SeatFactory.create_batch(2, term=term)
    services.appoint_officer(
        actor=secretary_a,
        society=society_a,
        person=PersonFactory(name="秘书长甲"),
        position="secretary_general",
        starts_on=date(2022, 1, 1),
        full_time=True,
    )
    return society_a


def test_bodies_and_officers_are_public(api, governed):
    bodies = api.get(f"/api/v1/societies/{governed.pk}/bodies/").json()
    assert bodies[0]["kind"] == "council"
    assert (bodies[0]["terms"][0]["seats"], bodies[0]["terms"][0]["filled"]) == (50, 2)
    officers = api.get(f"/api/v1/societies/{governed.pk}/officers/").json()
    assert [(o["position"], o["name"], o["full_time"]) for o in officers] == [
        ("secretary_general", "秘书长甲", True)
    ]
    assert api.get(f"/api/v1/societies/{governed.pk}/").json()["secretary_general_full_time"] is True


def test_charters_only_for_those_who_read_governance(api, governed, secretary_a, secretary_b, regulator):
    url = f"/api/v1/societies/{governed.pk}/charters/"
    assert api.get(url).status_code == 401
    assert [c["version"] for c in api.as_user(secretary_a).get(url).json()] == [1]
    assert api.as_user(regulator).get(url).json()[0]["has_party_leadership_clause"] is True
    assert api.as_user(secretary_b).get(url).status_code == 403  # another society's charters: refused
