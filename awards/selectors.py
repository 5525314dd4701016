"""Read-side queries of awards, each a constant number of queries whatever the number of rows."""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from core.access import VIEW, restrict

from .choices import NominationStatus, ProgramStatus, RoundStatus
from .models import AwardProgram, AwardRound, Nomination


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
    if society.isascii() and society.isdigit():
        qs = qs.filter(society_id=int(society))
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
