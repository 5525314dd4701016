"""The major matters' table (core.tables): a secretariat's matters, a Party reviewer's pre-review queue."""

import django_filters
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.tables import Column, FilterForm, Table
from societies.selectors import filter_societies

from .choices import ElectionStatus, MatterKind, MatterStatus
from .models import Election, MajorMatter

OPEN = "open"
WAITING = (MatterStatus.PENDING, MatterStatus.RETURNED)


class MatterFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(OPEN, _("Open (pending or returned)")), *MatterStatus.choices],
        empty_label=_("All statuses"),
        method="by_status",
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=MatterKind.choices)
    society = django_filters.ModelChoiceFilter(label=_("Society"), queryset=filter_societies)

    class Meta:
        model = MajorMatter
        fields = ["status", "kind", "society"]
        form = FilterForm

    def by_status(self, queryset, name, value):
        return queryset.filter(status__in=WAITING) if value == OPEN else queryset.filter(status=value)


def waiting_days(matter) -> int | str:
    return "" if matter.status in (MatterStatus.APPROVED, MatterStatus.WITHDRAWN) else matter.age_days


class MatterTable(Table):
    html_id = "matters"
    row_key = "matter"
    columns = [
        Column("title", _("Matter"), sort="title", template="party_building/cells/matter_title.html"),
        Column("kind", _("Kind"), accessor="get_kind_display", sort="kind", css="text-nowrap"),
        Column("society", _("Society"), accessor="society.name", sort="society__name"),
        Column(
            "amount",
            _("Amount (CNY)"),
            sort="amount",
            template="party_building/cells/money.html",
            css="text-end text-nowrap",
        ),
        Column(
            "status",
            _("Status"),
            accessor="get_status_display",
            sort="status",
            template="party_building/cells/matter_status.html",
        ),
        Column("submitted_at", _("Submitted"), sort="submitted_at", css="text-nowrap"),
        Column("waiting", _("Waiting (days)"), accessor=waiting_days, css="text-end age"),
    ]
    default_sort = "-submitted_at"
    filterset_class = MatterFilter
    export_name = "major-matters"
    export_sheet = _("Major matters")
    export_audit = "party_building.majormatter.exported"
    empty_text = _("No major matters match.")

    def row_url(self, row):
        return reverse("party_building:matter", args=[row.pk])


class ElectionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ElectionStatus.choices)
    society = django_filters.ModelChoiceFilter(label=_("Society"), queryset=filter_societies)

    class Meta:
        model = Election
        fields = ["status", "society"]
        form = FilterForm


class ElectionTable(Table):
    html_id = "elections"
    row_key = "election"
    columns = [
        Column("body", _("Body"), accessor="body.get_kind_display", sort="body__kind", link=True),
        Column("society", _("Society"), accessor="society.name", sort="society__code"),
        Column("term_start", _("New term"), sort="term_start", css="text-nowrap"),
        Column("term_end", _("Term ends"), sort="term_end", css="text-nowrap"),
        Column("seats", _("Seats"), sort="seats", css="text-end"),
        Column("status", _("Status"), accessor="get_status_display", sort="status"),
    ]
    default_sort = "-term_start"
    filterset_class = ElectionFilter
    export_name = "elections"
    export_sheet = _("Elections")
    export_audit = "party_building.election.exported"
    empty_text = _("No elections yet.")

    def row_url(self, row):
        return row.get_absolute_url()
