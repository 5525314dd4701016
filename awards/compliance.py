"""Compliance checks of awards (compliance.registry): R-AW-01 a round running for a program that is not
on the dynamic list, R-AW-02 more winners than the quota or the ratio cap allow, R-AW-03 a fee, R-PB-02
results published without an approved pre-review of the selection."""

from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, Value
from django.db.models.functions import Least
from django.utils.translation import gettext_lazy as _

from compliance.registry import Check, Hit, Scope
from core.rule_settings import rule_setting
from party_building.choices import MatterKind
from party_building.gate import without_approved_matter

from .choices import NominationStatus, ProgramStatus, RoundStatus
from .models import AwardProgram, AwardRound

RUNNING = (RoundStatus.OPEN, RoundStatus.REVIEWING, RoundStatus.PROPOSED)
SOCIETY = "program__society_id"


def unlisted_running(scope: Scope):
    rows = (
        scope.societies(AwardRound.objects.filter(status__in=RUNNING), SOCIETY)
        .exclude(program__status=ProgramStatus.LISTED)
        .values_list("pk", SOCIETY, "program__name", "year", "program__status")
    )
    labels = dict(ProgramStatus.choices)
    for pk, society_id, name, year, status in rows:
        yield Hit(society_id, pk, {"program": name, "year": year, "program_status": str(labels[status])})


def too_many_winners(scope: Scope):
    setting_cap = Decimal(str(rule_setting("award_winner_ratio_cap")))
    winner = Q(nominations__status=NominationStatus.WINNER) | Q(
        nominations__proposed_winner=True, nominations__status=NominationStatus.SUBMITTED
    )
    rows = (
        scope.societies(AwardRound.objects.exclude(status=RoundStatus.DRAFT), SOCIETY)
        .annotate(
            winners=Count("nominations", filter=winner),
            valid=Count("nominations", filter=~Q(nominations__status=NominationStatus.WITHDRAWN)),
            cap=Least(F("program__winner_ratio_cap"), Value(setting_cap, output_field=DecimalField())),
        )
        .filter(Q(winners__gt=F("program__quota")) | Q(winners__gt=F("cap") * F("valid")))
        .values_list("pk", SOCIETY, "program__name", "year", "winners", "valid", "program__quota", "cap")
    )
    for pk, society_id, name, year, winners, valid, quota, cap in rows:
        yield Hit(
            society_id,
            pk,
            {
                "program": name,
                "year": year,
                "winners": winners,
                "valid": valid,
                "quota": quota,
                "cap": f"{Decimal(cap) * 100:.0f}%",
            },
        )


def fee_charged(scope: Scope):
    rows = (
        scope.societies(AwardProgram.objects.filter(entry_fee__gt=0))
        .exclude(status=ProgramStatus.WITHDRAWN)
        .values_list("pk", "society_id", "name", "entry_fee")
    )
    for pk, society_id, name, fee in rows:
        yield Hit(society_id, pk, {"program": name, "fee": f"{fee:.2f}"})


def published_without_pre_review(scope: Scope):
    rows = (
        scope.societies(AwardRound.objects.filter(status=RoundStatus.PUBLISHED), SOCIETY)
        .filter(without_approved_matter(AwardRound, MatterKind.AWARD_SELECTION))
        .values_list("pk", SOCIETY, "program__name", "year")
    )
    for pk, society_id, name, year in rows:
        yield Hit(society_id, pk, {"program": name, "year": year})


CHECKS = [
    Check(
        rule="R-AW-01",
        severity="violation",
        area="awards",
        model=AwardRound,
        message=_(
            "The %(year)s round of “%(program)s” is running, but the program is not on the dynamic list "
            "(%(program_status)s)."
        ),
        find=unlisted_running,
    ),
    Check(
        rule="R-AW-02",
        severity="violation",
        area="awards",
        model=AwardRound,
        message=_(
            "The %(year)s round of “%(program)s” has %(winners)s winners for %(valid)s valid nominations; "
            "at most %(quota)s and %(cap)s of the nominations are allowed."
        ),
        find=too_many_winners,
    ),
    Check(
        rule="R-AW-03",
        severity="violation",
        area="awards",
        model=AwardProgram,
        message=_("“%(program)s” charges nominees or nominators a fee of ¥%(fee)s."),
        find=fee_charged,
    ),
    Check(
        rule="R-PB-02",
        name="award_round",
        severity="violation",
        area="party",
        model=AwardRound,
        message=_(
            "The %(year)s results of “%(program)s” were published without an approved Party pre-review."
        ),
        find=published_without_pre_review,
    ),
]
