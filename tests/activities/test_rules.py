"""Each submit rule refuses with its rule ID and leaves the filing untouched (R-ACT-01..05, R-EVAL-01..03)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from activities import services
from activities.models import ActivityVersion
from core.errors import DomainError

REFUSALS = [
    ({"scope_codes": ["14010"]}, "R-ACT-01", "scope_codes"),
    ({"scope_codes": []}, "R-ACT-01", "scope_codes"),
    ({"name_only": True, "role": "co_host"}, "R-ACT-03", "name_only"),
    ({"duties": "", "role": "host"}, "R-ACT-03", "duties"),
    (
        {"role": "supporter", "name_only": True, "fee_to_society": Decimal("5000")},
        "R-ACT-03",
        "fee_to_society",
    ),
    # R-ACT-03 as DOMAIN.md states it: the supporter role alone, or name-only alone, takes no fee.
    ({"role": "supporter", "fee_to_society": Decimal("0.01")}, "R-ACT-03", "fee_to_society"),
    ({"name_only": True, "role": "supporter", "fee_to_society": Decimal("1")}, "R-ACT-03", "fee_to_society"),
    ({"requires_member_sponsorship": True}, "R-ACT-04", "requires_member_sponsorship"),
    ({"foreign_partner": "Royal Society of Chemistry"}, "R-ACT-05", "foreign_affairs_approval_ref"),
    ({"foreign_donation": Decimal("1000")}, "R-ACT-05", "foreign_affairs_approval_ref"),
    ({"kind": "evaluation_commendation"}, "R-EVAL-01", "approval_ref"),
    (
        {
            "kind": "evaluation_commendation",
            "approval_ref": "科协函〔2026〕1号",
            "foreign_partner": "ACS",
            "foreign_affairs_approval_ref": "外事〔2026〕8号",
        },
        "R-EVAL-02",
        "foreign_partner",
    ),
    (
        {
            "kind": "evaluation_commendation",
            "approval_ref": "科协函〔2026〕1号",
            "participant_fee": Decimal("200"),
        },
        "R-EVAL-03",
        "participant_fee",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("overrides,rule,field", REFUSALS)
def test_submit_refusal_names_rule_and_writes_nothing(make_filing, secretary_a, overrides, rule, field):
    activity = make_filing(**overrides)
    with pytest.raises(DomainError) as err:
        services.submit_filing(actor=secretary_a, activity=activity)
    assert err.value.rule == rule
    assert err.value.field == field
    activity.refresh_from_db()
    assert activity.status == "draft" and activity.submitted_at is None
    assert not ActivityVersion.objects.filter(activity=activity).exists()


@pytest.mark.django_db
def test_supporter_without_fee_submits(make_filing, secretary_a):
    activity = make_filing(role="supporter", duties="", fee_to_society=Decimal("0"))
    assert services.submit_filing(actor=secretary_a, activity=activity).status == "submitted"


@pytest.mark.django_db
def test_branch_scope_also_bounds_the_activity(make_filing, secretary_a, branch_x):
    branch_x.business_scope = ["15020"]
    branch_x.save()
    activity = make_filing(branch=branch_x, scope_codes=["15030"])
    with pytest.raises(DomainError) as err:
        services.submit_filing(actor=secretary_a, activity=activity)
    assert err.value.rule == "R-ACT-01"


@pytest.mark.django_db
def test_clean_filing_submits_with_a_version(make_filing, secretary_a):
    activity = services.submit_filing(actor=secretary_a, activity=make_filing())
    assert activity.status == "submitted" and not activity.is_late
    assert activity.versions.get().data["title"] == "有机合成前沿研讨会"


@pytest.mark.django_db
def test_late_seminar_is_accepted_marked_late_with_a_finding(make_filing, secretary_a):
    from compliance.models import Finding

    soon = timezone.localdate() + timedelta(days=5)
    activity = services.submit_filing(actor=secretary_a, activity=make_filing(starts_on=soon, ends_on=soon))
    assert activity.status == "submitted" and activity.is_late
    finding = Finding.objects.get(rule="R-ACT-02")
    assert finding.society == activity.society and finding.object_id == str(activity.pk)


@pytest.mark.django_db
def test_popular_science_has_no_lead_time(make_filing, secretary_a):
    soon = timezone.localdate() + timedelta(days=2)
    activity = make_filing(kind="popular_science", starts_on=soon, ends_on=soon)
    assert services.submit_filing(actor=secretary_a, activity=activity).is_late is False


@pytest.mark.django_db
def test_overseas_exchange_is_approved_by_the_society_in_one_step(make_filing, secretary_a):
    from core.audit import status_history

    activity = make_filing(kind="overseas_exchange", is_overseas=True, location="Vienna")
    activity = services.submit_filing(actor=secretary_a, activity=activity)
    assert activity.status == "approved"
    last = status_history(activity).last()
    assert last.actor == secretary_a and "R-ACT-06" in last.comment and last.data["rule"] == "R-ACT-06"


@pytest.mark.django_db
def test_evaluation_with_approval_ref_and_no_fees_submits(make_filing, secretary_a):
    activity = make_filing(kind="evaluation_commendation", approval_ref="国科奖社证字第0123号")
    assert services.submit_filing(actor=secretary_a, activity=activity).status == "submitted"
