"""Pages of society A that concern a person also known to society B show nothing of B to A's secretariat
("never another society's data", DOMAIN.md) — the matrix checks who reaches a page, these what it shows."""

import pytest

from tests.factories import ApplicationFactory, MembershipFactory, PersonFactory


@pytest.mark.django_db
def test_application_detail_hides_the_applicants_memberships_of_other_societies(
    login, secretary_a, cast_admin, society_a, society_b
):
    applicant = PersonFactory(name="王申请")
    MembershipFactory(society=society_b, person=applicant, number="CPS-000042")
    application = ApplicationFactory(society=society_a, person=applicant, applicant=None)

    page = login(secretary_a).get(f"/members/applications/{application.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "王申请" in html
    assert society_b.name not in html and "CPS-000042" not in html

    # CAST sees every society, so it is shown the other membership
    page = login(cast_admin).get(f"/members/applications/{application.pk}/")
    assert society_b.name in page.content.decode()
