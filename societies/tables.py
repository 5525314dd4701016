"""The society directory's table (core.tables): public, sortable, filterable, exportable."""

import django_filters
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.tables import Column, FilterForm, Table

from .choices import Discipline, SocietyStatus
from .models import Society


class SocietyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    discipline = django_filters.ChoiceFilter(label=_("Discipline group"), choices=Discipline.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SocietyStatus.choices)

    class Meta:
        model = Society
        fields = ["q", "discipline", "status"]
        form = FilterForm

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(name_en__icontains=value) | Q(code__icontains=value)
        )


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

    def row_url(self, row):
        return reverse("societies:detail", args=[row.pk])
