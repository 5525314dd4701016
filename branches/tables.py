"""The branch lists' tables (core.tables): a society's branch offices and CAST's review queue."""

import django_filters
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.tables import Column, FilterForm, Table
from core.templatetags.portal import scope_names
from societies.selectors import filter_societies

from .choices import BranchKind, BranchStatus
from .models import Branch


class BranchFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), field_name="name", lookup_expr="icontains", max_length=100
    )
    society = django_filters.ModelChoiceFilter(label=_("Society"), queryset=filter_societies)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=BranchKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=BranchStatus.choices)
    overdue = django_filters.BooleanFilter(
        label=_("Rectification overdue"), widget=forms.CheckboxInput, method="overdue_only"
    )

    class Meta:
        model = Branch
        fields = ["q", "society", "kind", "status", "overdue"]
        form = FilterForm

    def overdue_only(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            status=BranchStatus.RECTIFYING, rectification_deadline__lt=timezone.localdate()
        )


class BranchTable(Table):
    html_id = "branches"
    row_key = "branch"
    columns = [
        Column("name", _("Name"), sort="name", link=True),
        Column("society", _("Society"), accessor="society.name", sort="society__code"),
        Column("kind", _("Kind"), accessor="get_kind_display", sort="kind", css="text-nowrap"),
        Column(
            "scope",
            _("Scope"),
            accessor=lambda b: scope_names(b.business_scope),
            css="small",
        ),
        Column("established_on", _("Established"), sort="established_on", css="text-nowrap"),
        Column(
            "status",
            _("Status"),
            accessor="get_status_display",
            sort="status",
            template="branches/cells/status.html",
        ),
    ]
    default_sort = "society"
    tiebreak = ("name", "pk")
    default_per_page = 50
    filterset_class = BranchFilter
    export_name = "branches"
    export_sheet = _("Branch offices")
    export_audit = "branches.branch.exported"
    empty_text = _("No branch offices.")

    def row_url(self, row):
        return reverse("branches:detail", args=[row.pk])


class BranchReviewTable(BranchTable):
    html_id = "queue"
    columns = [
        Column(
            "society",
            _("Society"),
            accessor="society.name",
            sort="society__code",
            template="branches/cells/society.html",
        ),
        Column("name", _("Name"), sort="name", link=True),
        Column("kind", _("Kind"), accessor="get_kind_display", sort="kind", css="text-nowrap"),
        Column("submitted_at", _("Submitted"), sort="submitted_at", css="text-nowrap"),
        Column(
            "status",
            _("Status"),
            accessor="get_status_display",
            sort="status",
            template="branches/cells/status.html",
        ),
        Column(
            "decide",
            "",
            accessor=lambda b: "",
            template="branches/cells/decide.html",
            export=False,
            css="text-end",
        ),
    ]
    default_sort = "attention"
    tiebreak = ("pk",)
    empty_text = _("Nothing waits for review.")

    @property
    def sortable(self):
        columns = super().sortable
        # The queue's own order: proposals over the ceiling (R-BR-04) first, then the oldest submission.
        return {
            **columns,
            "attention": Column("attention", "", sort=("-needs_cast_attention", "submitted_at")),
        }
