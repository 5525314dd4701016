"""The filing lists' tables (core.tables): a society's filings and CAST's review queue, with one filter set.
Exports keep the columns of activities.exports (one place for what a filing export holds)."""

import django_filters
from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.access import DECIDE, may
from core.tables import BulkAction, Column, FilterForm, SearchFilter, StatusFilter, Table
from societies.selectors import filter_societies

from . import exports
from .choices import ActivityKind, ActivityStatus
from .models import Activity

ALL = "all"


class FilingFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["title", "location", "society__name"])
    society = django_filters.ModelChoiceFilter(label=_("Society"), queryset=filter_societies)
    branch = django_filters.NumberFilter(field_name="branch_id", widget=forms.HiddenInput)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ActivityKind.choices)
    status = StatusFilter(
        label=_("Status"), choices=ActivityStatus.choices, groups=[(ALL, _("All statuses"), None)]
    )
    late = django_filters.BooleanFilter(
        label=_("Late"), field_name="is_late", widget=forms.CheckboxInput, method="only_true"
    )
    overseas = django_filters.BooleanFilter(
        label=_("Overseas"), field_name="is_overseas", widget=forms.CheckboxInput, method="only_true"
    )
    foreign = django_filters.BooleanFilter(
        label=pgettext_lazy("activity", "Foreign"), widget=forms.CheckboxInput, method="foreign_only"
    )

    class Meta:
        model = Activity
        fields = ["q", "society", "branch", "kind", "status", "late", "overseas", "foreign"]
        form = FilterForm

    def only_true(self, queryset, name, value):
        return queryset.filter(**{name: True}) if value else queryset

    def foreign_only(self, queryset, name, value):
        return queryset.filter(Q(foreign_donation__gt=0) | ~Q(foreign_partner="")) if value else queryset


class FilingTable(Table):
    """A society's (or a branch officer's) filings."""

    html_id = "filings"
    columns = [
        Column("title", _("Title"), sort="title", template="activities/cells/title.html"),
        Column("kind", _("Kind"), accessor="get_kind_display", sort="kind", css="text-nowrap"),
        Column("starts_on", _("Starts"), sort="starts_on", css="text-nowrap"),
        Column("branch", _("Branch office"), accessor="branch.name", sort="branch__name"),
        Column(
            "status",
            _("Status"),
            accessor="get_status_display",
            sort="status",
            template="activities/cells/status.html",
        ),
    ]
    default_sort = "-starts_on"
    filterset_class = FilingFilter
    export_name = "activities"
    export_audit = "activities.activity.exported"
    empty_text = _("No filings match.")

    row_view = "activities:detail"

    def export_file(self, fmt):
        return exports.export(self.queryset, fmt)

    def export_data(self):
        return {"filters": self.applied_filters}


class ReviewTable(FilingTable):
    """CAST's review queue across societies, oldest submission first; CAST approves clean ones in bulk."""

    html_id = "queue"
    columns = [
        Column(
            "society",
            _("Society"),
            accessor="society.name",
            sort="society__name",
            template="activities/cells/society.html",
        ),
        Column("title", _("Title"), sort="title", link=True),
        Column("kind", _("Kind"), accessor="get_kind_display", sort="kind", css="text-nowrap"),
        Column("starts_on", _("Starts"), sort="starts_on", css="text-nowrap"),
        Column("submitted_at", _("Submitted at"), sort="submitted_at", css="text-nowrap"),
        Column(
            "flags", _("Flags"), accessor=lambda a: "", template="activities/cells/flags.html", export=False
        ),
        Column(
            "status",
            _("Status"),
            accessor="get_status_display",
            sort="status",
            template="activities/cells/status.html",
        ),
    ]
    default_sort = "submitted_at"
    tiebreak = ("pk",)
    default_per_page = 50
    bulk_actions = [
        BulkAction(
            "approve",
            _("Approve selected clean filings"),
            lambda: reverse("activities:bulk_approve"),
            allowed=lambda request: may(request.user, None, DECIDE),
            css="btn-success",
        )
    ]
    empty_text = _("Nothing waits for review.")
