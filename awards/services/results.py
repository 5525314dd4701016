"""Results: the secretariat proposes winners from the ranked list within the quota and the winner-ratio
cap (R-AW-02), each with enough scored reviews (R-AW-04); proposing opens the award-selection major
matter (R-PB-02); publishing waits for its approval (R-AW-05)."""

import math
from decimal import Decimal

from django.db import transaction
from django.db.models import Avg, Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import CHANGE, require
from core.audit import log_action
from core.errors import DomainError, TransitionNotAllowed
from core.rule_settings import rule_setting
from party_building import gate
from party_building.choices import MatterKind, MatterStatus
from party_building.services import matters

from ..choices import NominationStatus, RoundStatus
from ..models import AwardRound, Nomination
from .review import min_reviews


def ranked(award_round: AwardRound):
    """The round's live nominations, best mean score first, with their scored and conflicted reviews."""
    return (
        Nomination.objects.filter(round=award_round)
        .exclude(status=NominationStatus.WITHDRAWN)
        .select_related("nominee")
        .annotate(
            # distinct: the join with the assignments repeats every review once per assignment
            scored=Count("reviews", filter=Q(reviews__score__isnull=False), distinct=True),
            conflicts=Count("reviews", filter=Q(reviews__conflict_declared=True), distinct=True),
            mean_score=Avg("reviews__score"),
            assigned=Count("assignments", distinct=True),
        )
        .order_by(F("mean_score").desc(nulls_last=True), "id")  # unreviewed last (PostgreSQL: NULL first)
    )


def winner_limit(award_round: AwardRound, valid: int) -> tuple[int, Decimal]:
    """How many winners R-AW-02 allows: the quota and cap × valid nominations, the cap being the lower
    of the program's own and the setting."""
    program = award_round.program
    cap = min(program.winner_ratio_cap, Decimal(str(rule_setting("award_winner_ratio_cap"))))
    by_ratio = math.floor(cap * valid)
    return min(program.quota, by_ratio), cap


def propose_results(*, actor, award_round: AwardRound, winners, comment: str = "") -> AwardRound:
    """Propose `winners` (nominations of this round) and open the award-selection pre-review."""
    society = award_round.program.society
    require(actor, award_round, CHANGE, _("Only the society's secretariat proposes the results."))
    winner_ids = sorted({getattr(w, "pk", w) for w in winners})
    with transaction.atomic():
        locked = (
            AwardRound.objects.select_for_update().select_related("program__society").get(pk=award_round.pk)
        )
        live = Nomination.objects.filter(round=locked, status=NominationStatus.SUBMITTED)
        chosen = list(ranked(locked).filter(pk__in=winner_ids, status=NominationStatus.SUBMITTED))
        if len(chosen) != len(winner_ids):
            raise DomainError(_("Winners are chosen among this round's nominations."), field="winners")
        if not chosen:
            raise DomainError(_("Choose at least one winner."), field="winners")
        valid = live.count()
        limit, cap = winner_limit(locked, valid)
        if len(chosen) > limit:
            raise DomainError(
                _(
                    "%(n)d winners exceed what the round allows: at most %(limit)d (quota %(quota)d; "
                    "%(cap)s%% of %(valid)d valid nominations)."
                )
                % {
                    "n": len(chosen),
                    "limit": limit,
                    "quota": locked.program.quota,
                    "cap": f"{(cap * 100).normalize():f}",
                    "valid": valid,
                },
                rule="R-AW-02",
                field="winners",
            )
        needed = min_reviews()
        short = [n for n in chosen if n.scored < needed]
        if short:
            raise DomainError(
                _("%(name)s has %(n)d scored reviews; %(needed)d are required.")
                % {"name": short[0].nominee.name, "n": short[0].scored, "needed": needed},
                rule="R-AW-04",
                field="winners",
            )
        live.update(proposed_winner=False)
        live.filter(pk__in=winner_ids).update(proposed_winner=True)
        proposed = AwardRound.workflow.apply(
            locked,
            "propose_results",
            actor=actor,
            comment=comment,
            changes={"proposed_at": timezone.now()},
            data={"winners": winner_ids, "valid_nominations": valid, "limit": limit},
        )
        title = _("Award selection: %(round)s (%(n)d winners)") % {"round": proposed, "n": len(chosen)}
        names = "、".join(n.nominee.name for n in chosen)
        matter = gate.matter_for(proposed)
        if matter is not None and matter.status == MatterStatus.APPROVED:
            raise TransitionNotAllowed(
                _("The Party pre-review approved this selection; publish it, the winners no longer change."),
                status=proposed.status,
            )
        if matter is not None and matter.status == MatterStatus.RETURNED:
            # the reviewer returned it: the revised list goes back to them as the same matter
            matters.resubmit_matter(
                actor=actor, matter=matter, comment=comment, title=title, description=names
            )
        elif matter is not None:  # still pending: the reviewer judges the current list
            before = {"title": matter.title, "description": matter.description}
            matter.title, matter.description = title[:200], names
            matter.save(update_fields=["title", "description"])
            log_action("party_building.majormatter.revised", actor=actor, obj=matter, data={"before": before})
        else:
            gate.require_matter(
                proposed,
                kind=MatterKind.AWARD_SELECTION,
                society=society,
                title=title,
                actor=actor,
                description=names,
            )
    return proposed


def publish_results(*, actor, award_round: AwardRound, comment: str = "") -> AwardRound:
    """Publish once the Party pre-review approved the award selection (R-AW-05, R-PB-02)."""
    require(actor, award_round, CHANGE, _("Only the society's secretariat publishes the results."))

    def check(locked):
        try:
            gate.ensure_cleared(locked)
        except DomainError as exc:
            raise DomainError(
                _("Results wait for the Party pre-review (R-PB-02) to approve the selection. %(why)s")
                % {"why": exc.message},
                rule="R-AW-05",
            ) from exc
        if gate.matter_for(locked) is None:
            raise DomainError(
                _("The award selection has not been put to the Party pre-review."), rule="R-AW-05"
            )

    with transaction.atomic():
        published = AwardRound.workflow.apply(
            award_round,
            "publish",
            actor=actor,
            comment=comment,
            check=check,
            changes={"published_at": timezone.now()},
        )
        for nomination in Nomination.objects.filter(round=published, status=NominationStatus.SUBMITTED):
            step = "award" if nomination.proposed_winner else "not_award"
            Nomination.workflow.apply(nomination, step, actor=actor)
    return published


def round_facts(award_round: AwardRound) -> dict:
    """What the round's pages show about R-AW-02 and R-AW-04."""
    valid = Nomination.objects.filter(round=award_round, status=NominationStatus.SUBMITTED).count()
    limit, cap = winner_limit(award_round, valid)
    return {
        "valid": valid,
        "limit": limit,
        "cap": cap,
        "min_reviews": min_reviews(),
        "open": award_round.status == RoundStatus.REVIEWING,
    }
