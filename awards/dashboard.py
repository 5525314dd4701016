"""Dashboard panels: a secretary's open rounds and nominations awaiting reviewers, CAST's programs awaiting
listing, a reviewer's pending reviews, a member's nominations. Each a fixed number of queries."""

from django.db.models import Count, Exists, F, Min, OuterRef, Q
from django.utils import timezone

from core.access import VIEW, restrict

from .choices import NominationStatus, ProgramStatus, RoundStatus
from .models import AwardProgram, AwardRound, Nomination, Review, ReviewAssignment
from .selectors import with_review_counts
from .services.review import min_reviews

RUNNING = [RoundStatus.OPEN, RoundStatus.REVIEWING, RoundStatus.PROPOSED]


def _secretary(user, reach):
    rounds = (
        AwardRound.objects.filter(program__society_id__in=reach.secretary_of, status__in=RUNNING)
        .select_related("program")
        .annotate(
            nominations_count=Count("nominations", filter=Q(nominations__status=NominationStatus.SUBMITTED))
        )
        .order_by("nominations_close_on", "id")
    )
    needed = min_reviews()
    live = with_review_counts(
        Nomination.objects.filter(
            round__program__society_id__in=reach.secretary_of,
            round__status__in=[RoundStatus.OPEN, RoundStatus.REVIEWING],
            status=NominationStatus.SUBMITTED,
        )
    )
    # a reviewer who declared a conflict does not count: the nomination needs another one (R-AW-04)
    awaiting = live.annotate(usable=F("assigned") - F("conflicts")).filter(usable__lt=needed).count()
    drafts = AwardProgram.objects.filter(
        society_id__in=reach.secretary_of, status=ProgramStatus.DRAFT
    ).count()
    return {
        "template": "awards/partials/panel_secretary.html",
        "rounds": list(rounds[:8]),
        "rounds_total": rounds.count(),
        "awaiting_reviewers": awaiting,
        "needed": needed,
        "drafts": drafts,
    }


def _cast(user):
    programs = restrict(AwardProgram.objects.all(), user, VIEW)
    stats = programs.aggregate(
        submitted=Count("id", filter=Q(status=ProgramStatus.SUBMITTED)),
        oldest=Min("submitted_at", filter=Q(status=ProgramStatus.SUBMITTED)),
        listed=Count("id", filter=Q(status=ProgramStatus.LISTED)),
        suspended=Count("id", filter=Q(status=ProgramStatus.SUSPENDED)),
    )
    return {"template": "awards/partials/panel_cast.html", **stats}


def _reviewer(user):
    today = timezone.localdate()
    review = Review.objects.filter(nomination=OuterRef("nomination"), reviewer=user)
    stats = (
        ReviewAssignment.objects.filter(
            reviewer=user,
            nomination__status=NominationStatus.SUBMITTED,
            nomination__round__status__in=[RoundStatus.OPEN, RoundStatus.REVIEWING],
        )
        .annotate(reviewed=Exists(review))
        .filter(reviewed=False)
        .aggregate(
            pending=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)), next_due=Min("due_on")
        )
    )
    return {"template": "awards/partials/panel_reviewer.html", **stats}


def _member(user):
    mine = Nomination.objects.filter(nominator__user=user).exclude(status=NominationStatus.WITHDRAWN)
    stats = mine.aggregate(total=Count("id"), winners=Count("id", filter=Q(status=NominationStatus.WINNER)))
    return {"template": "awards/partials/panel_member.html", **stats}


def panels(request, reach):
    user = request.user
    out = []
    if reach.secretary_of:
        out.append(_secretary(user, reach))
    if reach.cast_admin:
        out.append(_cast(user))
    if reach.award_reviewer_of:
        out.append(_reviewer(user))
    if reach.member:
        out.append(_member(user))
    return out
