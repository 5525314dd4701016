"""The tables (core.tables) of the members pages: a society's member directory."""

import django_filters
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.tables import Column, FilterForm, StatusFilter, Table
from societies.selectors import filter_societies

from .choices import (
    ApplicationStatus,
    ChangeRequestStatus,
    CreditKind,
    MembershipStatus,
    MembershipTier,
    Region,
)
from .models import CreditRecord, Membership, MembershipApplication, ProfileChangeRequest
from .selectors import search_memberships


class DirectoryFilter(django_filters.FilterSet):
    """The directory's filters; their names are those the directory's export reads (DirectoryFilters)."""

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    tier = django_filters.ChoiceFilter(label=_("Tier"), choices=MembershipTier.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=MembershipStatus.choices)
    region = django_filters.ChoiceFilter(
        label=_("Region"), choices=Region.choices, field_name="person__region"
    )

    class Meta:
        model = Membership
        fields = ["q", "tier", "status", "region"]
        form = FilterForm

    def search(self, queryset, name, value):
        return search_memberships(queryset, value)


class DirectoryTable(Table):
    """A society's memberships for its secretariat; a row opens the membership, the name the person."""

    html_id = "members"
    columns = [
        Column("number", _("Number"), sort="number", css="text-nowrap"),
        Column(
            "name",
            pgettext_lazy("person", "Name"),
            accessor="person.name",
            sort="person__name",
            template="members/cells/person_link.html",
            css="text-nowrap",
        ),
        Column("employer", _("Employer"), accessor="person.employer", sort="person__employer"),
        Column(
            "region",
            _("Region"),
            accessor="person.get_region_display",
            sort="person__region",
            css="text-nowrap",
        ),
        Column("tier", _("Tier"), accessor="get_tier_display", sort="tier", css="text-nowrap"),
        Column(
            "category", _("Category"), accessor="get_category_display", sort="category", css="text-nowrap"
        ),
        Column("status", _("Status"), accessor="get_status_display", sort="status", css="text-nowrap"),
        Column("joined_on", _("Joined"), sort="joined_on", css="text-nowrap"),
        Column("valid_until", _("Valid until"), sort="valid_until", css="text-nowrap"),
    ]
    default_sort = "number"
    tiebreak = ("pk",)
    default_per_page = 50
    filterset_class = DirectoryFilter
    # The directory's export is its own page (members.views.directory.export: its columns are those the
    # import reads, ID numbers masked unless asked for, audited); the table's toolbar links to it.
    export_name = ""
    empty_text = _("No members match.")

    def row_url(self, row):
        return reverse("members:membership", args=[row.pk])


ALL = "all"


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Applicant name"), field_name="person__name", lookup_expr="icontains", max_length=100
    )
    status = StatusFilter(
        label=_("Status"), choices=ApplicationStatus.choices, groups=[(ALL, _("All statuses"), None)]
    )
    flagged = django_filters.ChoiceFilter(
        label=_("Flagged"),
        choices=[("1", _("Flagged (R-MEM-02)")), ("0", _("Not flagged"))],
        empty_label=_("Flagged or not"),
        method="by_flag",
    )
    society = django_filters.ModelChoiceFilter(label=_("Society"), queryset=filter_societies)

    class Meta:
        model = MembershipApplication
        fields = ["q", "status", "flagged", "society"]
        form = FilterForm

    def by_flag(self, queryset, name, value):
        return queryset.filter(needs_explicit_approval=value == "1")


class ApplicationTable(Table):
    """A secretariat's application queue; a row opens the application."""

    html_id = "application-queue"
    row_id = "application-"
    columns = [
        Column(
            "applicant",
            _("Applicant"),
            accessor="person.name",
            sort="person__name",
            link=True,
            css="text-nowrap",
        ),
        Column("society", _("Society"), accessor="society.name", sort="society__code"),
        Column(
            "region",
            _("Region"),
            accessor="person.get_region_display",
            sort="person__region",
            template="members/cells/application_region.html",
        ),
        Column("employer", _("Employer"), accessor="person.employer", sort="person__employer"),
        Column("tier", _("Tier"), accessor="get_tier_display", sort="tier", css="text-nowrap"),
        Column("submitted_at", _("Submitted at"), sort="submitted_at", css="text-nowrap"),
        Column(
            "status",
            _("Status"),
            accessor="get_status_display",
            sort="status",
            template="members/cells/application_status.html",
        ),
        Column(
            "decide",
            "",
            accessor=lambda a: "",
            template="members/cells/application_decide.html",
            export=False,
        ),
    ]
    default_sort = "-submitted_at"
    filterset_class = ApplicationFilter
    export_name = ""  # applicants' personal data: no bulk download from the queue
    empty_text = _("No applications match.")

    def row_url(self, row):
        return reverse("members:application_detail", args=[row.pk])

    def row_css(self, row):
        return "table-warning" if row.needs_explicit_approval and row.status == "submitted" else ""


class ChangeRequestFilter(django_filters.FilterSet):
    status = StatusFilter(
        label=_("Status"), choices=ChangeRequestStatus.choices, groups=[(ALL, _("All statuses"), None)]
    )

    class Meta:
        model = ProfileChangeRequest
        fields = ["status"]
        form = FilterForm


class ChangeRequestTable(Table):
    """Identity changes waiting for the secretariat (R-MEM-03); the member's name opens their record."""

    html_id = "change-requests"
    row_id = "change-request-"
    columns = [
        Column(
            "person",
            _("Member"),
            accessor="person.name",
            sort="person__name",
            template="members/cells/person_link.html",
            css="text-nowrap",
        ),
        Column(
            "changes",
            _("Changes"),
            accessor=lambda r: "",
            template="members/cells/changes.html",
            export=False,
        ),
        Column("requested_at", _("Requested"), sort="requested_at", css="text-nowrap"),
        Column("status", _("Status"), accessor="get_status_display", sort="status"),
        Column(
            "decide", "", accessor=lambda r: "", template="members/cells/change_decide.html", export=False
        ),
    ]
    default_sort = "-requested_at"
    filterset_class = ChangeRequestFilter
    export_name = ""
    empty_text = _("Nothing waiting.")

    def row_url(self, row):
        return None


class CreditFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or document"), method="search", max_length=100)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CreditKind.choices)

    class Meta:
        model = CreditRecord
        fields = ["q", "kind"]
        form = FilterForm

    def search(self, queryset, name, value):
        return queryset.filter(Q(person__name__icontains=value) | Q(source_document__icontains=value))


class CreditTable(Table):
    """CAST's academic credit records (R-ETH-01); the name opens the person's record."""

    html_id = "credit-records"
    columns = [
        Column(
            "person",
            _("Person"),
            accessor="person.name",
            sort="person__name",
            template="members/cells/person_link.html",
            css="text-nowrap",
        ),
        Column(
            "kind",
            _("Kind"),
            accessor="get_kind_display",
            sort="kind",
            template="members/cells/credit_kind.html",
        ),
        Column("summary", _("Summary"), accessor=lambda r: r.summary[:80], export_value=lambda r: r.summary),
        Column("starts_on", pgettext_lazy("date", "from"), sort="starts_on", css="text-nowrap"),
        Column("ends_on", _("until"), sort="ends_on", css="text-nowrap"),
        Column(
            "source",
            _("Source document"),
            accessor="source_document",
            template="members/cells/credit_source.html",
        ),
        Column("recorded_at", _("Recorded"), sort="recorded_at", css="small text-nowrap"),
    ]
    default_sort = "-starts_on"
    filterset_class = CreditFilter
    export_name = ""  # personal data of the most sensitive kind: read here, not downloaded in bulk
    empty_text = _("No records.")

    def row_url(self, row):
        return reverse("members:person", args=[row.person_id])
