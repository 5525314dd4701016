"""The award programs' table (core.tables): a society's programs, all of them for CAST and the regulator."""

import django_filters
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.tables import Column, FilterForm, Table
from societies.selectors import filter_societies

from .choices import AwardCategory, ProgramStatus
from .models import AwardProgram


class ProgramFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProgramStatus.choices)
    category = django_filters.ChoiceFilter(
        label=pgettext_lazy("award", "Category"), choices=AwardCategory.choices
    )
    society = django_filters.ModelChoiceFilter(label=_("Society"), queryset=filter_societies)

    class Meta:
        model = AwardProgram
        fields = ["q", "status", "category", "society"]
        form = FilterForm

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(society__name__icontains=value))


class ProgramTable(Table):
    html_id = "programs"
    row_key = "program"
    columns = [
        Column("name", _("Award"), sort="name", link=True),
        Column("society", _("Society"), accessor="society.name", sort="society__code"),
        Column(
            "category", pgettext_lazy("award", "Category"), accessor="get_category_display", sort="category"
        ),
        Column("quota", _("Quota"), sort="quota", css="text-end"),
        Column("rounds_count", _("Rounds"), sort="rounds_count", css="text-end"),
        Column("latest_round_year", _("Latest round"), sort="latest_round_year"),
        Column(
            "status",
            _("Status"),
            accessor="get_status_display",
            sort="status",
            template="awards/cells/status.html",
        ),
    ]
    default_sort = "society"
    tiebreak = ("name", "pk")
    filterset_class = ProgramFilter
    export_name = "award-programs"
    export_sheet = _("Award programs")
    export_audit = "awards.awardprogram.exported"
    empty_text = _("No award program matches.")

    def row_url(self, row):
        return reverse("awards:program", args=[row.pk])
