"""The findings list's table (core.tables): CAST and the regulator see all, a secretary their society's."""

import django_filters
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.tables import Column, FilterForm, StatusFilter, Table
from societies.selectors import filter_societies

from .choices import UNRESOLVED, FindingStatus, Severity
from .models import Finding

ALL = "all"


class FindingFilter(django_filters.FilterSet):
    rule = django_filters.CharFilter(label=_("Rule"), lookup_expr="iexact", max_length=20)
    society = django_filters.ModelChoiceFilter(label=_("Society"), queryset=filter_societies)
    severity = django_filters.ChoiceFilter(label=_("Severity"), choices=Severity.choices)
    status = StatusFilter(
        label=_("Status"),
        choices=FindingStatus.choices,
        groups=[(ALL, _("All statuses"), None)],
        empty_label=_("Unresolved"),
    )

    class Meta:
        model = Finding
        fields = ["rule", "society", "severity", "status"]
        form = FilterForm

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):  # no choice: what still needs doing
            queryset = queryset.filter(status__in=UNRESOLVED)
        return queryset


class FindingTable(Table):
    html_id = "findings"
    row_key = "finding"
    columns = [
        Column("rule", _("Rule"), sort="rule", template="compliance/cells/rule.html"),
        Column(
            "severity",
            _("Severity"),
            accessor="get_severity_display",
            sort="severity",
            template="compliance/cells/severity.html",
        ),
        Column("society", _("Society"), accessor="society.name", sort="society__name"),
        Column(
            "subject",
            _("Concerns"),
            accessor=lambda f: str(f.subject) if f.subject else "",
            template="compliance/cells/subject.html",
        ),
        Column(
            "text",
            _("Message"),
            accessor=lambda f: Truncator(f.text).chars(120),
            css="small",
            export_value=lambda f: f.text,
        ),
        Column("deadline", _("Deadline"), sort="deadline", template="compliance/cells/deadline.html"),
        Column("opened_at", _("Opened"), sort="opened_at", css="text-nowrap"),
        Column(
            "status",
            _("Status"),
            accessor="get_status_display",
            sort="status",
            template="compliance/cells/status.html",
        ),
    ]
    default_sort = "-opened_at"
    filterset_class = FindingFilter
    export_name = "findings"
    export_sheet = _("Findings")
    export_audit = "compliance.finding.exported"
    empty_text = _("No findings.")

    row_view = "compliance:finding"


class SweepTable(Table):
    """The compliance sweeps that ran (CAST's, the nightly ones, a secretary's own)."""

    html_id = "sweeps"
    columns = [
        Column("number", "#", accessor=lambda s: f"#{s.pk}", sort="pk", link=True),
        Column(
            "society", _("Society"), accessor=lambda s: s.society.name if s.society_id else _("All societies")
        ),
        Column(
            "trigger",
            _("Started by"),
            accessor="get_trigger_display",
            template="compliance/cells/sweep_trigger.html",
        ),
        Column("created_at", _("Requested at"), sort="created_at", css="text-nowrap"),
        Column(
            "status",
            _("Status"),
            accessor="get_status_display",
            sort="status",
            template="compliance/cells/sweep_status.html",
        ),
        Column("findings_opened", _("Newly found"), sort="findings_opened", css="text-end"),
        Column("findings_resolved", _("Resolved"), sort="findings_resolved", css="text-end"),
        Column("open_after", _("Unresolved after"), sort="open_after", css="text-end"),
    ]
    default_sort = "-created_at"
    empty_text = _("No sweep has run yet.")

    row_view = "compliance:sweep"
