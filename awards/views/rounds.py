"""Rounds: create, open, close nominations; the round's page with its nominations (same-year flags,
reviews done / assigned, mean score); nominating; assigning reviewers in bulk; the review panel; the
ranking with the proposal of winners (R-AW-02, R-AW-04) and publishing (R-AW-05 / R-PB-02)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import CHANGE, VIEW, get_for, may, restrict
from core.audit import status_history
from core.errors import DomainError
from core.forms import apply_domain_error, parse_id, run_service
from core.roles import reach_of
from core.uploads import files_with_held, keep_uploads
from members.choices import MembershipStatus
from members.models import Membership, Person
from party_building.gate import matter_for

from .. import services
from ..choices import NominationStatus, NominatorKind, ProgramStatus, RoundStatus
from ..forms import AssignForm, MemberNominationForm, NominationForm, RoundForm, StepForm, award_reviewers
from ..models import AwardProgram, AwardRound, Nomination
from ..selectors import reviewer_workload, round_nominations
from . import assigned_message, done, refusal, require_reads_society

ROUNDS = AwardRound.objects.select_related("program__society")
STEPS = {
    "open": services.open_round,
    "close_nominations": services.close_nominations,
    "publish": services.publish_results,
}


@login_required
def round_create(request, pk):
    program = get_for(AwardProgram.objects.select_related("society"), request.user, CHANGE, pk=pk)
    form = RoundForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            response := run_service(
                request,
                form,
                lambda: services.create_round(actor=request.user, program=program, **form.cleaned_data),
                lambda award_round: (
                    _("Round “%(round)s” created as a draft; open it to take nominations.")
                    % {"round": award_round}
                ),
                lambda award_round: reverse("awards:round", args=[award_round.pk]),
            )
        )
    ):
        return response
    return render(
        request,
        "awards/form.html",
        {
            "form": form,
            "title": _("New round of %(name)s") % {"name": program.name},
            "intro": _("Only a program on the dynamic list opens a round (R-AW-01).")
            if program.status != ProgramStatus.LISTED
            else "",
            "cancel": program.get_absolute_url(),
            "tab": "programs",
        },
    )


@login_required
def round_detail(request, pk):
    user = request.user
    award_round = get_for(ROUNDS, user, VIEW, pk=pk)
    society = award_round.program.society
    require_reads_society(user, society.pk)
    can_change = may(user, award_round, CHANGE)
    nominations = list(round_nominations(award_round, user))
    facts = services.round_facts(award_round)
    # a declared conflict does not count: the nomination needs another reviewer (R-AW-04)
    awaiting = sum(
        1
        for n in nominations
        if n.status == NominationStatus.SUBMITTED and n.assigned - n.conflicts < facts["min_reviews"]
    )
    return render(
        request,
        "awards/round_detail.html",
        {
            "round": award_round,
            "program": award_round.program,
            "nominations": nominations,
            "facts": facts,
            "awaiting_reviewers": awaiting
            if award_round.status in (RoundStatus.OPEN, RoundStatus.REVIEWING)
            else 0,
            "matter": matter_for(award_round),
            "can_change": can_change,
            "steps": [t for t in AwardRound.workflow.available(award_round) if t.name in STEPS]
            if can_change
            else [],
            "can_nominate": can_change and award_round.status == RoundStatus.OPEN,
            "can_assign": can_change and award_round.status in (RoundStatus.OPEN, RoundStatus.REVIEWING),
            "can_propose": can_change and AwardRound.workflow.can(award_round, "propose_results"),
            "sees_panel": can_change,
            "history": status_history(award_round),
            "tab": "programs",
        },
    )


def round_step_message(step: str, award_round: AwardRound) -> str:
    """What a round step did, naming the round and what it counts."""
    live = Nomination.objects.filter(round=award_round).exclude(status=NominationStatus.WITHDRAWN)
    if step == "open":
        return _("Round “%(round)s” is open: nominations are taken until it is closed.") % {
            "round": award_round
        }
    if step == "close_nominations":
        return _("Nominations to “%(round)s” closed: %(n)d nominations go to review.") % {
            "round": award_round,
            "n": live.count(),
        }
    return _("Results of “%(round)s” published: %(n)d winners are on the public dynamic list.") % {
        "round": award_round,
        "n": live.filter(status=NominationStatus.WINNER).count(),
    }


@login_required
def round_step(request, pk, step):
    """Open nominations, close them, publish the results: GET says what will happen, POST calls the
    service (publishing is refused, naming R-AW-05, until the Party pre-review approved the selection)."""
    if step not in STEPS:
        raise Http404
    award_round = get_for(ROUNDS, request.user, CHANGE, pk=pk)
    form = StepForm(request.POST if request.method == "POST" else None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            STEPS[step](actor=request.user, award_round=award_round, comment=form.cleaned_data["comment"])
        except DomainError as exc:
            error = refusal(exc)
        else:
            return done(request, round_step_message(step, award_round), "awards:round", award_round.pk)
    proposed = (
        Nomination.objects.filter(round=award_round, proposed_winner=True, status=NominationStatus.SUBMITTED)
        .select_related("nominee")
        .order_by("id")
        if step == "publish"
        else []
    )
    return render(
        request,
        "awards/round_step.html",
        {
            "round": award_round,
            "program": award_round.program,
            "step": step,
            "transition": AwardRound.workflow[step],
            "allowed": AwardRound.workflow.can(award_round, step),
            "matter": matter_for(award_round) if step == "publish" else None,
            "proposed": proposed,
            "nominations_count": Nomination.objects.filter(round=award_round)
            .exclude(status=NominationStatus.WITHDRAWN)
            .count(),
            "form": form,
            "error": error,
            "tab": "programs",
        },
    )


def _nomination_round(request, pk):
    """The round a user nominates in, and whether they do it as the secretariat. A member reaches an
    open round of a listed program that takes member nominations (the round is not otherwise visible
    to them)."""
    user = request.user
    visible = restrict(ROUNDS, user, VIEW).filter(pk=pk).first()
    if visible is not None and may(user, visible.program.society, CHANGE):
        return visible, True
    award_round = ROUNDS.filter(
        pk=pk,
        status=RoundStatus.OPEN,
        program__status=ProgramStatus.LISTED,
        program__member_nominations=True,
    ).first()
    if award_round is None:
        if visible is not None:
            raise PermissionDenied
        raise Http404
    member = Membership.objects.filter(
        society_id=award_round.program.society_id, person__user=user, status=MembershipStatus.ACTIVE
    )
    if not member.exists():  # only an active member of the society nominates (the service's rule)
        raise PermissionDenied
    return award_round, False


@login_required
def nominate(request, pk):
    user = request.user
    award_round, as_secretariat = _nomination_round(request, pk)
    # the material chosen survives a refusal of another field (core.uploads)
    files = files_with_held(request, ["file"]) if request.method == "POST" else None
    if as_secretariat:
        form = NominationForm(request.POST or None, files, people=restrict(Person.objects.all(), user, VIEW))
    else:
        form = MemberNominationForm(request.POST or None, files)
    if request.method == "POST" and form.is_valid() and form.cleaned_data.get("nominee") is not None:
        data = form.cleaned_data
        try:
            with transaction.atomic():
                nomination = services.nominate(
                    actor=user,
                    award_round=award_round,
                    nominee=data["nominee"],
                    nominator_kind=NominatorKind.SECRETARIAT if as_secretariat else NominatorKind.MEMBER,
                    nominating_unit=data.get("nominating_unit", ""),
                    statement=data.get("statement", ""),
                )
                if data.get("file"):
                    services.add_material(actor=user, nomination=nomination, upload=data["file"])
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            elsewhere = list(services.same_year_elsewhere(nomination, award_round.year, award_round.pk))
            if elsewhere and as_secretariat:
                messages.warning(
                    request,
                    _("%(name)s is also nominated this year in: %(programs)s.")
                    % {
                        "name": nomination.nominee.name,
                        "programs": "、".join(str(n.round.program) for n in elsewhere),
                    },
                )
            return done(
                request,
                _("Nomination of %(nominee)s to “%(round)s” submitted.")
                % {"nominee": nomination.nominee.name, "round": award_round},
                "awards:nomination",
                nomination.pk,
            )
    keep_uploads(form, user=user)
    return render(
        request,
        "awards/nominate.html",
        {
            "round": award_round,
            "program": award_round.program,
            "form": form,
            "as_secretariat": as_secretariat,
            "tab": "programs" if as_secretariat else "mine",
        },
    )


@login_required
def bulk_assign(request, pk):
    """Several reviewers on several nominations at once; every pair is checked for conflicts first and
    every refused pair is named with R-AW-04 — one refusal assigns none."""
    user = request.user
    award_round = get_for(ROUNDS, user, CHANGE, pk=pk)
    society = award_round.program.society
    live = (
        Nomination.objects.filter(round=award_round, status=NominationStatus.SUBMITTED)
        .select_related("nominee", "round__program__society")
        .order_by("id")
    )
    form = AssignForm(request.POST or None, reviewers=award_reviewers(society), nominations=live)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.assign_reviewers_in_bulk(
                actor=user,
                nominations=form.cleaned_data["nominations"],
                reviewers=form.cleaned_data["reviewers"],
                due_on=form.cleaned_data["due_on"],
            )
        except (DomainError, ValidationError) as exc:
            apply_domain_error(form, exc)
        else:
            return done(
                request,
                assigned_message(created, _("“%(round)s”") % {"round": award_round}),
                "awards:round",
                award_round.pk,
            )
    return render(
        request,
        "awards/assign.html",
        {
            "round": award_round,
            "program": award_round.program,
            "form": form,
            "bulk": True,
            "has_reviewers": form.fields["reviewers"].queryset.exists(),
            "tab": "programs",
        },
    )


@login_required
def panel(request, pk):
    """The review panel: per reviewer assigned / done / conflicts / overdue; per nomination the reviews
    done and the mean score. The society's secretariat (and CAST) only: reviewers never see each
    other's workload."""
    user = request.user
    award_round = get_for(ROUNDS, user, VIEW, pk=pk)
    society = award_round.program.society
    if not (may(user, society, CHANGE) or reach_of(user).cast_admin):
        raise PermissionDenied
    today = timezone.localdate()
    facts = services.round_facts(award_round)
    nominations = [n for n in round_nominations(award_round, user) if n.status == NominationStatus.SUBMITTED]
    for n in nominations:  # a declared conflict does not count: the nomination needs another reviewer
        n.needs_reviewers = n.assigned - n.conflicts < facts["min_reviews"]
    return render(
        request,
        "awards/panel.html",
        {
            "round": award_round,
            "program": award_round.program,
            "reviewers": list(reviewer_workload(award_round, today)),
            "nominations": nominations,
            "facts": facts,
            "today": today,
            "tab": "programs",
        },
    )


@login_required
def results(request, pk):
    """The ranked nominations with the winners to propose (checkboxes), the round's limits (quota and
    cap × valid nominations, R-AW-02) and the reviews required (R-AW-04). Proposing opens the
    award-selection matter for the Party pre-review (R-PB-02)."""
    user = request.user
    award_round = get_for(ROUNDS, user, CHANGE, pk=pk)
    ranked = list(services.ranked(award_round).filter(status=NominationStatus.SUBMITTED))
    chosen = {n.pk for n in ranked if n.proposed_winner}
    error = None
    comment = ""
    if request.method == "POST":
        chosen = {i for i in map(parse_id, request.POST.getlist("winners")) if i is not None}
        comment = request.POST.get("comment", "")[:2000]
        try:
            services.propose_results(actor=user, award_round=award_round, winners=chosen, comment=comment)
        except DomainError as exc:
            error = refusal(exc)
        else:
            return done(
                request,
                _(
                    "Results of “%(round)s” proposed: %(n)d winners; the award selection awaits the "
                    "Party pre-review."
                )
                % {"round": award_round, "n": len(chosen)},
                "awards:round",
                award_round.pk,
            )
    return render(
        request,
        "awards/results.html",
        {
            "round": award_round,
            "program": award_round.program,
            "ranked": ranked,
            "chosen": chosen,
            "facts": services.round_facts(award_round),
            "matter": matter_for(award_round),
            "allowed": AwardRound.workflow.can(award_round, "propose_results"),
            "error": error,
            "comment": comment,
            "tab": "programs",
        },
    )
