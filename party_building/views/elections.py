"""Elections 换届: create, build the slate, submit it for political review, record the votes, certify,
and show the resulting council composition (R-PB-03, R-GOV-02, R-GOV-03, R-ETH-02)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.access import CHANGE, VIEW, get_for, may, restrict
from core.audit import status_history
from core.errors import DomainError
from core.forms import run_service
from societies.models import Society

from ..forms import CandidateForm, ElectionForm, VotesForm
from ..gate import matter_for
from ..models import Candidate, Election
from ..services import elections as services
from ..tables import ElectionTable
from . import done, reads_party_building, refusal

CONFIRM_STEPS = {"submit_slate": services.submit_slate, "certify": services.certify}


@login_required
def election_list(request):
    if not reads_party_building(request.user):
        raise PermissionDenied
    table = ElectionTable(request, restrict(Election.objects.select_related("society", "body"), request.user))
    if (download := table.export_response()) is not None:
        return download
    return render(
        request,
        "party_building/election_list.html",
        {
            "table": table,
            "page": table.page,
            "can_create": restrict(Society.objects.all(), request.user, CHANGE).exists(),
            "tab": "elections",
        },
    )


@login_required
def election_create(request):
    if not restrict(Society.objects.all(), request.user, CHANGE).exists():
        raise PermissionDenied
    form = ElectionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if response := run_service(
            request,
            form,
            lambda: services.create_election(actor=request.user, society=data["body"].society, **data),
            lambda election: (
                _("Election “%(election)s” created; now build its slate.") % {"election": election}
            ),
            lambda election: reverse("party_building:election", args=[election.pk]),
        ):
            return response
    return render(
        request, "party_building/form.html", {"form": form, "title": _("New election"), "tab": "elections"}
    )


@login_required
def election_detail(request, pk):
    election = get_for(
        Election.objects.select_related("society", "body", "new_term"), request.user, VIEW, pk=pk
    )
    can_change = may(request.user, election, CHANGE)
    editable = Election.workflow.can_edit(election, request.user)
    form = CandidateForm(request.POST or None, election=election) if editable else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid() and (
            response := run_service(
                request,
                form,
                lambda: services.add_candidate(actor=request.user, election=election, **form.cleaned_data),
                lambda candidate: (
                    _("%(person)s added to the slate of “%(election)s”.")
                    % {"person": candidate.person.name, "election": election}
                ),
                "party_building:election",
                election.pk,
            )
        ):
            return response
    current_term = election.body.terms.filter(status="current").first()
    return render(
        request,
        "party_building/election_detail.html",
        {
            "election": election,
            "candidates": election.candidates.select_related("person"),
            "matter": matter_for(election),
            "form": form,
            "can_change": can_change,
            "editable": editable,
            "current_term": current_term,
            "composition": services.council_composition(election.new_term) if election.new_term_id else None,
            "history": status_history(election),
            "tab": "elections",
        },
    )


@login_required
def candidate_remove(request, pk, candidate_pk):
    election = get_for(Election.objects.all(), request.user, CHANGE, pk=pk)
    candidate = Candidate.objects.select_related("person").filter(election=election, pk=candidate_pk).first()
    if candidate is None:
        raise Http404
    error = None
    if request.method == "POST":
        try:
            services.remove_candidate(actor=request.user, candidate=candidate)
        except DomainError as exc:
            error = refusal(exc)
        else:
            return done(
                request,
                _("%(person)s removed from the slate of “%(election)s”.")
                % {"person": candidate.person.name, "election": election},
                "party_building:election",
                election.pk,
            )
    return render(
        request,
        "party_building/election_step.html",
        {"election": election, "step": "remove", "candidate": candidate, "error": error, "tab": "elections"},
    )


def election_step_message(step: str, election: Election) -> str:
    """What submitting the slate or certifying did, naming the election and its people."""
    if step == "submit_slate":
        return _("Slate of “%(election)s” (%(n)d candidates) sent to the Party political review.") % {
            "election": election,
            "n": election.candidates.count(),
        }
    return _("Result of “%(election)s” certified: the new term of %(n)d seats starts on %(start)s.") % {
        "election": election,
        "n": election.candidates.filter(elected=True).count(),
        "start": election.term_start.isoformat(),
    }


@login_required
def election_step(request, pk, step):
    """Submit the slate or certify the result: GET explains, POST calls the service."""
    if step not in CONFIRM_STEPS:
        raise Http404
    election = get_for(Election.objects.select_related("society", "body"), request.user, CHANGE, pk=pk)
    error = None
    if request.method == "POST":
        try:
            CONFIRM_STEPS[step](
                actor=request.user, election=election, comment=request.POST.get("comment", "")
            )
        except DomainError as exc:
            error = refusal(exc)
        else:
            message = election_step_message(step, election)
            return done(request, message, "party_building:election", election.pk)
    return render(
        request,
        "party_building/election_step.html",
        {
            "election": election,
            "step": step,
            "allowed": Election.workflow.can(election, step),
            "candidates": election.candidates.select_related("person"),
            "current_term": election.body.terms.filter(status="current").first(),
            "error": error,
            "tab": "elections",
        },
    )


@login_required
def election_votes(request, pk):
    election = get_for(Election.objects.select_related("society", "body"), request.user, CHANGE, pk=pk)
    candidates = election.candidates.select_related("person")
    form = VotesForm(request.POST or None, candidates=candidates)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.record_votes(
                actor=request.user,
                election=election,
                voters_eligible=form.cleaned_data["voters_eligible"],
                voters_present=form.cleaned_data["voters_present"],
                votes=form.votes(),
                comment=request.POST.get("comment", ""),
            )
        except DomainError as exc:
            error = refusal(exc)
        else:
            election.refresh_from_db()
            return done(
                request,
                _(
                    "Votes of “%(election)s” recorded: %(present)d of %(eligible)d voters present, "
                    "%(elected)d of %(n)d candidates elected."
                )
                % {
                    "election": election,
                    "present": election.voters_present or 0,
                    "eligible": election.voters_eligible or 0,
                    "elected": election.candidates.filter(elected=True).count(),
                    "n": election.candidates.count(),
                },
                "party_building:election",
                election.pk,
            )
    return render(
        request,
        "party_building/election_votes.html",
        {
            "election": election,
            "form": form,
            "error": error,
            "matter": matter_for(election),
            "allowed": Election.workflow.can(election, "record_votes"),
            "tab": "elections",
        },
    )
