"""The branches chart of the dashboard (core.charts): branch offices by status."""

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.charts import Chart, ChartData, Series, scoped

from .choices import BranchStatus
from .models import Branch


def branches_by_status(user, society=None) -> ChartData:
    """One query: the branch offices the user may see, counted per status (every status listed)."""
    branches = scoped(Branch.objects.all(), user, society)
    counts = dict(branches.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return ChartData(
        labels=[str(s.label) for s in BranchStatus],
        series=[Series(_("Branch offices"), [counts.get(s.value, 0) for s in BranchStatus])],
        x_label=_("Status"),
    )


CHARTS = [
    Chart(
        key="branches_by_status",
        title=gettext_lazy("Branch offices by status"),
        kind="doughnut",
        applies=lambda reach: reach.cast_admin or reach.regulator or bool(reach.secretary_of),
        build=branches_by_status,
    ),
]
