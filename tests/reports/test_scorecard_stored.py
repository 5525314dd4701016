"""The scorecard pages read stored counts (reports.ScorecardData), so a page never reads 6M memberships
(issue 15): what changed since is shown after the nightly recount or CAST's "recount now" (audited; the
service refuses anyone else), the page says when it was counted, and a change of weights shows at once."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from core.rule_settings import change_rule_setting
from reports import scorecard
from reports.models import ScorecardData
from reports.tasks import refresh_scorecards
from societies.models import Society

from .test_scorecard import YEAR, _activity, three  # noqa: F401  (three: the fixture)

pytestmark = pytest.mark.django_db


def _academic(response, code):
    return next(i["row"] for i in response.context["rows"] if i["row"].society.code == code).scores[
        "academic"
    ]


@pytest.mark.usefixtures("three")
def test_the_page_shows_stored_counts_until_recounted(
    login, cast_admin, regulator, django_capture_on_commit_callbacks
):
    client = login(cast_admin)
    url = reverse("reports:scorecard")
    first = client.get(url, {"year": YEAR})
    assert set(ScorecardData.objects.values_list("year", flat=True)) == {YEAR, YEAR - 1}
    assert (
        'id="scorecard-computed"' in first.content.decode()
        and 'id="scorecard-refresh"' in first.content.decode()
    )
    before = _academic(first, "c")

    _activity(
        Society.objects.get(code="c"), "conference", participants=100_000
    )  # society c becomes the academic leader
    assert _academic(client.get(url, {"year": YEAR}), "c") == before  # stored counts: not yet

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{url}?year={YEAR}")
    assert response.status_code == 302
    assert _academic(client.get(url, {"year": YEAR}), "c") == 100.0
    entry = AuditEntry.objects.get(action="reports.scorecarddata.requested")
    assert entry.actor == cast_admin and entry.data["years"] == [YEAR, YEAR - 1]

    client.logout()
    refused = login(regulator).post(f"{url}?year={YEAR}")
    assert refused.status_code == 403


@pytest.mark.usefixtures("three")
def test_weights_apply_to_stored_counts_at_once(login, cast_admin):
    client = login(cast_admin)
    url = reverse("reports:scorecard")
    totals = {i["row"].society.code: i["row"].total for i in client.get(url, {"year": YEAR}).context["rows"]}
    change_rule_setting(actor=cast_admin, key="scorecard_weight_academic", value=0, comment="试算")
    after = {i["row"].society.code: i["row"].total for i in client.get(url, {"year": YEAR}).context["rows"]}
    assert after != totals


@pytest.mark.usefixtures("three")
def test_the_nightly_task_recounts_the_recent_years():
    old = timezone.make_aware(datetime(2020, 1, 1))
    ScorecardData.objects.create(year=scorecard.default_year(), data={}, computed_at=old)
    refresh_scorecards.delay()  # in-process in the tests
    stored = {d.year: d for d in ScorecardData.objects.all()}
    assert set(stored) >= set(scorecard.refresh_years())
    assert stored[scorecard.default_year()].computed_at > old
    rows, computed_at = scorecard.latest(scorecard.default_year())
    assert computed_at > old and len(rows) == len(scorecard.compute(scorecard.default_year()))
