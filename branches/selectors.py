"""Read-side queries of branch offices: the CAST review queue and the clean-up candidates list.
Each is one annotated query whatever the number of branches (asserted in tests)."""

from datetime import date

from django.db.models import BooleanField, Case, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from . import rules
from .choices import STANDING, AssessmentGrade, BranchStatus
from .models import BranchAssessment

CLEANUP_REASONS = ("inactive", "failed", "overdue")


def with_cleanup_flags(queryset: QuerySet, today: date | None = None) -> QuerySet:
    """Annotate standing branches with why they may need cleaning up: long inactive (R-BR-05), failed
    their latest assessment, or past their rectification deadline."""
    today = today or timezone.localdate()
    cutoff = rules.inactivity_cutoff(today)
    latest = BranchAssessment.objects.filter(branch=OuterRef("pk")).order_by("-year")
    return queryset.filter(status__in=STANDING).annotate(
        last_grade=Subquery(latest.values("grade")[:1]),
        last_year=Subquery(latest.values("year")[:1]),
        is_inactive=Case(
            When(rules.inactive_condition(cutoff), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        is_past_deadline=Case(
            When(status=BranchStatus.RECTIFYING, rectification_deadline__lt=today, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def cleanup_reason(reason: str = "") -> Q:
    """The condition of one clean-up reason on `with_cleanup_flags` rows; any of them for ""."""
    wanted = {
        "inactive": Q(is_inactive=True),
        "failed": Q(last_grade=AssessmentGrade.FAIL),
        "overdue": Q(is_past_deadline=True),
    }
    if reason in wanted:
        return wanted[reason]
    return wanted["inactive"] | wanted["failed"] | wanted["overdue"]


def cleanup_candidates(queryset: QuerySet, reason: str = "", today: date | None = None) -> QuerySet:
    return with_cleanup_flags(queryset, today).filter(cleanup_reason(reason))
