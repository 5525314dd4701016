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
