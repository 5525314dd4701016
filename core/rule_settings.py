"""Rule thresholds the policy leaves open, as settings a CAST administrator can change (DOMAIN.md).

Defaults are declared here, in one table, with the rule each serves. `rule_setting(key)` returns the
current typed value; `change_rule_setting` writes a new one and audits it. No other code hard-codes
these numbers.
"""

import logging
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .access import ADMIN, require
from .audit import log_action
from .errors import DomainError
from .models import RuleSettingValue
from .validators import has_non_ascii_digit

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RuleSettingSpec:
    """One setting: its default, type, the rule it serves and the range a value must lie in (inclusive;
    `None` for text settings, which `check` validates instead). `why` says where the range comes from.

    How the ranges were set against DOMAIN.md and the policy (shared/policy/…): a setting may make its rule
    stricter, but no value may switch the rule off (a threshold nothing reaches, a quorum of nobody, a target
    of zero) or make what the policy asks for impossible (a quorum of more than everybody, no winner at
    all); and where the policy says "promptly" (及时) or "regularly" (定期), a period stays within a year or a
    term. The number itself is left open where the policy leaves it open."""

    key: str
    default: object
    type: type
    rule: str
    label: object
    min: Decimal | int | None = None
    max: Decimal | int | None = None
    why: str = ""


# A quorum is "more than this share present" (branches.rules, party_building.services.elections).
QUORUM = (Decimal("0.5"), Decimal("0.99"))
QUORUM_WHY = (
    "Policy §3/§4: democratic procedure (民主决策, 民主选举). Below 0.5 a minority of the body could decide, "
    "which is no democratic quorum (0 would switch the quorum off); 'more than' a share of 1 can never be "
    "met, so nothing could ever be decided: at most 0.99."
)
# Party pre-review thresholds (R-PB-02). Amount columns hold at most 999,999,999,999.99 (max_digits 14).
THRESHOLD = (Decimal(0), Decimal(10) ** 8)
THRESHOLD_WHY = (
    "Policy §3: large expenditures and donations get a Party pre-review (前置审议). 0 puts every amount "
    "under review (stricter, allowed). Above ¥100,000,000 hardly any expenditure or donation of a society "
    "would be 'large' and R-PB-02 would be off in all but name (the former ceiling of 10^12 was beyond any "
    "amount the columns can hold: the rule silently off)."
)
# Days a society has to put a compliance finding right (compliance.engine).
FINDING_DAYS = (1, 365)
FINDING_DAYS_WHY = (
    "Policy §4: problems are put right promptly (及时调整、清理). At most a year — the cycle of the annual "
    "assessment and inspection (年检); ten years, the former ceiling, is not prompt."
)


def _weight_range(area: str) -> tuple[int, int, str]:
    """R-EV-01 weights: 0..100 each; compliance at least 1 (policy §5: 规范管理情况作为重要评估指标)."""
    if area == "compliance":
        return (
            1,
            100,
            "Policy §5 makes standard management (规范管理) an important indicator of the evaluation: its "
            "weight can be changed but not switched off (at least 1). The total divides by the weights' "
            "sum, which this also keeps above zero.",
        )
    return (0, 100, "Policy §5 names the areas but not their weights; 0 leaves an area out of the total.")


SPECS = {
    s.key: s
    for s in [
        RuleSettingSpec(
            "branch_quorum_ratio",
            Decimal("0.6667"),
            Decimal,
            "R-BR-03",
            gettext_lazy("Share of seats that must be present for a branch resolution (more than)"),
            *QUORUM,
            why=QUORUM_WHY,
        ),
        RuleSettingSpec(
            "branch_members_per_branch",
            300,
            int,
            "R-BR-04",
            gettext_lazy("Active members per branch office (ceiling)"),
            min=1,
            max=100_000,
            why=(
                "Policy §4: avoid too many branches (避免过多过滥). Any value keeps a ceiling: "
                "branch_ceiling_max bounds it even at 1 member per branch; 100,000 allows about one branch."
            ),
        ),
        RuleSettingSpec(
            "branch_ceiling_max",
            60,
            int,
            "R-BR-04",
            gettext_lazy("Maximum branch offices per society"),
            min=0,
            max=200,
            why=(
                "Policy §4: avoid too many branches (避免过多过滥). A branch over the ceiling is not "
                "refused but needs CAST review with a reason, so 0 (review every new branch) is allowed; "
                "the former maximum of 1,000 is a ceiling no society comes near, the warning switched off "
                "in effect: at most 200."
            ),
        ),
        RuleSettingSpec(
            "branch_inactive_months",
            12,
            int,
            "R-BR-05",
            gettext_lazy("Months without an approved activity before a branch is long inactive"),
            min=6,
            max=24,
            why=(
                "Policy §4: branches 'long inactive' (长期不开展活动) are adjusted or cleaned up, under a "
                "dynamic (yearly) assessment. Under 6 months is not 'long'; over 24 a branch passes two "
                "yearly assessments with nothing done (the former 120 months: ten years unseen)."
            ),
        ),
        RuleSettingSpec(
            "branch_rectification_days",
            90,
            int,
            "R-BR-05",
            gettext_lazy("Days allowed for a branch's rectification"),
            min=30,
            max=365,
            why=(
                "Policy §4: promptly adjusted and cleaned up (及时调整、清理). At least 30 days, the time a "
                "council needs to meet and act; at most a year, one assessment cycle (the former 3,650 days "
                "is not prompt)."
            ),
        ),
        RuleSettingSpec(
            "activity_lead_days",
            15,
            int,
            "R-ACT-02",
            gettext_lazy("Days before the start a forum, seminar or conference is filed"),
            min=1,
            max=365,
            why=(
                "Policy §4: forums and seminars go through the filing procedure (备案) before they take "
                "place. 0 would count a filing on the first day of the activity as on time; at least 1 day. "
                "Above a year every filing would be late."
            ),
        ),
        RuleSettingSpec(
            "attachment_max_mb",
            20,
            int,
            "R-ACT-02",
            gettext_lazy("Largest attachment accepted (MB)"),
            min=0,
            max=1024,
            why=(
                "No policy number: a technical limit. 0 suspends uploads (an emergency switch): documents a "
                "rule requires are then refused, never waived, so no rule is switched off by it."
            ),
        ),
        RuleSettingSpec(
            "large_expenditure_threshold",
            Decimal("500000.00"),
            Decimal,
            "R-PB-02",
            gettext_lazy("Large expenditure threshold (CNY)"),
            *THRESHOLD,
            why=THRESHOLD_WHY,
        ),
        RuleSettingSpec(
            "large_donation_threshold",
            Decimal("200000.00"),
            Decimal,
            "R-PB-02",
            gettext_lazy("Large donation threshold (CNY)"),
            *THRESHOLD,
            why=THRESHOLD_WHY,
        ),
        RuleSettingSpec(
            "award_winner_ratio_cap",
            Decimal("0.30"),
            Decimal,
            "R-AW-02",
            gettext_lazy("Winners at most this share of valid nominations"),
            min=Decimal("0.01"),
            max=Decimal("0.5"),
            why=(
                "Policy §2: the number of awards and the share of winners are strictly controlled "
                "(严控奖项数量和获奖比例). A cap of 1 (everyone wins) is no control; over half the "
                "nominations winning is not a strict one: at most 0.5. 0 would let no round have a winner: "
                "at least 0.01."
            ),
        ),
        RuleSettingSpec(
            "award_min_reviews",
            3,
            int,
            "R-AW-04",
            gettext_lazy("Peer reviews required per nomination"),
            min=3,
            max=100,
            why=(
                "Policy §2: peer review (同行评议) and a strict selection procedure; DOMAIN R-AW-04: at "
                "least 3 reviews per nomination. The setting can raise that, not lower it (1 review is one "
                "opinion)."
            ),
        ),
        RuleSettingSpec(
            "council_grassroots_target",
            Decimal("0.20"),
            Decimal,
            "R-GOV-03",
            gettext_lazy("Target share of grassroots/front-line council members"),
            min=Decimal("0.01"),
            max=Decimal(1),
            why=(
                "Policy §3: enlarge the share of grassroots and front-line members (扩大…比例). A target of "
                "0 would switch the advisory finding off: at least 0.01."
            ),
        ),
        RuleSettingSpec(
            "council_under50_target",
            Decimal("0.30"),
            Decimal,
            "R-GOV-03",
            gettext_lazy("Target share of council members under 50"),
            min=Decimal("0.01"),
            max=Decimal(1),
            why=(
                "Policy §3: enlarge the share of young and middle-aged members (中青年人员比例). A target "
                "of 0 would switch the advisory finding off: at least 0.01."
            ),
        ),
        RuleSettingSpec(
            "election_quorum_ratio",
            Decimal("0.6667"),
            Decimal,
            "R-PB-03",
            gettext_lazy("Share of voters that must take part for an election vote (more than)"),
            *QUORUM,
            why=QUORUM_WHY,
        ),
        RuleSettingSpec(
            "annual_report_due",
            "05-31",
            str,
            "R-GOV-05",
            gettext_lazy("Annual work report due (month-day, following year)"),
            why="A day every year has: 02-29 is refused (the due date of a common year would not exist).",
        ),
        RuleSettingSpec(
            "new_leader_training_months",
            12,
            int,
            "R-TR-01",
            gettext_lazy("Months for a new president or secretary-general to complete training"),
            min=1,
            max=24,
            why=(
                "Policy §5: training of newly appointed leaders (新任负责人培训). Two years into office a "
                "leader is no longer newly appointed (the former 120 months: ten years)."
            ),
        ),
        RuleSettingSpec(
            "sg_rotation_years",
            3,
            int,
            "R-TR-01",
            gettext_lazy("Years between secretary-general rotation trainings"),
            min=1,
            max=5,
            why=(
                "Policy §5: secretaries-general are trained regularly (秘书长定期轮训). At most 5 years, "
                "one council term; 50 years, the former ceiling, is no regular training."
            ),
        ),
        # Days a society has to put a compliance finding right, by severity (compliance.engine); past
        # them the finding is overdue and escalates one severity level.
        RuleSettingSpec(
            "finding_days_violation",
            30,
            int,
            "",
            gettext_lazy("Days to rectify a violation"),
            *FINDING_DAYS,
            why=FINDING_DAYS_WHY,
        ),
        RuleSettingSpec(
            "finding_days_warning",
            60,
            int,
            "",
            gettext_lazy("Days to rectify a warning"),
            *FINDING_DAYS,
            why=FINDING_DAYS_WHY,
        ),
        RuleSettingSpec(
            "finding_days_advisory",
            90,
            int,
            "",
            gettext_lazy("Days to act on an advisory finding"),
            *FINDING_DAYS,
            why=FINDING_DAYS_WHY,
        ),
        # R-EV-01: the weight of each indicator area in a society's total score (reports.scorecard).
        *[
            RuleSettingSpec(f"scorecard_weight_{area}", weight, int, "R-EV-01", label, *_weight_range(area))
            for area, weight, label in (
                ("academic", 20, gettext_lazy("Scorecard weight: academic leadership")),
                ("think_tank", 10, gettext_lazy("Scorecard weight: think tank")),
                ("popular_science", 15, gettext_lazy("Scorecard weight: popular science")),
                ("industry", 15, gettext_lazy("Scorecard weight: industry integration")),
                ("international", 10, gettext_lazy("Scorecard weight: internationalization")),
                ("governance", 15, gettext_lazy("Scorecard weight: governance")),
                ("compliance", 15, gettext_lazy("Scorecard weight: compliance")),
            )
        ],
    ]
}


def _coerce(spec: RuleSettingSpec, raw):
    """The typed value of `raw` for `spec`, or a DomainError naming the setting (field=key) and its rule:
    a number must be finite, written in ASCII digits and within the setting's range."""
    try:
        if isinstance(raw, bool) or has_non_ascii_digit(raw):
            raise ValueError
        if spec.type is str:
            value = str(raw)
            if spec.key == "annual_report_due":
                # A common year: "02-29" is refused, as its due date would not exist three years in four.
                datetime.strptime(f"2001-{value}", "%Y-%m-%d")  # noqa: DTZ007 - a month-day, no time
            return value
        number = Decimal(str(raw).strip())
        if not number.is_finite() or (spec.type is int and number != number.to_integral_value()):
            raise ValueError  # Infinity, NaN, or 2.5 days
    except (InvalidOperation, ValueError, TypeError):
        raise DomainError(
            _("“%(value)s” is not a valid value for %(key)s.") % {"value": str(raw)[:40], "key": spec.key},
            field=spec.key,
            rule=spec.rule or None,
        ) from None
    if spec.min is not None and spec.max is not None and not spec.min <= number <= spec.max:
        raise DomainError(
            _("%(key)s must lie between %(min)s and %(max)s.")
            % {"key": spec.key, "min": spec.min, "max": spec.max},
            field=spec.key,
            rule=spec.rule or None,
        )
    return int(number) if spec.type is int else number


def _stored(spec: RuleSettingSpec, raw):
    """A stored value as the rules read it: one that no longer passes (written before the ranges, or by
    hand) counts as the default, so that a threshold is never silently off and no page fails on it."""
    try:
        return _coerce(spec, raw)
    except DomainError:
        logger.warning("Rule setting %s holds an invalid value %r; its default is used.", spec.key, raw)
        return spec.default


def invalid_stored_settings() -> list[str]:
    """The keys whose stored value is invalid (shown as a warning on the settings page)."""
    stored = dict(RuleSettingValue.objects.values_list("key", "value"))
    invalid = []
    for key, raw in stored.items():
        if key in SPECS:
            try:
                _coerce(SPECS[key], raw)
            except DomainError:
                invalid.append(key)
    return invalid


def rule_setting(key: str):
    """The current value of a rule setting (a stored override, else the default)."""
    spec = SPECS[key]
    stored = RuleSettingValue.objects.filter(key=key).values_list("value", flat=True).first()
    return spec.default if stored is None else _stored(spec, stored)


def all_rule_settings() -> dict:
    stored = dict(RuleSettingValue.objects.values_list("key", "value"))
    return {
        key: (_stored(spec, stored[key]) if key in stored else spec.default) for key, spec in SPECS.items()
    }


def is_ratio(spec: RuleSettingSpec) -> bool:
    """A share between 0 and 1: shown and entered as a percentage (0.6667 ↔ 66.67%)."""
    return spec.type is Decimal and spec.max is not None and spec.max <= 1


def is_money(spec: RuleSettingSpec) -> bool:
    return spec.type is Decimal and (spec.min, spec.max) == THRESHOLD


def display_value(spec: RuleSettingSpec, value) -> str:
    """A setting's value as people read it: 66.7% for a share, ¥500,000.00 for money, else as stored."""
    from .formats import money, percent

    if value in (None, ""):
        return "—"
    if is_ratio(spec):
        try:
            return percent(value)
        except (InvalidOperation, ValueError):
            return str(value)
    if is_money(spec):
        return money(value)
    return str(value)


def form_value(spec: RuleSettingSpec, value) -> str:
    """The value as the settings form shows it for editing (a share as a percentage number: 66.67)."""
    if is_ratio(spec):
        try:
            return f"{(Decimal(str(value)) * 100).normalize():f}"
        except InvalidOperation:
            return str(value)
    return str(value)


def from_form(spec: RuleSettingSpec, raw: str) -> str:
    """What the settings form posted, as the stored kind: a percentage back to a share (66.67 → 0.6667)."""
    text = (raw or "").strip().rstrip("%").strip()
    if is_ratio(spec) and text:
        try:
            return str((Decimal(text) / 100).quantize(Decimal("0.0001")))
        except InvalidOperation:
            return raw
    return raw


def change_rule_setting(*, actor, key: str, value, comment: str = ""):
    """Change one threshold (CAST administrators only, checked here whoever calls — before the
    transaction, so the audited refusal stays); audited with old and new value and the reason."""
    require(actor, None, ADMIN, _("Only CAST administrators change rule settings."))
    return _change_rule_setting(actor=actor, key=key, value=value, comment=comment)


@transaction.atomic
def _change_rule_setting(*, actor, key: str, value, comment: str = ""):
    if key not in SPECS:
        raise DomainError(_("Unknown setting “%(key)s”.") % {"key": key}, field=key)
    spec = SPECS[key]
    new = _coerce(spec, value)
    old = rule_setting(key)
    RuleSettingValue.objects.update_or_create(key=key, defaults={"value": str(new)})
    log_action(
        "core.rulesetting.changed",
        actor=actor,
        comment=comment,
        data={"key": key, "old": str(old), "new": str(new), "rule": spec.rule},
    )
    return new
