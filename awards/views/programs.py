"""Programs: the secretariat's list, create / edit (drafts), submit; a program's page with its rounds
and history; CAST's listing queue and the management of the dynamic list (R-AW-01, R-AW-03)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import CHANGE, DECIDE, VIEW, get_for, may, restrict
from core.audit import entries_for
from core.errors import DomainError
from core.forms import apply_domain_error
from core.roles import reach_of
from societies.models import Society

from .. import services
from ..choices import NominationStatus, ProgramStatus
from ..forms import ProgramForm, StepForm
from ..models import AwardProgram
from ..selectors import with_round_summary
from ..tables import MANAGED, ListingTable, ManagedTable, ProgramTable
from . import done, refusal, require_reads_society, runs_awards

PROGRAMS = AwardProgram.objects.select_related("society")
# step -> (action the page needs, what the step does)
STEPS = {
    "submit": CHANGE,
    "list": DECIDE,
    "return": DECIDE,
    "suspend": DECIDE,
    "reinstate": DECIDE,
    "withdraw": DECIDE,
}
# the pages' own words for each step (the transitions' labels are shared with other records)
STEP_TITLES = {
    "submit": gettext_lazy("Submit for listing"),
    "list": gettext_lazy("List on the dynamic list"),
    "return": gettext_lazy("Return to the society"),
    "suspend": gettext_lazy("Suspend the program"),
    "reinstate": gettext_lazy("Reinstate the program"),
    "withdraw": gettext_lazy("Withdraw from the dynamic list"),
}


@login_required
def program_list(request):
    """The programs of the user's societies (all of them for CAST and the regulator)."""
    user = request.user
    if not runs_awards(user):
        raise PermissionDenied
    reach = reach_of(user)
    qs = restrict(PROGRAMS, user, VIEW)
    if not (reach.cast_admin or reach.regulator):
        qs = qs.filter(society_id__in=reach.secretary_of | reach.reviewer_of)
    table = ProgramTable(request, with_round_summary(qs))
    if (download := table.export_response()) is not None:
        return download
    return render(
        request,
        "awards/program_list.html",
        {
            "table": table,
            "page": table.page,
            "can_create": bool(reach.secretary_of),
            "tab": "programs",
        },
    )


def _save_document(request, form, program):
    upload = form.cleaned_data.get("approval_document")
    if upload:
        services.attach_approval_document(actor=request.user, program=program, upload=upload)


@login_required
def program_create(request):
    reach = reach_of(request.user)
    if not reach.secretary_of:
        raise PermissionDenied
    societies = Society.objects.filter(pk__in=reach.secretary_of).order_by("code")
    form = ProgramForm(request.POST or None, request.FILES or None, societies=societies)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                program = services.create_program(
                    actor=request.user, society=form.cleaned_data["society"], **form.service_fields()
                )
                _save_document(request, form, program)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            return done(
                request,
                _("Program “%(name)s” saved as a draft. Submit it for CAST to list it on the dynamic list.")
                % {"name": program.name},
                "awards:program",
                program.pk,
            )
    return render(
        request,
        "awards/form.html",
        {"form": form, "title": _("Register an award program"), "multipart": True, "tab": "programs"},
    )


@login_required
def program_edit(request, pk):
    program = get_for(PROGRAMS, request.user, CHANGE, pk=pk)
    if not AwardProgram.workflow.is_editable(program):
        messages.error(request, str(AwardProgram.workflow.editable.refusal(program.status)))
        return redirect("awards:program", program.pk)
    form = ProgramForm(request.POST or None, request.FILES or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.update_program(actor=request.user, program=program, **form.service_fields())
                _save_document(request, form, program)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            return done(
                request,
                _("Changes to program “%(name)s” saved.") % {"name": program.name},
                "awards:program",
                program.pk,
            )
    return render(
        request,
        "awards/form.html",
        {
            "form": form,
            "title": _("Edit %(name)s") % {"name": program.name},
            "multipart": True,
            "cancel": program.get_absolute_url(),
            "tab": "programs",
        },
    )


@login_required
def program_detail(request, pk):
    user = request.user
    program = get_for(PROGRAMS, user, VIEW, pk=pk)
    require_reads_society(user, program.society_id)
    live = ~Q(nominations__status=NominationStatus.WITHDRAWN)
    rounds = program.rounds.annotate(
        nominations_count=Count("nominations", filter=live),
        winners_count=Count("nominations", filter=Q(nominations__status=NominationStatus.WINNER)),
    ).order_by("-year")
    can_change = may(user, program, CHANGE)
    can_decide = may(user, program, DECIDE)
    steps = [
        (t.name, STEP_TITLES[t.name])
        for t in AwardProgram.workflow.available(program)
        if (STEPS[t.name] == CHANGE and can_change) or (STEPS[t.name] == DECIDE and can_decide)
    ]
    return render(
        request,
        "awards/program_detail.html",
        {
            "program": program,
            "rounds": rounds,
            "history": entries_for(program).order_by("at", "id"),
            "can_edit": can_change and AwardProgram.workflow.is_editable(program),
            "can_open_round": can_change and program.status == ProgramStatus.LISTED,
            "steps": steps,
            "tab": "listing" if can_decide and not can_change else "programs",
        },
    )


@login_required
def program_document(request, pk):
    program = get_for(PROGRAMS, request.user, VIEW, pk=pk)
    require_reads_society(request.user, program.society_id)
    if not program.approval_document:
        raise Http404
    return FileResponse(program.approval_document.open("rb"), as_attachment=True)


@login_required
def program_step(request, pk, step):
    """Submit (the secretariat), or CAST's list / return / suspend / reinstate / withdraw: GET says
    what will happen, POST calls the service; a step that needs a reason refuses an empty one."""
    if step not in STEPS:
        raise Http404
    action = STEPS[step]
    program = get_for(PROGRAMS, request.user, action, pk=pk)
    form = StepForm(request.POST if request.method == "POST" else None)
    error = None
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if step == "submit":
                services.submit_program(actor=request.user, program=program, comment=comment)
            else:
                services.decide_program(actor=request.user, program=program, step=step, comment=comment)
        except DomainError as exc:
            error = refusal(exc)
        else:
            text = {
                "submit": _("Program “%(name)s” submitted; CAST reviews it for the dynamic list."),
                "list": _("Program “%(name)s” of %(society)s listed on the dynamic list."),
                "return": _("Program “%(name)s” returned to %(society)s with your reason."),
                "suspend": _("Program “%(name)s” suspended: it opens no round until reinstated."),
                "reinstate": _("Program “%(name)s” reinstated on the dynamic list."),
                "withdraw": _("Program “%(name)s” withdrawn from the dynamic list."),
            }[step] % {"name": program.name, "society": program.society.name}
            if action == DECIDE:
                messages.success(request, text)
                return redirect("awards:listing" if step in ("list", "return") else "awards:list_management")
            return done(request, text, "awards:program", program.pk)
    transition = AwardProgram.workflow[step]
    return render(
        request,
        "awards/program_step.html",
        {
            "program": program,
            "step": step,
            "transition": transition,
            "title": STEP_TITLES[step],
            "reason_required": bool(transition.reason_required),
            "allowed": AwardProgram.workflow.can(program, step),
            "form": form,
            "error": error,
            "tab": "programs"
            if action == CHANGE
            else ("listing" if step in ("list", "return") else "list_management"),
        },
    )


def _require_cast_or_regulator(user):
    reach = reach_of(user)
    if not (reach.cast_admin or reach.regulator):
        raise PermissionDenied


@login_required
def listing_queue(request):
    """CAST's queue of programs submitted for the dynamic list, oldest first; the regulator reads it."""
    user = request.user
    _require_cast_or_regulator(user)
    qs = restrict(PROGRAMS.filter(status=ProgramStatus.SUBMITTED), user, VIEW)
    table = ListingTable(request, qs, can_decide=may(user, None, DECIDE))
    if (download := table.export_response()) is not None:
        return download
    return render(
        request, "awards/listing_queue.html", {"table": table, "page": table.page, "tab": "listing"}
    )


@login_required
def list_management(request):
    """The dynamic list as CAST keeps it: listed and suspended programs (withdrawn on demand), with
    suspend / reinstate / withdraw."""
    user = request.user
    _require_cast_or_regulator(user)
    qs = restrict(PROGRAMS.filter(status__in=MANAGED), user, VIEW)
    table = ManagedTable(request, with_round_summary(qs), can_decide=may(user, None, DECIDE))
    if (download := table.export_response()) is not None:
        return download
    return render(
        request,
        "awards/list_management.html",
        {"table": table, "page": table.page, "tab": "list_management"},
    )
