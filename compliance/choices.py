from django.db import models
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
    VIOLATION = "violation", _("Violation")
    WARNING = "warning", _("Warning")
    ADVISORY = "advisory", _("Advisory")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RECTIFYING = "rectifying", _("Rectifying")
    RESOLVED = "resolved", _("Resolved")
    DISMISSED = "dismissed", _("Dismissed")


# A finding in one of these states still asks for something to be done.
UNRESOLVED = (FindingStatus.OPEN, FindingStatus.ACKNOWLEDGED, FindingStatus.RECTIFYING)


class SweepStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class SweepTrigger(models.TextChoices):
    MANUAL = "manual", _("Started in the portal")
    API = "api", _("Started through the API")
    SCHEDULE = "schedule", _("Scheduled")


# Escalation of an overdue finding: one level up, a violation stays a violation.
ESCALATES_TO = {Severity.ADVISORY: Severity.WARNING, Severity.WARNING: Severity.VIOLATION}
