"""The branch lists' tables (core.tables): a society's branch offices and CAST's review queue."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.tables import Column, FilterForm, Table
from core.templatetags.portal import scope_names
from societies.selectors import filter_societies

from . import selectors
from .choices import STANDING, AssessmentGrade, BranchKind, BranchStatus
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

    row_view = "branches:detail"


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


CLEANUP_REASON_CHOICES = [
    ("inactive", _("Long inactive")),
    ("failed", _("Failed assessment")),
    ("overdue", _("Rectification overdue")),
]


class CleanupFilter(django_filters.FilterSet):
    society = django_filters.ModelChoiceFilter(label=_("Society"), queryset=filter_societies)
    reason = django_filters.ChoiceFilter(
        label=_("Reason"), choices=CLEANUP_REASON_CHOICES, empty_label=_("Any reason"), method="by_reason"
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=[c for c in BranchStatus.choices if c[0] in STANDING]
    )

    class Meta:
        model = Branch
        fields = ["society", "reason", "status"]
        form = FilterForm

    def by_reason(self, queryset, name, value):
        return queryset.filter(selectors.cleanup_reason(value))


def cleanup_reasons(branch) -> list[str]:
    """Why a branch office is a clean-up candidate, as words (the export's cell)."""
    labels = dict(CLEANUP_REASON_CHOICES)
    flags = {
        "inactive": branch.is_inactive,
        "failed": branch.last_grade == AssessmentGrade.FAIL,
        "overdue": branch.is_past_deadline,
    }
    return [str(labels[key]) for key, on in flags.items() if on]


def latest_assessment(branch) -> str:
    if not branch.last_year:
        return ""
    return f"{branch.last_year} · {dict(AssessmentGrade.choices).get(branch.last_grade, '')}"


class CleanupTable(Table):
    """CAST's clean-up candidates (R-BR-05): long inactive, failed latest assessment, rectification past
    its deadline; a row opens the branch office, CAST's buttons rectify or revoke it."""

    html_id = "cleanup"
    row_key = "branch"
    columns = [
        Column(
            "society",
            _("Society"),
            accessor="society.name",
            sort=("society__code", "name"),
        ),
        Column("name", _("Name"), sort="name", link=True),
        Column("last_activity_on", _("Last approved activity"), sort="last_activity_on", css="text-nowrap"),
        Column(
            "assessment",
            _("Latest assessment"),
            accessor=latest_assessment,
            sort=("last_year", "last_grade"),
            css="text-nowrap",
        ),
        Column(
            "why",
            _("Reason"),
            accessor=lambda b: "、".join(cleanup_reasons(b)),
            template="branches/cells/cleanup_why.html",
        ),
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
            template="branches/cells/cleanup_decide.html",
            css="text-end text-nowrap",
            export=False,
        ),
    ]
    default_sort = "society"
    tiebreak = ("pk",)
    default_per_page = 50
    filterset_class = CleanupFilter
    export_name = "branch-cleanup"
    export_sheet = _("Clean-up candidates")
    empty_text = _("No candidates.")

    row_view = "branches:detail"
