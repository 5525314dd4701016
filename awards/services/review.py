"""Peer review (R-AW-04): reviewers hold the award_reviewer role for the society; an assignment is refused
when the reviewer is conflicted — the nominee or the nominator, the nominee's employer, a co-author the
reviewer or the nominee declared; a review declaring a conflict carries no score; a nomination needs the
set number of scored reviews before results are proposed."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.access import CHANGE, require
from core.audit import log_action
from core.constraints import constraint_errors
from core.errors import DomainError, TransitionNotAllowed
from core.roles import reach_of
from core.rule_settings import rule_setting
from members.models import Person

from ..choices import NominationStatus, RoundStatus
from ..models import DeclaredCoauthor, Nomination, Review, ReviewAssignment

RULE = "R-AW-04"


def _normalized(text: str) -> str:
    return "".join((text or "").split()).casefold()


def conflict_of(reviewer, nomination: Nomination) -> str | None:
    """Why `reviewer` may not review `nomination`, or None. The reviewer's own Person carries the facts
    (employer, declared co-authors); a reviewer without one cannot be checked and is refused."""
    person = Person.objects.filter(user=reviewer).first()
    if person is None:
        return _("%(user)s has no member profile, so conflicts cannot be checked.") % {"user": reviewer}
    nominee = nomination.nominee
    if person.pk == nominee.pk:
        return _("The reviewer is the nominee.")
    if nomination.nominator_id is not None and person.pk == nomination.nominator_id:
        return _("The reviewer nominated this person.")
    if _normalized(person.employer) and _normalized(person.employer) == _normalized(nominee.employer):
        return _("The reviewer works at the nominee's employer (%(employer)s).") % {
            "employer": nominee.employer
        }
    declared = DeclaredCoauthor.objects.filter(person=person, coauthor=nominee).exists() or (
        DeclaredCoauthor.objects.filter(person=nominee, coauthor=person).exists()
    )
    if declared or nomination.coauthors.filter(pk=person.pk).exists():
        return _("The reviewer and the nominee are declared co-authors.")
    return None


def assign_reviewers(*, actor, nomination: Nomination, reviewers, due_on=None) -> list[ReviewAssignment]:
    """Assign reviewers to one nomination (the society's secretariat). Each must hold the award_reviewer
    role for the society and be free of conflicts (R-AW-04); one refusal assigns none."""
    society = nomination.round.program.society
    require(actor, society, CHANGE, _("Only the society's secretariat assigns reviewers."))
    if nomination.round.status not in (RoundStatus.OPEN, RoundStatus.REVIEWING):
        raise TransitionNotAllowed(
            _("Reviewers are assigned before results are proposed."), status=nomination.round.status
        )
    if nomination.status != NominationStatus.SUBMITTED:
        raise TransitionNotAllowed(_("This nomination is no longer in the round."), status=nomination.status)
    reviewers = list(reviewers)
    if not reviewers:
        raise DomainError(_("Choose at least one reviewer."), field="reviewers")
    created = []
    with constraint_errors(), transaction.atomic():
        for reviewer in reviewers:
            if society.pk not in reach_of(reviewer).award_reviewer_of:
                raise DomainError(
                    _("%(user)s is not an award reviewer of %(society)s.")
                    % {"user": reviewer, "society": society},
                    field="reviewers",
                )
            reason = conflict_of(reviewer, nomination)
            if reason:
                raise DomainError(
                    _("%(user)s cannot review this nomination: %(reason)s")
                    % {"user": reviewer, "reason": reason},
                    rule=RULE,
                    field="reviewers",
                )
            if ReviewAssignment.objects.filter(nomination=nomination, reviewer=reviewer).exists():
                continue
            assignment = ReviewAssignment.objects.create(
                nomination=nomination, reviewer=reviewer, assigned_by=actor, due_on=due_on
            )
            created.append(assignment)
            log_action(
                "awards.nomination.reviewer_assigned",
                actor=actor,
                obj=nomination,
                data={"reviewer": reviewer.pk, "due_on": due_on.isoformat() if due_on else None},
            )
    return created


def assign_reviewers_in_bulk(*, actor, nominations, reviewers, due_on=None) -> list[ReviewAssignment]:
    """Several reviewers on several nominations at once. Every pair is checked first and every refused
    pair is named (R-AW-04, one message each); one refusal assigns none. Otherwise each nomination gets
    the reviewers through `assign_reviewers`, in one transaction."""
    nominations, reviewers = list(nominations), list(reviewers)
    for society in {n.round.program.society for n in nominations}:
        require(actor, society, CHANGE, _("Only the society's secretariat assigns reviewers."))
    refused = [
        _("%(user)s cannot review the nomination of %(name)s: %(reason)s [R-AW-04]")
        % {"user": reviewer.name or reviewer.username, "name": nomination.nominee.name, "reason": reason}
        for nomination in nominations
        for reviewer in reviewers
        if (reason := conflict_of(reviewer, nomination))
    ]
    if refused:
        raise ValidationError(refused)
    with transaction.atomic():
        return [
            assignment
            for nomination in nominations
            for assignment in assign_reviewers(
                actor=actor, nomination=nomination, reviewers=reviewers, due_on=due_on
            )
        ]


def submit_review(
    *, actor, nomination: Nomination, score=None, conflict_declared: bool = False, comment: str = ""
) -> Review:
    """An assigned reviewer scores (0–100) or declares a conflict (no score kept). Changeable until the
    results are proposed."""
    if not ReviewAssignment.objects.filter(nomination=nomination, reviewer=actor).exists():
        raise PermissionDenied(_("Only a reviewer assigned to this nomination reviews it."))
    if nomination.round.status != RoundStatus.REVIEWING and nomination.round.status != RoundStatus.OPEN:
        raise TransitionNotAllowed(
            _("Reviews are taken while the round is in review."), status=nomination.round.status
        )
    if conflict_declared:
        score = None
    else:
        if isinstance(score, bool) or score is None:
            raise DomainError(
                _("Give a score from 0 to 100, or declare a conflict."), field="score", rule=RULE
            )
        try:
            score = int(score)
        except (TypeError, ValueError):
            raise DomainError(_("Give a score from 0 to 100."), field="score") from None
        if not 0 <= score <= 100:
            raise DomainError(_("Give a score from 0 to 100."), field="score")
    with constraint_errors(), transaction.atomic():
        review, created = Review.objects.update_or_create(
            nomination=nomination,
            reviewer=actor,
            defaults={
                "score": score,
                "conflict_declared": bool(conflict_declared),
                "comment": (comment or "").replace("\x00", ""),
            },
        )
        log_action(
            "awards.review.submitted" if created else "awards.review.changed",
            actor=actor,
            obj=nomination,
            data={"score": score, "conflict_declared": bool(conflict_declared)},
        )
    return review


def declare_coauthor(*, actor, coauthor: Person) -> DeclaredCoauthor:
    """A reviewer (or any person with a profile) declares a co-author of their own (R-AW-04)."""
    person = Person.objects.filter(user=actor).first()
    if person is None:
        raise DomainError(_("Create your member profile first."), field="coauthor")
    if person.pk == coauthor.pk:
        raise DomainError(_("Declare someone else."), field="coauthor")
    declared, created = DeclaredCoauthor.objects.get_or_create(person=person, coauthor=coauthor)
    if created:
        log_action(
            "awards.declaredcoauthor.declared", actor=actor, obj=declared, data={"coauthor": coauthor.pk}
        )
    return declared


def min_reviews() -> int:
    return rule_setting("award_min_reviews")
