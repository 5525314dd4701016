"""The secretariat's membership applications: queue, detail, decision (R-MEM-02)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.access import CHANGE, VIEW, get_for, restrict
from core.audit import status_history
from core.forms import run_service
from core.messages import outcome
from core.roles import reach_of

from .. import services
from ..choices import ApplicationStatus
from ..forms import DecisionForm
from ..models import Membership, MembershipApplication
from ..permissions import applicant_data_expired
from ..sanctions import active_sanction
from ..tables import ApplicationTable
from .common import require_secretariat


@login_required
def application_queue(request):
    require_secretariat(request)
    qs = restrict(
        MembershipApplication.objects.select_related("person", "society"),
        request.user,
        CHANGE,
    )
    params = request.GET.copy()
    params.setdefault("status", ApplicationStatus.SUBMITTED)
    table = ApplicationTable(request, qs, params=params)
    return render(request, "members/application_queue.html", {"table": table, "page": table.page})


def _decidable_application(request, pk):
    application = get_for(
        MembershipApplication.objects.select_related("person", "society", "membership", "decided_by"),
        request.user,
        CHANGE,
        pk=pk,
    )
    return application


@login_required
def application_detail(request, pk):
    application = get_for(
        MembershipApplication.objects.select_related("person", "society", "membership", "decided_by"),
        request.user,
        VIEW,
        pk=pk,
    )
    may_decide = services.can_decide_for_society(request.user, application.society)
    other = []
    if may_decide:  # the person's memberships this user may see: never another society's (core.access)
        other = restrict(
            Membership.objects.filter(person=application.person).select_related("society"), request.user, VIEW
        )
    return render(
        request,
        "members/application_detail.html",
        {
            "application": application,
            "may_decide": may_decide,
            "history": status_history(application),
            "other_memberships": other,
            "under_sanction": may_decide and active_sanction(application.person) is not None,
            "data_expired": applicant_data_expired(application)
            and not (reach_of(request.user).cast_admin or application.person.user_id == request.user.pk),
        },
    )


@login_required
def application_decide(request, pk, step):
    if step not in ("approve", "reject"):
        raise Http404
    application = _decidable_application(request, pk)
    if not services.can_decide_for_society(request.user, application.society):
        raise PermissionDenied
    form = DecisionForm(request.POST or None)
    if step == "reject":
        form.fields["comment"].required = True
    if not application.needs_explicit_approval or step == "reject":
        del form.fields["confirm_flagged"]
    elif step == "approve":
        form.fields["confirm_flagged"].required = True
    if request.method == "POST" and form.is_valid():
        fn = services.approve_application if step == "approve" else services.reject_application
        if response := run_service(
            request,
            form,
            lambda: fn(
                actor=request.user,
                application=application,
                comment=form.cleaned_data.get("comment", ""),
                confirm_flagged=form.cleaned_data.get("confirm_flagged", False),
            ),
            lambda decided: outcome(
                (
                    _("Application of %(name)s to %(society)s approved.")
                    if step == "approve"
                    else _("Application of %(name)s to %(society)s rejected.")
                )
                % {"name": application.person.name, "society": application.society.name},
                notified=[application.person.name] if application.person.email else [],
            ),
            "members:application_queue",
        ):
            return response
    return render(
        request,
        "members/application_decide.html",
        {"application": application, "step": step, "form": form},
    )
