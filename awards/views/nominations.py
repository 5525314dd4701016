"""One nomination: its facts, the same-year flag, materials, assignments and reviews (each list through
core.access, so everyone sees what is theirs to see); assigning reviewers to it; withdrawing it; a
member's own nominations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import CHANGE, VIEW, get_for, may, restrict
from core.audit import status_history
from core.errors import DomainError
from core.forms import run_service

from .. import services
from ..choices import NominationStatus, RoundStatus
from ..forms import AssignForm, MaterialForm, StepForm, award_reviewers
from ..models import Nomination, NominationMaterial, Review, ReviewAssignment
from ..tables import MyNominationTable
from . import assigned_message, done, reads_society, refusal

NOMINATIONS = Nomination.objects.select_related(
    "round__program__society", "nominee", "nominator", "submitted_by"
)


def _own(user, nomination) -> bool:
    """The nominating member (their own nomination)."""
    return nomination.nominator_id is not None and nomination.nominator.user_id == user.pk


@login_required
def nomination_detail(request, pk):
    user = request.user
    nomination = get_for(NOMINATIONS, user, VIEW, pk=pk)
    award_round = nomination.round
    society = award_round.program.society
    manages = may(user, society, CHANGE)
    own = _own(user, nomination)
    staff = reads_society(user, society.pk)
    is_open = award_round.status == RoundStatus.OPEN
    live = nomination.status == NominationStatus.SUBMITTED
    assignments = restrict(ReviewAssignment.objects.filter(nomination=nomination), user, VIEW).select_related(
        "reviewer__person"
    )
    return render(
        request,
        "awards/nomination_detail.html",
        {
            "n": nomination,
            "round": award_round,
            "program": award_round.program,
            "manages": manages,
            "staff": staff,
            "elsewhere": list(services.same_year_elsewhere(nomination, award_round.year, award_round.pk))
            if staff
            else [],
            "materials": restrict(
                NominationMaterial.objects.filter(nomination=nomination), user, VIEW
            ).order_by("uploaded_at", "id"),
            "assignments": assignments.order_by("assigned_at", "id"),
            "reviews": restrict(Review.objects.filter(nomination=nomination), user, VIEW)
            .select_related("reviewer")
            .order_by("submitted_at", "id"),
            "is_assigned": ReviewAssignment.objects.filter(nomination=nomination, reviewer=user).exists(),
            "can_upload": is_open and live and (manages or own or nomination.submitted_by_id == user.pk),
            "can_withdraw": live
            and award_round.status in (RoundStatus.OPEN, RoundStatus.REVIEWING)
            and (manages or own),
            "can_assign": manages
            and live
            and award_round.status in (RoundStatus.OPEN, RoundStatus.REVIEWING),
            "material_form": MaterialForm(),
            "history": status_history(nomination) if staff or own else [],
            "tab": "programs" if staff else ("reviews" if not own else "mine"),
        },
    )


@login_required
def nomination_assign(request, pk):
    """Assign reviewers to this nomination: each reviewer is shown with the conflict the service would
    refuse (R-AW-04); a refused assignment names the rule on the form."""
    user = request.user
    nomination = get_for(NOMINATIONS, user, VIEW, pk=pk)
    society = nomination.round.program.society
    if not may(user, society, CHANGE):
        raise PermissionDenied
    reviewers = award_reviewers(society)
    form = AssignForm(request.POST or None, reviewers=reviewers)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            response := run_service(
                request,
                form,
                lambda: services.assign_reviewers(
                    actor=user,
                    nomination=nomination,
                    reviewers=list(form.cleaned_data["reviewers"]),
                    due_on=form.cleaned_data["due_on"],
                ),
                lambda created: assigned_message(
                    created, _("the nomination of %(nominee)s") % {"nominee": nomination.nominee.name}
                ),
                "awards:nomination",
                nomination.pk,
            )
        )
    ):
        return response
    assigned = set(
        ReviewAssignment.objects.filter(nomination=nomination).values_list("reviewer_id", flat=True)
    )
    return render(
        request,
        "awards/assign.html",
        {
            "n": nomination,
            "round": nomination.round,
            "program": nomination.round.program,
            "form": form,
            "bulk": False,
            "has_reviewers": bool(reviewers),
            "candidates": [
                {"user": r, "conflict": services.conflict_of(r, nomination), "assigned": r.pk in assigned}
                for r in reviewers
            ],
            "tab": "programs",
        },
    )


@login_required
@require_POST
def material_upload(request, pk):
    nomination = get_for(NOMINATIONS, request.user, CHANGE, pk=pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_material(actor=request.user, nomination=nomination, upload=form.cleaned_data["file"])
        except DomainError as exc:
            messages.error(request, f"{exc.message} [{exc.rule}]" if exc.rule else str(exc.message))
        else:
            messages.success(
                request,
                _("Material “%(file)s” added to the nomination of %(nominee)s.")
                % {"file": form.cleaned_data["file"].name, "nominee": nomination.nominee.name},
            )
    else:
        messages.error(request, _("Choose a file to upload."))
    return redirect("awards:nomination", nomination.pk)


@login_required
def material_download(request, pk):
    material = get_for(NominationMaterial.objects.all(), request.user, VIEW, pk=pk)
    return FileResponse(material.file.open("rb"), as_attachment=True, filename=material.original_name)


@login_required
def nomination_withdraw(request, pk):
    user = request.user
    nomination = get_for(NOMINATIONS, user, VIEW, pk=pk)
    if not (may(user, nomination.round.program.society, CHANGE) or _own(user, nomination)):
        raise PermissionDenied
    form = StepForm(request.POST if request.method == "POST" else None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_nomination(
                actor=user, nomination=nomination, comment=form.cleaned_data["comment"]
            )
        except DomainError as exc:
            error = refusal(exc)
        else:
            return done(
                request,
                _("Nomination of %(nominee)s to “%(round)s” withdrawn.")
                % {"nominee": nomination.nominee.name, "round": nomination.round},
                "awards:nomination",
                nomination.pk,
            )
    return render(
        request,
        "awards/nomination_withdraw.html",
        {
            "n": nomination,
            "round": nomination.round,
            "allowed": Nomination.workflow.can(nomination, "withdraw")
            and nomination.round.status in (RoundStatus.OPEN, RoundStatus.REVIEWING),
            "form": form,
            "error": error,
            "tab": "mine" if _own(user, nomination) else "programs",
        },
    )


@login_required
def my_nominations(request):
    """The nominations the user made as a member, newest first."""
    user = request.user
    qs = restrict(Nomination.objects.filter(nominator__user=user), user, VIEW).select_related(
        "nominee", "round__program__society"
    )
    table = MyNominationTable(request, qs)
    return render(request, "awards/my_nominations.html", {"table": table, "page": table.page, "tab": "mine"})
