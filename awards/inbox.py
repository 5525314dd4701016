"""What of the awards waits for someone (core.inbox): CAST lists (or not) the submitted programs; the
society's secretariat finds reviewers for nominations short of the reviews R-AW-04 asks; an award
reviewer scores the nominations assigned to them."""

from django.db.models import CharField, Exists, F, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.access import CHANGE, DECIDE, VIEW, restrict
from core.inbox import Source

from .choices import NominationStatus, ProgramStatus, RoundStatus
from .models import AwardProgram, Nomination, Review, ReviewAssignment
from .selectors import with_review_counts
from .services.review import min_reviews

LIVE_ROUNDS = [RoundStatus.OPEN, RoundStatus.REVIEWING]


def _short_of_reviewers(user):
    live = with_review_counts(
        restrict(
            Nomination.objects.filter(status=NominationStatus.SUBMITTED, round__status__in=LIVE_ROUNDS),
            user,
            CHANGE,
            cast=False,
        )
    )
    # a reviewer who declared a conflict does not count: the nomination needs another one (R-AW-04)
    return live.annotate(usable=F("assigned") - F("conflicts")).filter(usable__lt=min_reviews())


def _to_score(user):
    reviewed = Review.objects.filter(nomination=OuterRef("nomination"), reviewer=user)
    return restrict(
        ReviewAssignment.objects.filter(
            reviewer=user,
            nomination__status=NominationStatus.SUBMITTED,
            nomination__round__status__in=LIVE_ROUNDS,
        ),
        user,
        VIEW,
    ).filter(~Exists(reviewed))


SOURCES = [
    Source(
        key="awards.program_submitted",
        label=_("Award program"),
        action=_("Decide on listing the program"),
        applies=lambda reach: reach.cast_admin,
        rows=lambda user: restrict(AwardProgram.objects.filter(status=ProgramStatus.SUBMITTED), user, DECIDE),
        url="awards:program",
        since=F("submitted_at"),
        title=F("name"),
    ),
    Source(
        key="awards.needs_reviewers",
        label=_("Nomination without enough reviewers"),
        action=_("Assign reviewers"),
        applies=lambda reach: bool(reach.secretary_of),
        rows=_short_of_reviewers,
        url="awards:nomination",
        since=F("submitted_at"),
        title=F("nominee__name"),
        society=F("round__program__society__name"),
        detail=F("round__program__name"),
    ),
    Source(
        key="awards.to_score",
        label=_("Nomination to review"),
        action=_("Score the nomination"),
        applies=lambda reach: bool(reach.award_reviewer_of),
        rows=_to_score,
        url="awards:review",
        since=F("assigned_at"),
        title=F("nomination__nominee__name"),
        society=F("nomination__round__program__society__name"),
        detail=lambda: Concat(Value(gettext("due") + " "), Cast("due_on", CharField())),
        pk=F("nomination_id"),
    ),
]
