"""What of the activity filings waits for someone (core.inbox): CAST decides the submitted filings; the
society's secretariat, or the branch officer for their branch, revises the returned ones."""

from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.access import CHANGE, DECIDE, restrict
from core.inbox import Source

from .choices import ActivityStatus
from .models import Activity

SOURCES = [
    Source(
        key="activities.submitted",
        label=_("Activity filing"),
        action=_("Decide the filing"),
        applies=lambda reach: reach.cast_admin,
        rows=lambda user: restrict(Activity.objects.filter(status=ActivityStatus.SUBMITTED), user, DECIDE),
        url="activities:detail",
        since=F("submitted_at"),
    ),
    Source(
        key="activities.returned",
        label=_("Returned filing"),
        action=_("Revise and submit again"),
        applies=lambda reach: bool(reach.secretary_of or reach.officer_of),
        rows=lambda user: restrict(
            Activity.objects.filter(status=ActivityStatus.RETURNED), user, CHANGE, cast=False
        ),
        url="activities:detail",
        since=Coalesce("decided_at", "submitted_at"),
    ),
]
