"""What of the branch offices waits for someone (core.inbox): CAST decides the submitted proposals."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from core.access import DECIDE, restrict
from core.inbox import Source

from .choices import BranchStatus
from .models import Branch

SOURCES = [
    Source(
        key="branches.submitted",
        label=_("Branch proposal"),
        action=_("Decide the proposal"),
        applies=lambda reach: reach.cast_admin,
        rows=lambda user: restrict(Branch.objects.filter(status=BranchStatus.SUBMITTED), user, DECIDE),
        url="branches:detail",
        since=F("submitted_at"),
        title=F("name"),
    ),
]
