"""The public dynamic list 科技奖项动态清单 (R-AW-06) and each program's public page: no login, a
constant number of queries whatever the number of programs."""

from django.db.models import Prefetch
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.utils import timezone

from core.access import VIEW, get_for, restrict
from members.choices import MembershipStatus
from members.models import Membership

from ..choices import NominationStatus, ProgramStatus, RoundStatus
from ..models import AwardProgram, AwardRound, Nomination
from ..selectors import public_programs
from ..tables import PublicAwardTable
from . import reads_society


def public_list(request):
    # Sort keys without NULL: a program with no published round sorts as 0, so "most winners" and "latest
    # round" (descending) list it after those with results (PostgreSQL puts NULL first when descending).
    qs = public_programs().annotate(
        round_key=Coalesce("last_round_year", 0), winners_key=Coalesce("last_round_winners", 0)
    )
    table = PublicAwardTable(request, qs)
    if (download := table.export_response()) is not None:
        return download
    return render(request, "awards/public_list.html", {"table": table, "page": table.page, "tab": "public"})


def program_public(request, pk):
    """A listed program (or, for its own secretariat and CAST, one not yet listed) with its published
    rounds and their winners (name, employer), and the open round a member may nominate in."""
    program = get_for(AwardProgram.objects.select_related("society"), request.user, VIEW, pk=pk)
    winners = (
        Nomination.objects.filter(status=NominationStatus.WINNER).select_related("nominee").order_by("id")
    )
    rounds = list(
        restrict(AwardRound.objects.filter(program=program, status=RoundStatus.PUBLISHED), request.user, VIEW)
        .order_by("-year")
        .prefetch_related(Prefetch("nominations", queryset=winners, to_attr="winners"))
    )
    today = timezone.localdate()
    open_round = (
        AwardRound.objects.filter(
            program=program,
            status=RoundStatus.OPEN,
            nominations_open_on__lte=today,
            nominations_close_on__gte=today,
        )
        .order_by("-year")
        .first()
        if program.status == ProgramStatus.LISTED
        else None
    )
    user = request.user
    return render(
        request,
        "awards/program_public.html",
        {
            "program": program,
            "rounds": rounds,
            "open_round": open_round,
            "member_may_nominate": bool(
                open_round
                and program.member_nominations
                and user.is_authenticated
                and Membership.objects.filter(
                    society_id=program.society_id, person__user=user, status=MembershipStatus.ACTIVE
                ).exists()
            ),
            "manages": user.is_authenticated and reads_society(user, program.society_id),
            "tab": "public",
        },
    )
