"""R-BR-05: the yearly assessment of standing branches and the long-inactivity sweep."""

from datetime import date

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.services import mark_rectifying, open_finding
from core.access import CHANGE, require
from core.audit import log_action
from core.errors import DomainError, TransitionNotAllowed
from core.rule_settings import rule_setting

from .. import rules
from ..choices import STANDING, AssessmentGrade, BranchStatus
from ..models import Branch, BranchAssessment
from .common import _require_cast
from .decisions import default_rectification_deadline

# --- R-BR-05: yearly assessment and long inactivity -----------------------------------------------


def activity_counts(branch: Branch, year: int) -> tuple[int, int]:
    """Activities of the branch that year: (filed — anything sent to CAST, approved 已备案)."""
    counts = (
        rules.filings()
        .filter(branch=branch, starts_on__year=year)
        .aggregate(
            filed=Count("id", filter=~Q(status="draft")),
            approved=Count("id", filter=Q(status="approved")),
        )
    )
    return counts["filed"], counts["approved"]


@transaction.atomic
def record_assessment(
    *, actor, branch: Branch, year: int, members_served: int, grade: str, reason: str
) -> BranchAssessment:
    """The yearly assessment of a standing branch (secretariat or CAST). Activity counts come from the
    filings. A failing grade opens an R-BR-05 finding; the branch shows on CAST's clean-up list."""
    require(
        actor, branch.society, CHANGE, _("Only the society's secretariat or CAST assesses a branch office.")
    )
    if branch.status not in STANDING:
        raise TransitionNotAllowed(_("Only an active branch office is assessed."), status=branch.status)
    if grade not in AssessmentGrade.values:
        raise DomainError(_("Choose a grade."), rule="R-BR-05", field="grade")
    if not (reason or "").strip():
        raise DomainError(_("Give the reason for the grade."), rule="R-BR-05", field="reason")
    this_year = timezone.localdate().year
    if year > this_year or (branch.established_on and year < branch.established_on.year):
        raise DomainError(_("The branch office did not exist in that year."), rule="R-BR-05", field="year")
    filed, approved = activity_counts(branch, year)
    assessment, created = BranchAssessment.objects.update_or_create(
        branch=branch,
        year=year,
        defaults={
            "activities_filed": filed,
            "activities_approved": approved,
            "members_served": members_served,
            "grade": grade,
            "reason": reason.strip(),
            "assessed_by": actor,
            "assessed_at": timezone.now(),
        },
    )
    log_action(
        "branches.assessment.recorded" if created else "branches.assessment.revised",
        actor=actor,
        obj=branch,
        data={"year": year, "grade": grade, "filed": filed, "approved": approved},
    )
    if grade == AssessmentGrade.FAIL:
        open_finding(
            rule="R-BR-05",
            severity="violation",
            society=branch.society,
            subject=branch,
            actor=actor,
            message=_("%(branch)s failed its %(year)d assessment: %(reason)s")
            % {"branch": branch.name, "year": year, "reason": reason.strip()},
            facts={"year": year, "grade": grade, "filed": filed, "approved": approved},
        )
    return assessment


def open_inactivity_findings(actor=None, today: date | None = None) -> list:
    """For each long-inactive active branch: open an R-BR-05 finding and put the branch under
    rectification with a deadline of today + `branch_rectification_days`. Idempotent; the compliance
    engine runs it on schedule (branches.tasks), CAST can run it from the clean-up list."""
    _require_cast(actor)
    today = today or timezone.localdate()
    cutoff = rules.inactivity_cutoff(today)
    deadline = default_rectification_deadline(today)
    months = int(rule_setting("branch_inactive_months"))
    opened = []
    candidates = rules.long_inactive_branches(
        Branch.objects.filter(status=BranchStatus.ACTIVE).select_related("society"), today
    )
    for branch in candidates.order_by("pk"):
        with transaction.atomic():
            finding = open_finding(
                rule="R-BR-05",
                severity="violation",
                society=branch.society,
                subject=branch,
                actor=actor,
                deadline=deadline,
                message=_("%(branch)s has held no approved activity since %(cutoff)s (%(months)d months).")
                % {"branch": branch.name, "cutoff": cutoff.isoformat(), "months": months},
                facts={"cutoff": cutoff.isoformat(), "months": months},
            )
            Branch.workflow.apply(
                branch,
                "flag",
                actor=actor,
                comment=_("Long inactive (R-BR-05)."),
                changes={"rectification_deadline": deadline},
                data={"deadline": deadline.isoformat(), "finding": finding.pk},
            )
            mark_rectifying(actor=actor, rule="R-BR-05", subject=branch, deadline=deadline)
            finding.refresh_from_db()
        opened.append(finding)
    return opened
