"""The major matters' table (core.tables): a secretariat's matters, a Party reviewer's pre-review queue."""

import django_filters
from django import forms
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.access import restrict
from core.tables import Column, FilterForm, StatusFilter, Table
from societies.models import Society
from societies.selectors import filter_societies

from .choices import ElectionStatus, FinanceStatus, MatterKind, MatterStatus, PartyLevel
from .models import Donation, Election, Expenditure, MajorMatter, PartyOrganization
from .services import organizations as services

OPEN = "open"
WAITING = (MatterStatus.PENDING, MatterStatus.RETURNED)


class MatterFilter(django_filters.FilterSet):
    status = StatusFilter(
        label=_("Status"),
        choices=MatterStatus.choices,
        groups=[(OPEN, _("Open (pending or returned)"), WAITING)],
        empty_label=_("All statuses"),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=MatterKind.choices)
    society = django_filters.ModelChoiceFilter(label=_("Society"), queryset=filter_societies)

    class Meta:
        model = MajorMatter
        fields = ["status", "kind", "society"]
        form = FilterForm


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

    row_view = "party_building:matter"


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


# --- Party organizations: one row per society, its three levels folded out ----------------------------


def _org_counts(level=None):
    orgs = PartyOrganization.objects.filter(society=OuterRef("pk"))
    return orgs.filter(level=level) if level else orgs


def organization_societies(societies: QuerySet) -> QuerySet:
    """The societies of the Party organizations list with the summary of their three levels (R-PB-04) as
    annotations: `has_council`, `has_office`, `branch_orgs`, `party_members` (one query for the page)."""
    branch_orgs = _org_counts(PartyLevel.BRANCH).order_by().values("society")
    members = _org_counts().order_by().values("society")
    return societies.annotate(
        has_council=Exists(_org_counts(PartyLevel.COUNCIL_COMMITTEE)),
        has_office=Exists(_org_counts(PartyLevel.OFFICE)),
        branch_orgs=Coalesce(
            Subquery(branch_orgs.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()),
            Value(0),
        ),
        party_members=Coalesce(
            Subquery(members.annotate(n=Sum("members_count")).values("n")[:1], output_field=IntegerField()),
            Value(0),
        ),
    )


class OrganizationFilter(django_filters.FilterSet):
    society = django_filters.ChoiceFilter(label=_("Society"), empty_label=_("All societies"), method="one")
    q = django_filters.CharFilter(
        label=_("Society name"), field_name="name", lookup_expr="icontains", max_length=100
    )
    gaps = django_filters.BooleanFilter(
        label=_("With advisories only"), widget=forms.CheckboxInput, method="with_gaps"
    )

    class Meta:
        model = Society
        fields = ["society", "q", "gaps"]
        form = FilterForm

    def __init__(self, *args, societies=(), **kwargs):
        """`societies`: the (pk, name) pairs the user may list, read once by the view."""
        super().__init__(*args, **kwargs)
        if len(societies) > 1:
            self.filters["society"].extra["choices"] = [(str(pk), name) for pk, name in societies]
        else:  # one society: nothing to choose between
            del self.filters["society"]
            del self.filters["q"]

    def one(self, queryset, name, value):
        return queryset.filter(pk=int(value)) if value else queryset

    def with_gaps(self, queryset, name, value):
        """The advisories decide which societies are listed: a fixed number of queries for all."""
        if not value:
            return queryset
        candidates = list(queryset.order_by().only("pk", "name"))
        gaps = services.organization_gaps(candidates)
        return queryset.filter(pk__in=[s.pk for s in candidates if gaps[s.pk]])


def _tick(value) -> str:
    return "✓" if value else ""


class OrganizationTable(Table):
    """The Party organizations list: a compact row per society (its three levels and advisories), the
    society's organizations and advisories folded out under it."""

    html_id = "organizations"
    row_key = "society"
    detail_template = "party_building/cells/organization_detail.html"
    columns = [
        Column("code", _("Code"), sort="code", visible=False),
        Column("society", _("Society"), accessor="name", sort="name", css="text-nowrap fw-semibold"),
        Column(
            "council",
            _("Council Party committee"),
            accessor="has_council",
            sort="has_council",
            template="party_building/cells/level_present.html",
            css="text-center",
            export_value=lambda s: s.has_council,
        ),
        Column(
            "office",
            _("Office Party organization"),
            accessor="has_office",
            sort="has_office",
            template="party_building/cells/level_present.html",
            css="text-center",
            export_value=lambda s: s.has_office,
        ),
        Column("branch_orgs", _("Branch-office Party organizations"), sort="branch_orgs", css="text-end"),
        Column("party_members", _("Party members"), sort="party_members", css="text-end"),
        Column(
            "gaps",
            _("Advisories"),
            accessor=lambda s: len(s.gaps),
            template="party_building/cells/organization_gaps.html",
        ),
        Column(
            "details",
            "",
            accessor=lambda s: "",
            template="party_building/cells/organization_toggle.html",
            css="text-end text-nowrap",
            export=False,
        ),
    ]
    default_sort = "code"
    tiebreak = ("pk",)
    default_per_page = 25
    filterset_class = OrganizationFilter
    export_name = "party-organizations"
    export_sheet = _("Party organizations")
    export_audit = "party_building.partyorganization.exported"
    empty_text = _("No societies.")

    def filterset_kwargs(self):
        return {"societies": self.context.get("societies", ())}

    def row_url(self, row):
        return None  # the society's organizations fold out under its row

    def row_css(self, row):
        return "society-row"

    def prepare_page(self, objects):
        orgs = restrict(PartyOrganization.objects.select_related("branch"), self.request.user)
        prefetch_related_objects(objects, Prefetch("party_organizations", queryset=orgs, to_attr="orgs"))
        gaps = services.organization_gaps(objects)
        for society in objects:
            society.gaps = gaps[society.pk]

    def export_rows(self, queryset):
        """The advisories are counted per chunk of societies (a fixed number of queries each)."""
        columns = self.export_columns
        chunk: list = []
        for society in queryset.iterator(chunk_size=500):
            chunk.append(society)
            if len(chunk) == 500:
                yield from self._export_chunk(chunk, columns)
                chunk = []
        yield from self._export_chunk(chunk, columns)

    def _export_chunk(self, societies, columns):
        gaps = services.organization_gaps(societies) if societies else {}
        for society in societies:
            society.gaps = gaps[society.pk]
            yield [column.export_cell(society) for column in columns]


# --- Donations and expenditures: two tables on one page ------------------------------------------------


class FinanceFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=FinanceStatus.choices, empty_label=_("All statuses")
    )
    society = django_filters.ModelChoiceFilter(label=_("Society"), queryset=filter_societies)

    class Meta:
        fields = ["status", "society"]
        form = FilterForm


class DonationFilter(FinanceFilter):
    foreign = django_filters.BooleanFilter(
        label=_("Foreign source only"), widget=forms.CheckboxInput, method="foreign_only"
    )

    class Meta(FinanceFilter.Meta):
        model = Donation
        fields = [*FinanceFilter.Meta.fields, "foreign"]

    def foreign_only(self, queryset, name, value):
        return queryset.filter(is_foreign=True) if value else queryset


class ExpenditureFilter(FinanceFilter):
    class Meta(FinanceFilter.Meta):
        model = Expenditure


def _money_column(**kwargs) -> Column:
    return Column(
        "amount",
        _("Amount (CNY)"),
        sort="amount",
        template="party_building/cells/money.html",
        css="text-end text-nowrap",
        **kwargs,
    )


class DonationTable(Table):
    """Donations received (R-PB-02): parameters prefixed "d-" (the expenditures share the page)."""

    html_id = "donations"
    prefix = "d"
    row_key = "donation"
    columns = [
        Column("received_on", _("Received"), sort="received_on", css="text-nowrap"),
        Column("donor", _("Donor"), sort="donor", template="party_building/cells/donor.html"),
        Column("society", _("Society"), accessor="society.name", sort="society__name"),
        _money_column(),
        Column("purpose", _("Purpose"), sort="purpose"),
        Column("is_foreign", _("Foreign source"), visible=False),
        Column("status", _("Status"), accessor="get_status_display", sort="status", css="text-nowrap"),
    ]
    default_sort = "-received_on"
    filterset_class = DonationFilter
    export_name = "donations"
    export_sheet = _("Donations")
    export_audit = "party_building.donation.exported"
    empty_text = _("No donations recorded.")


class ExpenditureTable(Table):
    """Expenditures (R-PB-02): parameters prefixed "e-" (the donations share the page)."""

    html_id = "expenditures"
    prefix = "e"
    row_key = "expenditure"
    columns = [
        Column("spent_on", _("Date"), sort="spent_on", css="text-nowrap"),
        Column("purpose", _("Purpose"), sort="purpose", link=True),
        Column("society", _("Society"), accessor="society.name", sort="society__name"),
        _money_column(),
        Column("status", _("Status"), accessor="get_status_display", sort="status", css="text-nowrap"),
    ]
    default_sort = "-spent_on"
    filterset_class = ExpenditureFilter
    export_name = "expenditures"
    export_sheet = _("Expenditures")
    export_audit = "party_building.expenditure.exported"
    empty_text = _("No expenditures recorded.")
