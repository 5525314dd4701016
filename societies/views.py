"""The public society directory and a society's page; CAST's status changes with confirmation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.access import CHANGE, DECIDE, get_for, may, restrict
from core.audit import status_history
from core.errors import DomainError

from . import services
from .access import can_read_governance
from .choices import SocietyStatus
from .models import Society
from .selectors import listed_awards, public_branches
from .tables import SocietyTable


def society_list(request):
    table = SocietyTable(request, restrict(Society.objects.all(), request.user))
    if (download := table.export_response()) is not None:
        return download
    return render(request, "societies/society_list.html", {"table": table})


def society_detail(request, pk):
    society = get_for(Society.objects.all(), request.user, pk=pk)
    context = {
        "society": society,
        "can_manage": may(request.user, society, CHANGE),
        "can_read_governance": can_read_governance(request.user, society),
        "branches": public_branches(society, request.user),
        "awards": listed_awards(society, request.user),
    }
    if may(request.user, None, DECIDE):
        context["steps"] = Society.workflow.available(society)
        context["history"] = status_history(society)
    return render(request, "societies/society_detail.html", context)


@login_required
def society_change_status(request, pk, step):
    """GET shows the consequence and asks for a reason; POST applies it through the service."""
    society = get_for(Society.objects.all(), request.user, pk=pk)
    if step not in Society.workflow.transitions:
        raise Http404
    if not may(request.user, None, DECIDE):
        raise PermissionDenied
    transition = Society.workflow[step]
    error = None
    if request.method == "POST":
        try:
            services.change_society_status(
                actor=request.user, society=society, action=step, comment=request.POST.get("comment", "")
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("Status changed."))
            return redirect("societies:detail", pk=society.pk)
    return render(
        request,
        "societies/society_confirm_status.html",
        {
            "society": society,
            "transition": transition,
            "target_label": SocietyStatus(transition.target).label,
            "error": error,
        },
    )
