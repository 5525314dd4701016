"""The filings chart of the dashboard (core.charts): filings submitted per month, by kind."""

from datetime import datetime, time

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.charts import Chart, ChartData, Series, last_months, month_label, scoped

from .choices import ActivityKind
from .models import Activity


def filings_by_kind_and_month(user, society=None) -> ChartData:
    """One query: filings submitted in the last twelve months, counted per month and kind; kinds that
    never occur are left out."""
    months = last_months()
    start = datetime.combine(months[0], time.min, tzinfo=timezone.get_current_timezone())
    filings = scoped(Activity.objects.filter(submitted_at__gte=start), user, society)
    counts = (
        filings.annotate(month=TruncMonth("submitted_at"))
        .values_list("month", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    table: dict[tuple, int] = {}
    for month, kind, n in counts:
        table[(timezone.localtime(month).date(), kind)] = n  # midnight of the 1st, local time
    kinds = [k for k in ActivityKind if any(kind == k for _m, kind in table)]
    return ChartData(
        labels=[month_label(m) for m in months],
        series=[Series(str(k.label), [table.get((m, k.value), 0) for m in months]) for k in kinds],
        x_label=_("Month"),
    )


CHARTS = [
    Chart(
        key="filings_by_kind_and_month",
        title=gettext_lazy("Filings by kind and month"),
        kind="bar",
        applies=lambda reach: reach.cast_admin or reach.regulator or bool(reach.secretary_of),
        build=filings_by_kind_and_month,
        note=gettext_lazy("Activity filings submitted to CAST in the last twelve months."),
    ),
]
