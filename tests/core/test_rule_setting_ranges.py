"""The ranges of the rule settings, reviewed against DOMAIN.md and the policy (core/rule_settings.py): no
value may switch a rule off or make what the policy asks for impossible; each range says why."""

from decimal import Decimal

import pytest

from core.errors import DomainError
from core.models import RuleSettingValue
from core.rule_settings import SPECS, change_rule_setting, rule_setting
from party_building.models import Donation, Expenditure, MajorMatter
from reports.compliance import due_day

pytestmark = pytest.mark.django_db


def test_every_range_gives_its_reason():
    for spec in SPECS.values():
        assert len(spec.why) > 30, f"{spec.key} does not say where its range comes from"


@pytest.mark.parametrize(
    ("key", "value", "why"),
    [
        ("branch_quorum_ratio", "0", "no quorum at all: not a democratic procedure"),
        ("branch_quorum_ratio", "0.4", "a minority of the seats would decide"),
        ("branch_quorum_ratio", "1", "'more than all seats' can never be met"),
        ("election_quorum_ratio", "0", "no quorum at all"),
        ("election_quorum_ratio", "1", "can never be met"),
        ("large_expenditure_threshold", str(10**12), "no amount a column holds reaches it"),
        ("large_donation_threshold", "500000000", "pre-review off in all but name"),
        ("award_winner_ratio_cap", "1", "everyone wins: the ratio is not controlled"),
        ("award_winner_ratio_cap", "0", "no winner ever"),
        ("award_min_reviews", "1", "below the three peer reviews of R-AW-04"),
        ("council_grassroots_target", "0", "the R-GOV-03 finding switched off"),
        ("council_under50_target", "0", "the R-GOV-03 finding switched off"),
        ("activity_lead_days", "0", "filing on the first day would count as before it"),
        ("branch_inactive_months", "120", "ten years is not seen by a yearly assessment"),
        ("branch_inactive_months", "1", "one month is not 'long inactive'"),
        ("branch_rectification_days", "3650", "not prompt"),
        ("branch_ceiling_max", "1000", "a ceiling nobody reaches"),
        ("finding_days_violation", "3650", "not prompt"),
        ("new_leader_training_months", "120", "no longer newly appointed"),
        ("sg_rotation_years", "50", "not regular training"),
        ("scorecard_weight_compliance", "0", "standard management is an important indicator"),
        ("annual_report_due", "02-29", "no such day in three years of four"),
    ],
)
def test_values_that_contradict_the_policy_are_refused(cast_admin, key, value, why):
    before = rule_setting(key)
    with pytest.raises(DomainError) as caught:
        change_rule_setting(actor=cast_admin, key=key, value=value)
    assert caught.value.field == key, why
    assert caught.value.rule == (SPECS[key].rule or None)
    assert rule_setting(key) == before


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("branch_quorum_ratio", "0.5"),
        ("branch_quorum_ratio", "0.99"),
        ("large_expenditure_threshold", "0"),  # everything reviewed: stricter is allowed
        ("large_expenditure_threshold", "100000000"),
        ("award_winner_ratio_cap", "0.5"),
        ("award_min_reviews", "5"),
        ("branch_ceiling_max", "0"),  # every new branch to CAST review
        ("attachment_max_mb", "0"),  # uploads suspended: documents refused, never waived
        ("scorecard_weight_popular_science", "0"),
        ("annual_report_due", "02-28"),
    ],
)
def test_values_within_the_policy_are_accepted(cast_admin, key, value):
    change_rule_setting(actor=cast_admin, key=key, value=value)
    assert str(rule_setting(key)) == value


def test_the_pre_review_thresholds_stay_below_what_an_amount_can_be():
    largest = min(
        Decimal(10) ** (f.max_digits - f.decimal_places) - Decimal(1) / Decimal(10) ** f.decimal_places
        for f in (model._meta.get_field("amount") for model in (Donation, Expenditure, MajorMatter))
    )
    for key in ("large_expenditure_threshold", "large_donation_threshold"):
        assert SPECS[key].max < largest, key


def test_a_stored_february_29_no_longer_breaks_the_due_date():
    RuleSettingValue.objects.create(key="annual_report_due", value="02-29")  # accepted before the fix
    assert rule_setting("annual_report_due") == "05-31"  # the default, with a warning
    assert due_day(2025).isoformat() == "2026-05-31"
