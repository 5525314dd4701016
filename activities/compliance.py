"""Compliance checks of activity filings (compliance.registry): R-ACT-02 late filing, R-ACT-05 foreign
cooperation without the foreign-affairs approval, R-PB-02 a large budget or foreign donation in effect
without an approved pre-review."""

from datetime import timedelta

from django.db.models import DateField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from compliance.registry import Check, Hit, Scope
from core.rule_settings import rule_setting
from party_building.choices import MatterKind
from party_building.gate import without_approved_matter

from .choices import LEAD_TIME_KINDS, ActivityStatus
from .models import Activity

FILED = (ActivityStatus.SUBMITTED, ActivityStatus.APPROVED)


def late_filings(scope: Scope):
    days = int(rule_setting("activity_lead_days"))
    late = (
        scope.societies(Activity.objects.filter(kind__in=LEAD_TIME_KINDS, status__in=FILED))
        .annotate(
            filed_on=TruncDate("submitted_at"),
            due=ExpressionWrapper(F("starts_on") - timedelta(days=days), output_field=DateField()),
        )
        .filter(filed_on__gt=F("due"))
        .values_list("pk", "society_id", "title", "starts_on", "filed_on")
    )
    for pk, society_id, title, starts_on, filed_on in late:
        yield Hit(
            society_id,
            pk,
            {
                "title": title,
                "starts_on": starts_on.isoformat(),
                "filed_on": filed_on.isoformat(),
                "days": days,
            },
        )


def foreign_without_approval(scope: Scope):
    rows = (
        scope.societies(Activity.objects.filter(status__in=FILED))
        .filter(Q(foreign_affairs_approval_ref="") | Q(foreign_affairs_approval_ref__isnull=True))
        .filter(~Q(foreign_partner="") | Q(foreign_donation__gt=0))
        .values_list("pk", "society_id", "title", "foreign_partner")
    )
    for pk, society_id, title, partner in rows:
        yield Hit(society_id, pk, {"title": title, "partner": partner or "—"})


def in_effect_without_pre_review(scope: Scope):
    threshold = rule_setting("large_expenditure_threshold")
    rows = (
        scope.societies(Activity.objects.filter(status=ActivityStatus.APPROVED, budget__gte=threshold))
        .filter(without_approved_matter(Activity, MatterKind.LARGE_EXPENDITURE))
        .values_list("pk", "society_id", "title", "budget")
    )
    for pk, society_id, title, budget in rows:
        yield Hit(society_id, pk, {"title": title, "amount": f"{budget:,.2f}"})


CHECKS = [
    Check(
        rule="R-ACT-02",
        severity="warning",
        area="activities",
        model=Activity,
        message=_(
            "“%(title)s” starts on %(starts_on)s but was filed on %(filed_on)s, less than %(days)s days "
            "before."
        ),
        find=late_filings,
    ),
    Check(
        rule="R-ACT-05",
        severity="violation",
        area="activities",
        model=Activity,
        message=_(
            "“%(title)s” involves a foreign partner or donation (%(partner)s) without a foreign-affairs "
            "approval reference."
        ),
        find=foreign_without_approval,
    ),
    Check(
        rule="R-PB-02",
        name="activity",
        severity="violation",
        area="party",
        model=Activity,
        message=_("“%(title)s” was filed with a budget of ¥%(amount)s without an approved Party pre-review."),
        find=in_effect_without_pre_review,
    ),
]
