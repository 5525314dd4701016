"""What of the annual work reports waits for someone (core.inbox): CAST accepts or returns the submitted
reports; the society's secretariat revises the returned ones (R-GOV-05)."""

from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import CHANGE, DECIDE, restrict
from core.inbox import Source

from .choices import AnnualReportStatus
from .models import AnnualReport


def _title():
    return Concat(
        Cast("year", CharField()), Value(" "), Value(_("annual work report")), output_field=CharField()
    )


SOURCES = [
    Source(
        key="reports.annual_submitted",
        label=gettext_lazy("Annual work report"),
        action=gettext_lazy("Accept or return the report"),
        applies=lambda reach: reach.cast_admin,
        rows=lambda user: restrict(
            AnnualReport.objects.filter(status=AnnualReportStatus.SUBMITTED), user, DECIDE
        ),
        url="reports:annual",
        since=F("submitted_at"),
        title=_title,
    ),
    Source(
        key="reports.annual_returned",
        label=gettext_lazy("Returned annual report"),
        action=gettext_lazy("Revise and submit again"),
        applies=lambda reach: bool(reach.secretary_of),
        rows=lambda user: restrict(
            AnnualReport.objects.filter(status=AnnualReportStatus.RETURNED), user, CHANGE, cast=False
        ),
        url="reports:annual",
        since=Coalesce("decided_at", "submitted_at"),
        title=_title,
    ),
]
