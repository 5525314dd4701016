"""Read-side queries of awards, each a constant number of queries whatever the number of rows."""

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.access import VIEW, restrict
from core.forms import parse_id

from .choices import NominationStatus, ProgramStatus, RoundStatus
from .models import AwardProgram, AwardRound, Nomination, Review, ReviewAssignment


def public_programs(params=None) -> QuerySet[AwardProgram]:
    """The dynamic list 动态清单 (R-AW-06): every listed program with its society, category, cycle and
    last published round (year, winners, id) as annotations. Filters: `q` (program or society name),
    `society` (id), `category`, `discipline` (the society's discipline group)."""
    params = params or {}
    last = AwardRound.objects.filter(program=OuterRef("pk"), status=RoundStatus.PUBLISHED).order_by("-year")
    winners = (
        Nomination.objects.filter(round=OuterRef("last_round_id"), status=NominationStatus.WINNER)
        .order_by()
        .values("round")
        .annotate(n=Count("id"))
        .values("n")
    )
    qs = (
        AwardProgram.objects.filter(status=ProgramStatus.LISTED)
        .select_related("society")
        .annotate(
            last_round_id=Subquery(last.values("pk")[:1]), last_round_year=Subquery(last.values("year")[:1])
        )
        .annotate(last_round_winners=Subquery(winners[:1]))
        .order_by("society__code", "name")
    )
    q = str(params.get("q", "") or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(society__name__icontains=q))
    society = str(params.get("society", "") or "")
    if (society_id := parse_id(society)) is not None:
        qs = qs.filter(society_id=society_id)
    category = str(params.get("category", "") or "")
    if category:
        qs = qs.filter(category=category)
    discipline = str(params.get("discipline", "") or "")
    if discipline:
        qs = qs.filter(society__discipline=discipline)
    return qs


def programs_for(user) -> QuerySet[AwardProgram]:
    """Programs a signed-in user may see (their society's, CAST all, the listed ones for everyone)."""
    return restrict(AwardProgram.objects.select_related("society"), user, VIEW).order_by(
        "society__code", "name"
    )


def published_winners(award_round: AwardRound) -> QuerySet[Nomination]:
    return Nomination.objects.filter(round=award_round, status=NominationStatus.WINNER).select_related(
        "nominee"
    )


# --- the web pages' tables (each one query whatever the number of rows) ------------------------------


def _per_nomination(qs, **aggregates):
    """A scalar subquery aggregating `qs` (rows of one nomination, via OuterRef("pk"))."""
    ((name, aggregate),) = aggregates.items()
    return Subquery(qs.order_by().values("nomination").annotate(**{name: aggregate}).values(name)[:1])


def with_review_counts(qs: QuerySet[Nomination]) -> QuerySet[Nomination]:
    """Nominations with `assigned` (reviewers), `done` (reviews in, scored or conflicted), `scored`,
    `conflicts` and `mean_score`, each a subquery (no join multiplies another)."""
    reviews = Review.objects.filter(nomination=OuterRef("pk"))
    assignments = ReviewAssignment.objects.filter(nomination=OuterRef("pk"))
    return qs.annotate(
        assigned=Coalesce(_per_nomination(assignments, n=Count("id")), 0),
        done=Coalesce(_per_nomination(reviews, n=Count("id")), 0),
        scored=Coalesce(_per_nomination(reviews.filter(score__isnull=False), n=Count("id")), 0),
        conflicts=Coalesce(_per_nomination(reviews.filter(conflict_declared=True), n=Count("id")), 0),
        mean_score=_per_nomination(reviews, m=Avg("score")),
    )


def round_nominations(award_round: AwardRound, user) -> QuerySet[Nomination]:
    """The round's nominations the user may see, with review counts and `elsewhere`: how many live
    nominations the same nominee has in other programs of the same year (Indico #796)."""
    elsewhere = (
        Nomination.objects.filter(nominee=OuterRef("nominee"), round__year=award_round.year)
        .exclude(round=award_round)
        .exclude(status=NominationStatus.WITHDRAWN)
        .order_by()
        .values("nominee")
        .annotate(n=Count("id"))
        .values("n")
    )
    qs = restrict(Nomination.objects.filter(round=award_round), user, VIEW).select_related(
        "nominee", "nominator"
    )
    return with_review_counts(qs).annotate(elsewhere=Coalesce(Subquery(elsewhere[:1]), 0)).order_by("id")


def reviewer_workload(award_round: AwardRound, today=None):
    """Per reviewer of the round: assigned, done (a review in), conflicts declared, overdue (the due date
    passed without a review) — Decidim #12905: reviewers and secretaries see the workload."""
    today = today or timezone.localdate()
    review = Review.objects.filter(nomination=OuterRef("nomination"), reviewer=OuterRef("reviewer"))
    return (
        ReviewAssignment.objects.filter(nomination__round=award_round)
        .exclude(nomination__status=NominationStatus.WITHDRAWN)
        .annotate(reviewed=Exists(review), conflicted=Exists(review.filter(conflict_declared=True)))
        .values("reviewer", "reviewer__username", "reviewer__name")
        .annotate(
            assigned=Count("id"),
            done=Count("id", filter=Q(reviewed=True)),
            conflicts=Count("id", filter=Q(conflicted=True)),
            overdue=Count("id", filter=Q(reviewed=False, due_on__lt=today)),
        )
        .order_by("reviewer__name", "reviewer__username")
    )


def assignments_of(user) -> QuerySet[ReviewAssignment]:
    """The reviewer's own assignments ("my reviews"), with their review's score and conflict flag."""
    review = Review.objects.filter(nomination=OuterRef("nomination"), reviewer=user)
    return (
        restrict(ReviewAssignment.objects.filter(reviewer=user), user, VIEW)
        .select_related("nomination__nominee", "nomination__round__program__society")
        .annotate(
            reviewed=Exists(review),
            review_score=Subquery(review.values("score")[:1]),
            review_conflict=Subquery(review.values("conflict_declared")[:1]),
        )
        .order_by("reviewed", F("due_on").asc(nulls_last=True), "-assigned_at", "id")
    )


def with_round_summary(qs: QuerySet[AwardProgram]) -> QuerySet[AwardProgram]:
    """Programs with `rounds_count` and `latest_round_year` (the newest round of any status)."""
    rounds = AwardRound.objects.filter(program=OuterRef("pk")).order_by().values("program")
    return qs.annotate(
        rounds_count=Coalesce(Subquery(rounds.annotate(n=Count("id")).values("n")[:1]), 0),
        latest_round_year=Subquery(
            AwardRound.objects.filter(program=OuterRef("pk")).order_by("-year").values("year")[:1]
        ),
    )
