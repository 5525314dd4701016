"""What of the major matters waits for someone (core.inbox): the council Party committee pre-reviews the
pending ones (R-PB-02); the society's secretariat revises those returned to it."""

from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.access import CHANGE, REVIEW, restrict
from core.inbox import Source

from .choices import MatterStatus
from .models import MajorMatter

SOURCES = [
    Source(
        key="party_building.pending",
        label=_("Major matter"),
        action=_("Pre-review the matter"),
        applies=lambda reach: bool(reach.reviewer_of),
        rows=lambda user: restrict(MajorMatter.objects.filter(status=MatterStatus.PENDING), user, REVIEW),
        url="party_building:matter",
        since=F("submitted_at"),
    ),
    Source(
        key="party_building.returned",
        label=_("Returned major matter"),
        action=_("Revise and resubmit, or withdraw"),
        applies=lambda reach: bool(reach.secretary_of),
        rows=lambda user: restrict(
            MajorMatter.objects.filter(status=MatterStatus.RETURNED), user, CHANGE, cast=False
        ),
        url="party_building:matter",
        since=Coalesce("decided_at", "submitted_at"),
    ),
]
