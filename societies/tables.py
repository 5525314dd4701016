"""The society directory's table (core.tables): public, sortable, filterable, exportable."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.formats import percent
from core.tables import Column, FilterForm, SearchFilter, Table
from members.choices import MembershipTier

from .choices import Discipline, SocietyStatus
from .models import Society


class SocietyFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["name", "name_en", "code"])
    discipline = django_filters.ChoiceFilter(label=_("Discipline group"), choices=Discipline.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SocietyStatus.choices)

    class Meta:
        model = Society
        fields = ["q", "discipline", "status"]
        form = FilterForm


class SocietyTable(Table):
    html_id = "societies"
    columns = [
        Column("code", _("Code"), sort="code", css="text-nowrap"),
        Column("name", _("Name"), sort="name", link=True),
        Column("name_en", _("English name"), sort="name_en", css="small text-secondary"),
        Column("discipline", _("Discipline group"), accessor="get_discipline_display", sort="discipline"),
        Column("founded_on", _("Founded"), sort="founded_on", css="text-nowrap"),
        Column("website", _("Website"), export=True, visible=False),
        Column(
            "status",
            _("Status"),
            accessor="get_status_display",
            sort="status",
            template="components/cells/status_badge.html",
        ),
    ]
    default_sort = "code"
    tiebreak = ("pk",)
    filterset_class = SocietyFilter
    export_name = "societies"
    export_sheet = _("Societies")
    export_audit = "societies.society.exported"
    empty_text = _("No societies match.")

    row_view = "societies:detail"


class CastFilter(django_filters.FilterSet):
    """CAST's workspace filters (the names of the page before the table: q, discipline, status,
    sg_full_time)."""

    q = SearchFilter(
        label=_("Name, code or credit code"), fields=["name", "name_en", "code"], exact={"credit_code": None}
    )
    discipline = django_filters.ChoiceFilter(
        label=_("Discipline group"), choices=Discipline.choices, empty_label=_("All discipline groups")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=SocietyStatus.choices, empty_label=_("All statuses")
    )
    sg_full_time = django_filters.ChoiceFilter(
        label=_("Secretary-general"),
        choices=[("yes", _("Secretary-general full-time")), ("no", _("Secretary-general not full-time"))],
        empty_label=_("Secretary-general: any"),
        method="by_full_time",
    )

    class Meta:
        model = Society
        fields = ["q", "discipline", "status", "sg_full_time"]
        form = FilterForm

    def by_full_time(self, queryset, name, value):
        return queryset.filter(secretary_general_full_time=value == "yes")


def _share_column(key: str, label) -> Column:
    """A council share against its R-GOV-03 target: percent, marked below target (the cell reads the
    targets from the table's context)."""
    return Column(
        key,
        label,
        sort=key,
        template=f"societies/cells/{key}.html",
        css="text-end text-nowrap",
        export_value=lambda s: percent(getattr(s, key)) if getattr(s, key) is not None else "",
    )


class CastTable(Table):
    """CAST's workspace: every society with its key figures (members by tier, council composition against
    R-GOV-03, secretary-general full-time R-GOV-04); a row opens the society's workspace."""

    html_id = "societies"
    row_key = "society"
    columns = [
        Column("code", _("Code"), sort="code", visible=False),
        Column(
            "name", _("Society"), sort="name", template="societies/cells/cast_society.html", css="text-nowrap"
        ),
        Column("discipline", _("Discipline group"), accessor="get_discipline_display", visible=False),
        Column(
            "status",
            _("Status"),
            accessor="get_status_display",
            sort="status",
            template="societies/cells/status.html",
        ),
        *(
            Column(f"m_{value}", label, sort=f"m_{value}", css="text-end")
            for value, label in MembershipTier.choices
        ),
        Column("members_active", _("Active members"), sort="members_active", css="text-end fw-semibold"),
        Column("council_seats", _("Council seats"), sort="council_seats", css="text-end"),
        _share_column("grassroots_share", _("Grassroots")),
        _share_column("under50_share", _("Under 50")),
        Column(
            "secretary_general_full_time",
            _("SG full-time"),
            sort="secretary_general_full_time",
            template="societies/cells/full_time.html",
        ),
    ]
    default_sort = "code"
    tiebreak = ("pk",)
    default_per_page = 50
    filterset_class = CastFilter
    export_name = "cast-workspace"
    export_sheet = _("Societies and key figures")
    empty_text = _("No societies match.")

    row_view = "societies:workspace"
