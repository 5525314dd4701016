"""What of the compliance findings waits for someone (core.inbox): the society's secretariat puts right
the open ones (and those CAST sent back, and those the system put under rectification); CAST resolves or
returns the rectifications the society reported."""

from django.db.models import CharField, F, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce, Substr
from django.utils.translation import gettext_lazy as _

from core.access import CHANGE, DECIDE, restrict
from core.inbox import Source
from core.models import AuditEntry

from .choices import FindingStatus
from .models import Finding

_TITLE = Substr("message", 1, 80)
# The society reported a rectification; nothing written yet when the system put it under rectification.
_REPORTED = Q(status=FindingStatus.RECTIFYING) & ~Q(rectification="")


def _rectified_at():
    """When the society reported its rectification: the finding's latest `rectify` audit entry."""
    last = (
        AuditEntry.objects.filter(
            action="compliance.finding.rectify",
            content_type__app_label="compliance",
            content_type__model="finding",
            object_id=Cast(OuterRef("pk"), CharField()),
        )
        .order_by("-at")
        .values("at")[:1]
    )
    return Coalesce(Subquery(last), F("opened_at"))


SOURCES = [
    Source(
        key="compliance.to_rectify",
        label=_("Compliance finding"),
        action=_("Put it right and report the rectification"),
        applies=lambda reach: bool(reach.secretary_of),
        rows=lambda user: restrict(
            Finding.objects.filter(status__in=[FindingStatus.OPEN, FindingStatus.ACKNOWLEDGED])
            | Finding.objects.filter(status=FindingStatus.RECTIFYING, rectification=""),
            user,
            CHANGE,
            cast=False,
        ),
        url="compliance:finding",
        since=F("opened_at"),
        title=_TITLE,
        detail=F("rule"),
    ),
    Source(
        key="compliance.rectified",
        label=_("Reported rectification"),
        action=_("Resolve the finding or return the rectification"),
        applies=lambda reach: reach.cast_admin,
        rows=lambda user: restrict(Finding.objects.filter(_REPORTED), user, DECIDE),
        url="compliance:finding",
        since=_rectified_at,
        title=_TITLE,
        detail=F("rule"),
    ),
]
