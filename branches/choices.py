from django.db import models
from django.utils.translation import gettext_lazy as _


class BranchKind(models.TextChoices):
    BRANCH = "branch", _("Branch office")
    REPRESENTATIVE = "representative", _("Representative office")
    OVERSEAS = "overseas", _("Overseas branch/representative office")


class BranchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    SUBMITTED = "submitted", _("Submitted")
    ACTIVE = "active", _("Active")
    REJECTED = "rejected", _("Rejected")
    RECTIFYING = "rectifying", _("Rectifying")
    REVOKED = "revoked", _("Revoked")


# Branches that exist (count toward the ceiling, are assessed, may be long inactive).
STANDING = (BranchStatus.ACTIVE, BranchStatus.RECTIFYING)
# Branches that count toward the ceiling when a new one is proposed (R-BR-04).
COUNTED = (BranchStatus.SUBMITTED, BranchStatus.ACTIVE, BranchStatus.RECTIFYING)

STATUS_BADGES = {
    BranchStatus.PROPOSED: "text-bg-secondary",
    BranchStatus.SUBMITTED: "text-bg-primary",
    BranchStatus.ACTIVE: "text-bg-success",
    BranchStatus.REJECTED: "text-bg-danger",
    BranchStatus.RECTIFYING: "text-bg-warning",
    BranchStatus.REVOKED: "text-bg-dark",
}


class ResolutionBody(models.TextChoices):
    COUNCIL = "council", _("Council")
    STANDING_COUNCIL = "standing_council", _("Standing council")


class OfficerPosition(models.TextChoices):
    DIRECTOR = "director", _("Director (主任委员/会长)")
    DEPUTY = "deputy", _("Deputy director")
    SECRETARY_GENERAL = "secretary_general", _("Secretary-general")
    MEMBER = "member", _("Committee member")


class AssessmentGrade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent (优秀)")
    PASS = "pass", _("Pass (合格)")
    BASIC_PASS = "basic_pass", _("Basic pass (基本合格)")
    FAIL = "fail", _("Fail (不合格)")
