"""Issue 14, finding 8: a rejected applicant's personal data leaves the deciding secretariat's reach once
the decision is DECIDED_APPLICANT_DAYS old; CAST and the person still see it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members.models import MembershipApplication
from members.services import joining
from tests.factories import ApplicationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_rejected_applicant_data_expires_for_the_secretariat(
    api, login, client, secretary_a, cast_admin, society_a
):
    person = PersonFactory(name="申请人甲", email="applicant@example.org")
    application = ApplicationFactory(society=society_a, person=person)
    joining.reject_application(actor=secretary_a, application=application, comment="不符合条件")
    sec = api.as_user(secretary_a)
    assert sec.get(f"/api/v1/people/{person.pk}/").status_code == 200  # recently decided: still theirs
    page = login(secretary_a).get(f"/members/applications/{application.pk}/").content.decode()
    assert "applicant@example.org" in page

    MembershipApplication.objects.filter(pk=application.pk).update(
        decided_at=timezone.now() - timedelta(days=91)
    )
    assert sec.get(f"/api/v1/people/{person.pk}/").status_code == 404
    page = login(secretary_a).get(f"/members/applications/{application.pk}/").content.decode()
    assert 'id="data-expired"' in page and "applicant@example.org" not in page
    assert api.as_user(cast_admin).get(f"/api/v1/people/{person.pk}/").status_code == 200
