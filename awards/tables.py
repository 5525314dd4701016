"""The awards' tables (core.tables): a society's programs (all of them for CAST and the regulator), the
public dynamic list, CAST's listing queue and list management, a reviewer's reviews, a member's
nominations."""

import django_filters
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.tables import Column, FilterForm, SearchFilter, Table
from societies.choices import Discipline
from societies.models import Society
from societies.selectors import filter_societies

from .choices import AwardCategory, NominationStatus, ProgramStatus
from .models import AwardProgram, Nomination, ReviewAssignment


class ProgramFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["name", "society__name"])
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProgramStatus.choices)
    category = django_filters.ChoiceFilter(
        label=pgettext_lazy("award", "Category"), choices=AwardCategory.choices
    )
    society = django_filters.ModelChoiceFilter(label=_("Society"), queryset=filter_societies)

    class Meta:
        model = AwardProgram
        fields = ["q", "status", "category", "society"]
        form = FilterForm


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

    row_view = "awards:program"


# --- the public dynamic list 动态清单 (R-AW-06): no login -------------------------------------------------


def listed_societies(request):
    """The societies that have a listed program: the public list's society filter."""
    return (
        Society.objects.filter(award_programs__status=ProgramStatus.LISTED)
        .distinct()
        .order_by("code")
        .only("pk", "name")
    )


class PublicFilter(django_filters.FilterSet):
    """The public list's search and filters, the same names as the public API's (`q`, `society`,
    `category`, `discipline`)."""

    q = SearchFilter(fields=["name", "society__name"])
    society = django_filters.ModelChoiceFilter(
        label=_("Society"), queryset=listed_societies, empty_label=_("All societies")
    )
    category = django_filters.ChoiceFilter(
        label=pgettext_lazy("award", "Category"),
        choices=AwardCategory.choices,
        empty_label=_("All categories"),
    )
    discipline = django_filters.ChoiceFilter(
        label=_("Discipline group"),
        choices=Discipline.choices,
        field_name="society__discipline",
        empty_label=_("All discipline groups"),
    )

    class Meta:
        model = AwardProgram
        fields = ["q", "society", "category", "discipline"]
        form = FilterForm


class PublicAwardTable(Table):
    """The listed programs with their last published round (awards.selectors.public_programs). On a phone
    the society shows under the award's name and the category and cycle columns are hidden (portal.css)."""

    html_id = "award-list"
    row_key = "program"
    columns = [
        Column("name", _("Award"), sort="name", template="awards/cells/public_award.html"),
        Column(
            "society",
            _("Society"),
            accessor="society.name",
            sort="society__code",
            template="awards/cells/public_society.html",
            css="phone-hide",
        ),
        Column(
            "category",
            pgettext_lazy("award", "Category"),
            accessor="get_category_display",
            sort="category",
            css="phone-hide",
        ),
        Column(
            "cycle",
            _("Cycle"),
            accessor="cycle_years",
            sort="cycle_years",
            template="awards/cells/cycle.html",
            css="text-nowrap phone-hide",
        ),
        Column(
            "last_round",
            _("Last round"),
            accessor="last_round_year",
            sort="round_key",
            template="awards/cells/last_round.html",
            css="text-nowrap last-round",
        ),
        Column(
            "winners",
            _("Winners"),
            accessor=lambda p: (p.last_round_winners or 0) if p.last_round_id else None,
            sort="winners_key",
            css="text-end winners-count",
        ),
    ]
    default_sort = "society"
    tiebreak = ("name", "pk")
    default_per_page = 50
    filterset_class = PublicFilter
    export_name = "award-list"  # public facts only: no audit entry for an anonymous download
    export_sheet = _("Dynamic list of S&T awards")
    empty_text = _("No listed award matches.")

    row_view = "awards:program_public"


# --- CAST: the listing queue and the dynamic list's management --------------------------------------------


def societies_with(*statuses):
    def choices(request):
        return (
            Society.objects.filter(award_programs__status__in=statuses)
            .distinct()
            .order_by("code")
            .only("pk", "name")
        )

    return choices


class ListingFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["name", "society__name"])
    society = django_filters.ModelChoiceFilter(
        label=_("Society"), queryset=societies_with(ProgramStatus.SUBMITTED), empty_label=_("All societies")
    )
    category = django_filters.ChoiceFilter(
        label=pgettext_lazy("award", "Category"),
        choices=AwardCategory.choices,
        empty_label=_("All categories"),
    )

    class Meta:
        model = AwardProgram
        fields = ["q", "society", "category"]
        form = FilterForm


def _program_link():
    return Column("name", _("Award"), sort="name", link=True, css="min-w-10r")


def _society():
    return Column("society", _("Society"), accessor="society.name", sort="society__code", css="text-nowrap")


class ListingTable(Table):
    """Programs submitted for the dynamic list, oldest first, with List / Return for CAST (R-AW-01)."""

    html_id = "listing-queue"
    row_key = "program"
    columns = [
        _program_link(),
        _society(),
        Column(
            "category", pgettext_lazy("award", "Category"), accessor="get_category_display", sort="category"
        ),
        Column("quota", _("Quota"), sort="quota", css="text-end"),
        Column(
            "cap",
            _("Cap"),
            accessor="winner_ratio_cap",
            sort="winner_ratio_cap",
            template="awards/cells/percent.html",
            css="text-end",
        ),
        Column("approval_ref", _("Approval document"), sort="approval_ref"),
        Column("submitted_at", _("Submitted"), sort="submitted_at", css="text-nowrap"),
        Column(
            "decide", "", accessor=lambda p: "", template="awards/cells/listing_decide.html", export=False
        ),
    ]
    default_sort = "submitted_at"
    tiebreak = ("pk",)
    default_per_page = 50
    filterset_class = ListingFilter
    export_name = "award-listing-queue"
    export_sheet = _("Programs awaiting listing")
    export_audit = "awards.awardprogram.exported"
    empty_text = _("No program awaits listing.")

    row_view = "awards:program"


MANAGED = (ProgramStatus.LISTED, ProgramStatus.SUSPENDED, ProgramStatus.WITHDRAWN)
ON_THE_LIST = (ProgramStatus.LISTED, ProgramStatus.SUSPENDED)


class ManagedFilter(ListingFilter):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(v, label) for v, label in ProgramStatus.choices if v in MANAGED],
        empty_label=_("Listed or suspended"),
    )
    society = django_filters.ModelChoiceFilter(
        label=_("Society"), queryset=societies_with(*MANAGED), empty_label=_("All societies")
    )

    class Meta:
        model = AwardProgram
        fields = ["q", "status", "society", "category"]
        form = FilterForm

    def filter_queryset(self, queryset):
        """No status asked for: the programs on the list (listed or suspended); withdrawn on demand."""
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status__in=ON_THE_LIST)
        return super().filter_queryset(queryset)


class ManagedTable(Table):
    """The dynamic list as CAST keeps it, with suspend / reinstate / withdraw."""

    html_id = "list-management"
    row_key = "program"
    columns = [
        _program_link(),
        _society(),
        Column(
            "category", pgettext_lazy("award", "Category"), accessor="get_category_display", sort="category"
        ),
        Column("listed_at", _("Listed"), sort="listed_at", css="text-nowrap"),
        Column("rounds_count", _("Rounds"), sort="rounds_count", css="text-end"),
        Column(
            "status",
            _("Status"),
            accessor="get_status_display",
            sort="status",
            template="awards/cells/status.html",
        ),
        Column(
            "decide", "", accessor=lambda p: "", template="awards/cells/managed_decide.html", export=False
        ),
    ]
    default_sort = "society"
    tiebreak = ("name", "pk")
    default_per_page = 50
    filterset_class = ManagedFilter
    export_name = "award-dynamic-list"
    export_sheet = _("The dynamic list")
    export_audit = "awards.awardprogram.exported"
    empty_text = _("No program matches.")

    row_view = "awards:program"


# --- a reviewer's own assignments, a member's own nominations ---------------------------------------------

TODO, DONE = "todo", "done"


class ReviewFilter(django_filters.FilterSet):
    show = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=[(TODO, _("To do")), (DONE, _("Done"))],
        empty_label=_("All"),
        method="by_state",
    )
    q = SearchFilter(
        label=_("Nominee or award"), fields=["nomination__nominee__name", "nomination__round__program__name"]
    )

    class Meta:
        model = ReviewAssignment
        fields = ["show", "q"]
        form = FilterForm

    def by_state(self, queryset, name, value):
        return queryset.filter(reviewed=value == DONE)


def review_answer(assignment) -> str:
    if not assignment.reviewed:
        return str(_("to do"))
    if assignment.review_conflict:
        return str(_("conflict declared"))
    return str(assignment.review_score)


class ReviewTable(Table):
    """The reviewer's assignments (awards.selectors.assignments_of): to do first, the nearest due date
    first; a row opens the nomination, its button the score form while the round takes reviews. On a phone
    the award and due columns are hidden (the nominee's cell names them, portal.css)."""

    html_id = "my-reviews"
    row_key = "assignment"
    columns = [
        Column(
            "nominee",
            _("Nominee"),
            accessor="nomination.nominee.name",
            sort="nomination__nominee__name",
            template="awards/cells/review_nominee.html",
        ),
        Column(
            "award",
            _("Award"),
            accessor=lambda a: f"{a.nomination.round.program.name} {a.nomination.round.year}",
            sort=("nomination__round__program__name", "nomination__round__year"),
            template="awards/cells/review_award.html",
            css="phone-hide",
        ),
        Column(
            "due_on",
            _("Due"),
            sort="due_on",
            nulls_last=True,
            template="awards/cells/review_due.html",
            css="text-nowrap phone-hide",
        ),
        Column(
            "review",
            _("Your review"),
            accessor=review_answer,
            sort=("reviewed", "review_score"),
            template="awards/cells/review_answer.html",
        ),
        Column("act", "", accessor=lambda a: "", template="awards/cells/review_action.html", css="text-end"),
        # the queue's own order: what is still to do first, then by due date (no due date last)
        Column(
            "queue",
            _("Queue"),
            sort=("reviewed", "due_on", "-assigned_at"),
            nulls_last=True,
            visible=False,
            export=False,
        ),
    ]
    default_sort = "queue"
    tiebreak = ("pk",)
    default_per_page = 50
    filterset_class = ReviewFilter
    export_name = ""  # confidential review work: read here, not downloaded
    empty_text = _("No nomination is assigned to you.")

    def row_url(self, row):
        return reverse("awards:nomination", args=[row.nomination_id])

    def row_css(self, row):
        return "reviewed" if row.reviewed else "to-review"


class NominationFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Nominee or award"), fields=["nominee__name", "round__program__name"])
    status = django_filters.ChoiceFilter(label=_("Status"), choices=NominationStatus.choices)

    class Meta:
        model = Nomination
        fields = ["q", "status"]
        form = FilterForm


class MyNominationTable(Table):
    """The nominations a member made, newest first; a row opens the nomination."""

    html_id = "my-nominations"
    row_key = "nomination"
    columns = [
        Column("nominee", _("Nominee"), accessor="nominee.name", sort="nominee__name", link=True),
        Column(
            "award",
            _("Award"),
            accessor="round.program.name",
            sort="round__program__name",
            template="awards/cells/nomination_award.html",
        ),
        Column(
            "round",
            _("Round"),
            accessor="round.year",
            sort="round__year",
            template="awards/cells/nomination_round.html",
            css="text-nowrap",
        ),
        Column("submitted_at", _("Submitted"), sort="submitted_at", css="text-nowrap"),
        Column(
            "status",
            _("Status"),
            accessor="get_status_display",
            sort="status",
            template="awards/cells/status.html",
        ),
    ]
    default_sort = "-submitted_at"
    tiebreak = ("-pk",)
    filterset_class = NominationFilter
    export_name = ""  # a handful of the member's own rows: nothing to download
    empty_text = _(
        "You have made no nomination. Programs that take nominations from members show a button on their "
        "public page while a round is open."
    )

    row_view = "awards:nomination"
