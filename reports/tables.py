"""The report pages' tables (core.tables): the generated reports and the annual work reports."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.models import JobStatus
from core.tables import AsideFilterForm, Column, Table
from societies.selectors import filter_societies

from .choices import AnnualReportStatus, ReportKind
from .models import AnnualReport, Report


class ReportFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Report"), choices=ReportKind.choices)
    society = django_filters.ModelChoiceFilter(label=_("Society"), queryset=filter_societies)
    year = django_filters.NumberFilter(label=_("Year"), min_value=2000, max_value=2100)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=JobStatus.choices)

    class Meta:
        model = Report
        fields = ["kind", "society", "year", "status"]
        form = AsideFilterForm


class ReportTable(Table):
    """The reports generated (each run a version of its own); a row opens the report's page."""

    html_id = "reports"
    row_key = "report"
    columns = [
        Column("kind", _("Report"), accessor="get_kind_display", sort="kind", link=True),
        Column(
            "society",
            _("Society"),
            accessor=lambda r: r.society.name if r.society_id else _("All societies"),
            sort="society__code",
        ),
        Column("year", _("Year"), sort="year", css="text-nowrap"),
        Column("version", _("Version"), accessor=lambda r: f"v{r.version}", sort="version"),
        Column(
            "status",
            _("Status"),
            accessor="get_status_display",
            sort="status",
            template="reports/cells/job_status.html",
        ),
        Column("created_at", _("Requested at"), sort="created_at", css="text-nowrap"),
        Column("pages", _("Page count"), sort="pages", css="text-end"),
    ]
    default_sort = "-created_at"
    filterset_class = ReportFilter
    export_name = "reports"
    export_sheet = _("Reports")
    empty_text = _("No report has been generated yet.")

    row_view = "reports:report"


class AnnualFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=AnnualReportStatus.choices, empty_label=_("All statuses")
    )
    society = django_filters.ModelChoiceFilter(label=_("Society"), queryset=filter_societies)
    year = django_filters.NumberFilter(label=_("Year"), min_value=2000, max_value=2100)

    class Meta:
        model = AnnualReport
        fields = ["status", "society", "year"]
        form = AsideFilterForm


class AnnualTable(Table):
    """The annual work reports (R-GOV-05); by default those waiting for CAST's decision first, then the
    latest year. The queryset carries `waiting_first` (0 for a submitted report)."""

    html_id = "annual-reports"
    row_key = "annual"
    columns = [
        Column(
            "queue",
            _("Waiting first"),
            sort=("waiting_first", "-year", "society__code"),
            visible=False,
            export=False,
        ),
        Column("society", _("Society"), accessor="society.name", sort="society__code", link=True),
        Column("year", _("Year"), sort="year"),
        Column(
            "status",
            _("Status"),
            accessor="get_status_display",
            sort="status",
            template="reports/cells/annual_status.html",
        ),
        Column("submitted_at", _("Submitted"), sort="submitted_at", css="text-nowrap"),
        Column(
            "version",
            _("Submitted version"),
            accessor=lambda a: f"v{a.report.version}" if a.report_id else "",
            sort="report__version",
        ),
    ]
    default_sort = "queue"
    tiebreak = ("pk",)
    filterset_class = AnnualFilter
    export_name = "annual-reports"
    export_sheet = _("Annual work reports")
    empty_text = _("No annual report yet.")
