"""The members chart of the dashboard (core.charts): members over the last twelve months."""

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.charts import Chart, ChartData, Series, last_months, month_label, scoped

from .choices import MembershipStatus
from .models import Membership

# A membership counts while it is active or lapsed (not yet ended); withdrawn and expelled ones do not.
CURRENT = [MembershipStatus.ACTIVE, MembershipStatus.LAPSED]


def members_over_time(user, society=None) -> ChartData:
    """New members per month and the running total of current members (two queries)."""
    months = last_months()
    memberships = scoped(Membership.objects.filter(status__in=CURRENT), user, society)
    before = memberships.filter(joined_on__lt=months[0]).count()
    per_month = dict(
        memberships.filter(joined_on__gte=months[0])
        .annotate(month=TruncMonth("joined_on"))
        .values_list("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    new = [per_month.get(m, 0) for m in months]
    total, running = before, []
    for n in new:
        total += n
        running.append(total)
    return ChartData(
        labels=[month_label(m) for m in months],
        series=[Series(_("Members"), running), Series(_("New members"), new)],
        x_label=_("Month"),
    )


CHARTS = [
    Chart(
        key="members_over_time",
        title=gettext_lazy("Members over time"),
        kind="line",
        applies=lambda reach: reach.cast_admin or bool(reach.secretary_of),
        build=members_over_time,
        note=gettext_lazy("Current (active or lapsed) memberships by the month they began."),
    ),
]
