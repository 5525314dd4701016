from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    ANNUAL_REPORT = "annual_report", _("Annual work report")
    COMPLIANCE = "compliance", _("Compliance report")
    SCORECARD = "scorecard", _("First-class society scorecard")
    AWARD_LIST = "award_list", _("Dynamic list of awards")
    BRANCH_ROSTER = "branch_roster", _("Branch office roster")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class AnnualReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")
