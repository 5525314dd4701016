"""Bulk approval goes through a confirmation page (no browser confirm()): GET lists the selected filings and
which will be approved; only the POST approves; the review queue's rows carry the checkboxes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from activities import services
from activities.models import Activity

pytestmark = pytest.mark.django_db


def _submitted(make_filing, secretary_a, **kw):
    return services.submit_filing(actor=secretary_a, activity=make_filing(**kw))


def test_confirmation_page_lists_what_will_happen_and_writes_nothing(
    login, cast_admin, secretary_a, make_filing
):
    clean = _submitted(make_filing, secretary_a, title="按时研讨")
    soon = timezone.localdate() + timedelta(days=3)
    late = _submitted(make_filing, secretary_a, title="迟报研讨", starts_on=soon, ends_on=soon)
    client = login(cast_admin)
    queue = client.get("/activities/review/").content.decode()
    assert 'id="bulk-approve"' in queue and "confirm(" not in queue and "data-confirm" not in queue
    page = client.get("/activities/review/bulk-approve/", {"ids": [clean.pk, late.pk]})
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-pk="{clean.pk}" data-clean="1"' in html and f'data-pk="{late.pk}" data-clean="0"' in html
    assert Activity.objects.get(pk=clean.pk).status == "submitted"  # GET changes nothing

    response = client.post("/activities/review/bulk-approve/", {"ids": [clean.pk, late.pk]})
    assert response.status_code == 302
    assert Activity.objects.get(pk=clean.pk).status == "approved"
    assert Activity.objects.get(pk=late.pk).status == "submitted"


def test_confirmation_page_without_a_selection(login, cast_admin):
    html = login(cast_admin).get("/activities/review/bulk-approve/").content.decode()
    assert 'id="bulk-nothing"' in html


def test_only_cast_reaches_the_confirmation_page(login, regulator, secretary_a, make_filing):
    filing = _submitted(make_filing, secretary_a)
    assert login(regulator).get("/activities/review/bulk-approve/", {"ids": filing.pk}).status_code == 403
    assert 'id="bulk-approve"' not in login(regulator).get("/activities/review/").content.decode()


def test_review_queue_sorts_and_filters(login, cast_admin, secretary_a, make_filing):
    a = _submitted(make_filing, secretary_a, title="甲研讨")
    b = _submitted(make_filing, secretary_a, title="乙研讨")
    client = login(cast_admin)
    rows = [r.obj.pk for r in client.get("/activities/review/?sort=-submitted_at").context["table"].rows]
    assert rows == [b.pk, a.pk]
    assert [r.obj.pk for r in client.get("/activities/review/?q=甲").context["table"].rows] == [a.pk]
