"""An award reviewer's pages: "my reviews" (their own assignments only, due dates, done or not), the score
form with the conflict declaration (a declared conflict keeps no score, R-AW-04), and the co-authors
they declare so the portal refuses assigning them to those people's nominations."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import VIEW, get_for, restrict
from core.errors import DomainError
from core.forms import apply_domain_error
from core.roles import reach_of
from members.models import Person

from .. import services
from ..choices import NominationStatus, RoundStatus
from ..forms import CoauthorForm, ReviewForm
from ..models import DeclaredCoauthor, Nomination, NominationMaterial, Review, ReviewAssignment
from ..selectors import assignments_of
from ..tables import ReviewTable
from . import done

TAKING_REVIEWS = (RoundStatus.OPEN, RoundStatus.REVIEWING)


def _require_reviewer(user):
    reach = reach_of(user)
    if not reach.award_reviewer_of and not ReviewAssignment.objects.filter(reviewer=user).exists():
        raise PermissionDenied


@login_required
def my_reviews(request):
    user = request.user
    _require_reviewer(user)
    table = ReviewTable(request, assignments_of(user), today=timezone.localdate(), open_states=TAKING_REVIEWS)
    return render(
        request,
        "awards/my_reviews.html",
        {"table": table, "page": table.page, "show": table.params.get("show", ""), "tab": "reviews"},
    )


@login_required
def review_form(request, pk):
    """The assigned reviewer scores (0–100) or declares a conflict; changeable while the round takes
    reviews."""
    user = request.user
    nomination = get_for(
        Nomination.objects.select_related("round__program__society", "nominee"), user, VIEW, pk=pk
    )
    assignment = ReviewAssignment.objects.filter(nomination=nomination, reviewer=user).first()
    if assignment is None:
        raise PermissionDenied
    review = Review.objects.filter(nomination=nomination, reviewer=user).first()
    initial = (
        {"score": review.score, "conflict_declared": review.conflict_declared, "comment": review.comment}
        if review
        else {}
    )
    form = ReviewForm(request.POST or None, initial=initial)
    is_open = nomination.round.status in TAKING_REVIEWS and nomination.status == NominationStatus.SUBMITTED
    if request.method == "POST" and is_open and form.is_valid():
        data = form.cleaned_data
        try:
            services.submit_review(
                actor=user,
                nomination=nomination,
                score=data["score"],
                conflict_declared=data["conflict_declared"],
                comment=data["comment"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            who = {"nominee": nomination.nominee.name, "score": data["score"]}
            text = (
                _(
                    "Conflict declared on the nomination of %(nominee)s: no score is kept and the "
                    "secretariat assigns another reviewer."
                )
                % who
                if data["conflict_declared"]
                else _("Review of %(nominee)s saved with the score %(score)s.") % who
            )
            return done(request, text, "awards:my_reviews")
    return render(
        request,
        "awards/review_form.html",
        {
            "n": nomination,
            "round": nomination.round,
            "program": nomination.round.program,
            "assignment": assignment,
            "review": review,
            "form": form,
            "is_open": is_open,
            "materials": restrict(NominationMaterial.objects.filter(nomination=nomination), user, VIEW),
            "tab": "reviews",
        },
    )


@login_required
def coauthors(request):
    """The co-authors a reviewer declares of themself (R-AW-04): the portal then refuses to assign them
    to those people's nominations."""
    user = request.user
    _require_reviewer(user)
    person = Person.objects.filter(user=user).first()
    form = CoauthorForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and form.cleaned_data.get("coauthor") is not None:
        try:
            services.declare_coauthor(actor=user, coauthor=form.cleaned_data["coauthor"])
        except DomainError as exc:
            if exc.field == "coauthor":
                exc.field = "coauthor_name"
            apply_domain_error(form, exc)
        else:
            return done(
                request,
                _("%(name)s declared as your co-author: you are not assigned to their nominations.")
                % {"name": form.cleaned_data["coauthor"].name},
                "awards:coauthors",
            )
    declared = (
        restrict(DeclaredCoauthor.objects.filter(person=person), user, VIEW)
        .select_related("coauthor")
        .order_by("coauthor__name")
        if person is not None
        else DeclaredCoauthor.objects.none()
    )
    return render(
        request,
        "awards/coauthors.html",
        {"form": form, "declared": declared, "has_profile": person is not None, "tab": "coauthors"},
    )
