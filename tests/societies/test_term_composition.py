"""R-GOV-03: one computation of a term's council composition (`societies.selectors.term_composition`),
shared by the workspace term page, CAST's overview and the election result."""

from datetime import date
from decimal import Decimal

import pytest

from party_building.services.elections import council_composition
from societies.selectors import term_composition

from ..factories import SeatFactory, TermFactory

pytestmark = pytest.mark.django_db


def test_age_is_counted_in_the_year_the_term_starts(login, secretary_a, cast_admin, society_a):
    term = TermFactory(body__society=society_a, starts_on=date(2000, 1, 1), ends_on=date(2005, 1, 1))
    SeatFactory(term=term, birth_year=1951, grassroots=True)  # 49 in 2000, far over 50 today
    SeatFactory(term=term, birth_year=1950)  # 50 in 2000: not under 50
    SeatFactory(term=term, birth_year=None)  # unknown: counted as not under 50
    composition = term_composition(term)
    assert composition["as_of"] == date(2000, 1, 1)
    assert (composition["seats"], composition["under50"], composition["unknown_age"]) == (3, 1, 1)
    assert composition["under50_share"] == Decimal("0.333") == composition["grassroots_share"]
    assert composition["grassroots_target"] == Decimal("0.20") and not composition["grassroots_below"]
    assert composition["under50_target"] == Decimal("0.30") and not composition["under50_below"]
    # The same figures everywhere the composition is shown.
    assert council_composition(term) == composition
    page = login(secretary_a).get(f"/societies/{society_a.pk}/workspace/terms/{term.pk}/")
    assert page.context["composition"]["under50_share"] == Decimal("0.333")
    assert page.context["composition"]["total"] == 3
    row = login(cast_admin).get("/societies/cast/").context["table"].rows[0].obj
    assert row.council_under50 == 1 and row.under50_share == Decimal("0.333")


def test_no_seats_gives_no_shares(society_a):
    composition = term_composition(TermFactory(body__society=society_a))
    assert composition["seats"] == 0
    assert composition["grassroots_share"] is None and composition["under50_share"] is None
    assert not composition["grassroots_below"] and not composition["under50_below"]
    assert council_composition(None) is None
