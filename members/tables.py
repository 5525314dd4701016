"""The tables (core.tables) of the members pages: a society's member directory, the secretariat's queues,
CAST's credit and training records, the overdue officers (R-TR-01) and the person lookup."""

from dataclasses import dataclass
from functools import cached_property

import django_filters
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.tables import Column, FilterForm, SearchFilter, StatusFilter, Table
from societies.models import Society
from societies.selectors import filter_societies

from .choices import (
    ApplicationStatus,
    ChangeRequestStatus,
    CreditKind,
    MembershipStatus,
    MembershipTier,
    Region,
    TrainingKind,
)
from .models import (
    CreditRecord,
    Membership,
    MembershipApplication,
    Person,
    ProfileChangeRequest,
    TrainingRecord,
)
from .selectors import search_memberships
from .training import OWED, TrainingGap


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

    row_view = "members:membership"


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

    row_view = "members:application_detail"

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
    q = SearchFilter(label=_("Name or document"), fields=["person__name", "source_document"])
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CreditKind.choices)

    class Meta:
        model = CreditRecord
        fields = ["q", "kind"]
        form = FilterForm


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


# --- CAST's training records (R-TR-01) ------------------------------------------------------------------


class TrainingFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Name or course"), fields=["person__name", "course"])
    kind = django_filters.ChoiceFilter(
        label=_("Course kind"), choices=TrainingKind.choices, empty_label=_("All kinds")
    )
    society = django_filters.ModelChoiceFilter(label=_("Society"), queryset=filter_societies)

    class Meta:
        model = TrainingRecord
        fields = ["q", "kind", "society"]
        form = FilterForm


class TrainingTable(Table):
    """CAST's training records, newest first; the name opens the person's record."""

    html_id = "training-records"
    row_key = "training"
    columns = [
        Column(
            "person",
            _("Person"),
            accessor="person.name",
            sort="person__name",
            template="members/cells/person_link.html",
            css="text-nowrap",
        ),
        Column("society", _("Society"), accessor="society.name", sort="society__code"),
        Column("kind", _("Course kind"), accessor="get_kind_display", sort="kind"),
        Column("course", _("Course"), sort="course"),
        Column("attended_on", _("Date"), sort="attended_on", css="text-nowrap"),
        Column("hours", _("Hours"), sort="hours", css="text-end"),
    ]
    default_sort = "-attended_on"
    default_per_page = 50
    filterset_class = TrainingFilter
    export_name = "training-records"
    export_sheet = _("Training records")
    export_audit = "members.trainingrecord.exported"  # people's names and courses: personal data
    empty_text = _("No records.")

    def row_url(self, row):
        return reverse("members:person", args=[row.person_id])


@dataclass
class GapRow:
    """One R-TR-01 advisory item (members.training.TrainingGap) as a table row; `pk` names the officer and
    the training owed, the two that make it one."""

    gap: TrainingGap

    @property
    def pk(self) -> str:
        return f"{self.gap.officer.pk}-{self.gap.kind}"

    def __getattr__(self, name):
        return getattr(self.gap, name)


def _sort_value(row, path: str):
    value = row
    for part in path.split("."):
        value = getattr(value, part)
    return value


class ComputedRows:
    """A list computed in Python (the R-TR-01 gaps: two officer queries whatever their number, then
    arithmetic) read as the table component reads a queryset: `order_by` over dotted attribute paths,
    slices, `count()`, `iterator()`."""

    def __init__(self, items):
        self.items = list(items)

    def order_by(self, *paths):
        items = list(self.items)
        for path in reversed(paths):  # stable sorts, the last key first
            key = path.lstrip("-")
            items.sort(key=lambda row, key=key: _sort_value(row, key), reverse=path.startswith("-"))
        return ComputedRows(items)

    def all(self):
        return ComputedRows(self.items)

    def count(self) -> int:
        return len(self.items)

    def iterator(self, chunk_size=None):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)

    def __getitem__(self, key):
        return ComputedRows(self.items[key]) if isinstance(key, slice) else self.items[key]


class GapFilterForm(FilterForm):
    """The gaps page's filters, applied by the view to the computed list (no queryset to filter)."""

    on = forms.DateField(label=_("On date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    society = forms.ModelChoiceField(
        label=_("Society"),
        queryset=Society.objects.order_by("code").only("pk", "name"),
        required=False,
        empty_label=_("All societies"),
    )
    kind = forms.ChoiceField(
        label=_("Training owed"),
        choices=[("", _("All kinds")), *[(v, label) for v, label in TrainingKind.choices if v in OWED]],
        required=False,
    )

    def apply(self, gaps):
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("society") is not None:
            gaps = [g for g in gaps if g.officer.society_id == data["society"].pk]
        if data.get("kind"):
            gaps = [g for g in gaps if g.kind == data["kind"]]
        return ComputedRows(GapRow(g) for g in gaps)


class GapTable(Table):
    """Sitting presidents and secretaries-general overdue for training on a day (R-TR-01, advisory)."""

    html_id = "training-gaps"
    columns = [
        Column(
            "society",
            _("Society"),
            accessor="officer.society.name",
            sort="officer.society.name",
            css="text-nowrap",
        ),
        Column(
            "officer",
            _("Officer"),
            accessor=lambda r: f"{r.officer.get_position_display()} {r.officer.person.name}",
            sort="officer.person.name",
            template="members/cells/gap_officer.html",
            css="text-nowrap",
        ),
        Column("kind", _("Training owed"), accessor=lambda r: r.kind.label, sort="kind"),
        Column("due_on", _("Due"), sort="due_on", css="text-nowrap"),
        Column("message", _("Advisory finding"), css="small phone-hide"),  # the other cells say it on a phone
        Column("record", "", accessor=lambda r: "", template="members/cells/gap_record.html", export=False),
    ]
    default_sort = "due_on"
    tiebreak = ("pk",)
    default_per_page = 50
    export_name = "training-overdue"
    export_sheet = _("Overdue training")
    export_audit = "societies.officer.exported"  # officers' names and their overdue training
    empty_text = _("No president or secretary-general is overdue for training.")

    def row_url(self, row):
        return reverse("members:person", args=[row.officer.person_id])

    def row_css(self, row):
        return "training-gap"


# --- CAST's person lookup (R-ETH-02, R-TR-01) -------------------------------------------------------------


class LookupFilter(django_filters.FilterSet):
    q = SearchFilter(
        label=_("Name, employer or ID number"), fields=["name", "employer"], exact={"id_number": str.upper}
    )
    # The day the answers are for: the view reads it (members.views.records._day_param) and annotates the
    # sanction answer with it; here it is the panel's field, and filters nothing.
    on = django_filters.DateFilter(
        label=_("On date"), method="keep", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Person
        fields = ["q", "on"]
        form = FilterForm

    def keep(self, queryset, name, value):
        return queryset


class LookupTable(Table):
    """The people matching a search, each with the answers CAST looks them up for: an active sanction on
    the day (R-ETH-02) and training overdue (R-TR-01). The training answer comes from `gaps_by_person`
    (members.training.training_gaps, a fixed number of queries), set on the page's rows."""

    html_id = "lookup-results"
    row_key = "person"
    columns = [
        Column("pk", _("Portal no."), accessor="pk", sort="pk", css="text-nowrap"),
        Column("name", pgettext_lazy("person", "Name"), sort="name", link=True, css="text-nowrap"),
        Column("employer", _("Employer"), sort="employer"),
        Column("region", _("Region"), accessor="get_region_display", sort="region", css="text-nowrap"),
        Column("active_memberships", _("Active memberships"), sort="active_memberships", css="text-end"),
        Column(
            "under_sanction",
            _("Sanction in force"),
            sort="under_sanction",
            template="members/cells/lookup_sanction.html",
            css="sanction-answer",
        ),
        Column(
            "training_gaps",
            _("Training overdue (R-TR-01)"),
            accessor=lambda p: p.training_gaps,
            template="members/cells/lookup_training.html",
            css="training-answer text-nowrap",
        ),
        Column(
            "record", "", accessor=lambda p: "", template="members/cells/lookup_record.html", export=False
        ),
    ]
    default_sort = "name"
    tiebreak = ("pk",)
    filterset_class = LookupFilter
    export_name = ""  # sanctions are personal data of the most sensitive kind: looked up, not downloaded
    empty_text = _("Nobody found.")

    def __init__(self, request, queryset, *, gaps_by_person, **kwargs):
        self.gaps_by_person = gaps_by_person
        super().__init__(request, queryset, **kwargs)

    row_view = "members:person"

    @cached_property
    def rows(self):
        for person in self.page.object_list:
            person.training_gaps = self.gaps_by_person.get(person.pk, [])
        return super().rows
