"""Rounds and nominations: only a listed program opens a round (R-AW-01); nominations in the window; no
sanctioned nominee (R-ETH-02); the same nominee in another program of the same year is flagged."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import CHANGE, VIEW, may, require, restrict
from core.audit import log_action
from core.constraints import constraint_errors
from core.errors import DomainError, TransitionNotAllowed
from core.uploads import IMAGE, OFFICE, PDF, check_document
from members.choices import MembershipStatus
from members.models import Membership, Person
from members.sanctions import active_sanction

from ..choices import NominationStatus, NominatorKind, ProgramStatus, RoundStatus
from ..models import AwardProgram, AwardRound, Nomination, NominationMaterial

LIST_RULE = "R-AW-01"


def _require_listed(program: AwardProgram) -> None:
    if program.status != ProgramStatus.LISTED:
        raise DomainError(
            _("Only a program on the dynamic list opens a round; “%(name)s” is %(status)s.")
            % {"name": program.name, "status": program.get_status_display()},
            rule=LIST_RULE,
            field="program",
        )


def _check_window(opens_on: date, closes_on: date) -> None:
    if not isinstance(opens_on, date) or not isinstance(closes_on, date):
        raise DomainError(_("Give the nomination window's dates."), field="nominations_open_on")
    if closes_on < opens_on:
        raise DomainError(_("Nominations cannot close before they open."), field="nominations_close_on")


def create_round(
    *, actor, program: AwardProgram, year: int, nominations_open_on, nominations_close_on
) -> AwardRound:
    """A draft round of a listed program (the society's secretariat)."""
    require(actor, program, CHANGE, _("Only the society's secretariat runs its award rounds."))
    _require_listed(program)
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise DomainError(_("Give the round's year."), field="year")
    _check_window(nominations_open_on, nominations_close_on)
    with constraint_errors(), transaction.atomic():
        award_round = AwardRound.objects.create(
            program=program,
            year=year,
            nominations_open_on=nominations_open_on,
            nominations_close_on=nominations_close_on,
        )
    log_action("awards.awardround.created", actor=actor, obj=award_round, to_status=award_round.status)
    return award_round


def open_round(*, actor, award_round: AwardRound, comment: str = "") -> AwardRound:
    require(actor, award_round, CHANGE, _("Only the society's secretariat runs its award rounds."))

    def check(locked):
        _require_listed(AwardProgram.objects.get(pk=locked.program_id))

    return AwardRound.workflow.apply(award_round, "open", actor=actor, comment=comment, check=check)


def close_nominations(*, actor, award_round: AwardRound, comment: str = "") -> AwardRound:
    require(actor, award_round, CHANGE, _("Only the society's secretariat runs its award rounds."))
    return AwardRound.workflow.apply(award_round, "close_nominations", actor=actor, comment=comment)


def same_year_elsewhere(nomination_or_person, year: int, exclude_round_id=None):
    """The person's live nominations in other programs of the same year (Indico #796: duplicates seen)."""
    person_id = getattr(nomination_or_person, "nominee_id", None) or getattr(nomination_or_person, "pk", None)
    qs = Nomination.objects.filter(nominee_id=person_id, round__year=year).exclude(
        status=NominationStatus.WITHDRAWN
    )
    if exclude_round_id is not None:
        qs = qs.exclude(round_id=exclude_round_id)
    return qs.select_related("round__program__society")


def _nominator_for(actor, award_round: AwardRound, kind: str, unit: str):
    """Who nominates: the secretariat (on behalf of a unit), or a member of the society (their own
    profile) where the program allows member nominations."""
    society = award_round.program.society
    if kind == NominatorKind.SECRETARIAT:
        require(actor, society, CHANGE, _("Only the society's secretariat nominates on behalf of a unit."))
        if not (unit or "").strip():
            raise DomainError(_("Name the unit the secretariat nominates for."), field="nominating_unit")
        return None
    if kind != NominatorKind.MEMBER:
        raise DomainError(_("Choose who nominates."), field="nominator_kind")
    if not award_round.program.member_nominations:
        raise DomainError(
            _("This program takes nominations from the secretariat only."), field="nominator_kind"
        )
    person = Person.objects.filter(user=actor).first() if getattr(actor, "is_authenticated", False) else None
    if (
        person is None
        or not Membership.objects.filter(
            society=society, person=person, status=MembershipStatus.ACTIVE
        ).exists()
    ):
        raise DomainError(_("Only an active member of the society nominates."), field="nominator_kind")
    return person


def nominate(
    *,
    actor,
    award_round: AwardRound,
    nominee: Person,
    nominator_kind: str,
    nominating_unit: str = "",
    statement: str = "",
    coauthors=(),
) -> Nomination:
    """Put `nominee` forward in an open round, inside its window. Refused for a person under an active
    sanction (R-ETH-02) and for a second nomination of the same person in the round."""
    locked_round = AwardRound.objects.select_related("program__society").get(pk=award_round.pk)
    if locked_round.status != RoundStatus.OPEN:
        raise TransitionNotAllowed(_("This round does not take nominations now."), status=locked_round.status)
    today = timezone.localdate()
    if not locked_round.nominations_open_on <= today <= locked_round.nominations_close_on:
        raise DomainError(
            _("Nominations are taken from %(start)s to %(end)s.")
            % {"start": locked_round.nominations_open_on, "end": locked_round.nominations_close_on},
            field="round",
        )
    nominator = _nominator_for(actor, locked_round, nominator_kind, nominating_unit)
    if nominator is None and not may(actor, nominee, VIEW):
        # the secretariat nominates people it knows (members, applicants, people it registered)
        raise DomainError(_("No such person among the people you may see."), field="nominee")
    sanction = active_sanction(nominee, today)
    if sanction is not None:
        raise DomainError(
            _("%(name)s is under an active academic sanction and cannot be nominated.")
            % {"name": nominee.name},
            rule="R-ETH-02",
            field="nominee",
        )
    if nominator is not None and nominator.pk == nominee.pk:
        raise DomainError(_("Nobody nominates themself."), field="nominee")
    with constraint_errors(), transaction.atomic():
        nomination = Nomination.objects.create(
            round=locked_round,
            nominee=nominee,
            nominator_kind=nominator_kind,
            nominator=nominator,
            nominating_unit=(nominating_unit or "").strip()[:200],
            statement=(statement or "").replace("\x00", ""),
            submitted_by=actor,
        )
        if coauthors:
            nomination.coauthors.set(list(coauthors))
        flagged = list(same_year_elsewhere(nomination, locked_round.year, exclude_round_id=locked_round.pk))
        log_action(
            "awards.nomination.submitted",
            actor=actor,
            obj=nomination,
            to_status=nomination.status,
            data={"round": locked_round.pk, "flag_same_year": [n.pk for n in flagged]},
        )
    return nomination


def withdraw_nomination(*, actor, nomination: Nomination, comment: str = "") -> Nomination:
    """The secretariat, or the nominating member, withdraws a nomination while the round is open."""
    own = nomination.nominator_id is not None and nomination.nominator.user_id == getattr(actor, "pk", None)
    if not own:
        require(
            actor,
            nomination.round.program.society,
            CHANGE,
            _("Only the nominator or the secretariat withdraws it."),
        )
    if nomination.round.status not in (RoundStatus.OPEN, RoundStatus.REVIEWING):
        raise TransitionNotAllowed(
            _("Results are proposed; the nomination stays."), status=nomination.round.status
        )
    return Nomination.workflow.apply(nomination, "withdraw", actor=actor, comment=comment)


def add_material(*, actor, nomination: Nomination, upload) -> NominationMaterial:
    """Attach a document (checked by content) while the round takes nominations."""
    own = getattr(actor, "pk", None) is not None and actor.pk in (
        nomination.submitted_by_id,
        getattr(nomination.nominator, "user_id", None),
    )
    if not own:
        require(
            actor,
            nomination.round.program.society,
            CHANGE,
            _("Only the nominator or the secretariat adds materials."),
        )
    if nomination.round.status != RoundStatus.OPEN:
        raise TransitionNotAllowed(
            _("Materials are added while nominations are open."), status=nomination.round.status
        )
    kind = check_document(upload, field="file", allowed=(PDF, IMAGE, OFFICE))
    material = NominationMaterial(
        nomination=nomination, original_name=upload.name[:200], content_type=kind, uploaded_by=actor
    )
    material.file.save(upload.name[-100:], upload, save=False)
    material.save()
    log_action(
        "awards.nomination.material_added", actor=actor, obj=nomination, data={"file": material.original_name}
    )
    return material


def visible_nominations(user, award_round: AwardRound):
    return restrict(Nomination.objects.filter(round=award_round), user, VIEW)
