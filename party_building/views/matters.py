"""Pre-review of major matters: the reviewer's queue, the secretary's list, CAST's overview; one matter's
page with its linked object and every opinion; approve / return / resubmit with confirmation."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.access import CHANGE, REVIEW, VIEW, get_for, may, restrict
from core.audit import status_history
from core.errors import DomainError
from core.forms import run_service
from core.roles import reach_of
from societies.models import Society

from ..choices import MatterStatus
from ..forms import MatterForm
from ..models import MajorMatter
from ..services import matters as services
from ..tables import MatterTable
from . import done, refusal

STEPS = {
    "approve": (REVIEW, services.approve_matter),
    "return": (REVIEW, services.return_matter),
    "resubmit": (CHANGE, services.resubmit_matter),
}


@login_required
def matter_list(request):
    user = request.user
    reach = reach_of(user)
    qs = restrict(MajorMatter.objects.select_related("society", "content_type"), user, VIEW)
    if not (reach.cast_admin or reach.secretary_of or reach.reviewer_of):
        raise PermissionDenied
    reviewer_only = bool(reach.reviewer_of) and not (reach.secretary_of or reach.cast_admin)
    params = request.GET.copy()
    if reviewer_only or reach.cast_admin:  # the pre-review queue: what waits, oldest first
        params.setdefault("status", MatterStatus.PENDING)
    status = params.get("status", "")
    if status == MatterStatus.PENDING:
        params.setdefault("sort", "submitted_at")
    table = MatterTable(request, qs, params=params)
    if (download := table.export_response()) is not None:
        return download
    return render(
        request,
        "party_building/matter_list.html",
        {
            "table": table,
            "page": table.page,
            "status": status,
            "is_reviewer": bool(reach.reviewer_of),
            "can_create": reach.cast_admin or bool(reach.secretary_of),
            "tab": "matters",
        },
    )


@login_required
def matter_create(request):
    if not restrict(Society.objects.all(), request.user, CHANGE).exists():
        raise PermissionDenied
    form = MatterForm(request.POST or None, user=request.user)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            response := run_service(
                request,
                form,
                lambda: services.create_matter(actor=request.user, **form.cleaned_data),
                lambda matter: (
                    _("Major matter “%(title)s” sent to the Party committee for pre-review.")
                    % {"title": matter.title}
                ),
                lambda matter: reverse("party_building:matter", args=[matter.pk]),
            )
        )
    ):
        return response
    return render(
        request,
        "party_building/form.html",
        {"form": form, "title": _("Raise a major matter"), "tab": "matters"},
    )


@login_required
def matter_detail(request, pk):
    matter = get_for(
        MajorMatter.objects.select_related("society", "content_type", "created_by"), request.user, VIEW, pk=pk
    )
    linked = matter.linked if matter.content_type_id else None
    return render(
        request,
        "party_building/matter_detail.html",
        {
            "matter": matter,
            "linked": linked,
            "linked_url": getattr(linked, "get_absolute_url", lambda: "")() if linked is not None else "",
            "linked_model": matter.content_type.model_class()._meta.verbose_name
            if linked is not None
            else "",
            "opinions": matter.opinions.select_related("reviewer"),
            "history": status_history(matter),
            "can_review": may(request.user, matter.society, REVIEW) and matter.status == MatterStatus.PENDING,
            "can_resubmit": may(request.user, matter.society, CHANGE)
            and matter.status == MatterStatus.RETURNED,
            "tab": "matters",
        },
    )


@login_required
def matter_step(request, pk, step):
    """GET: what the decision does, with the opinion form; POST: the service decides."""
    if step not in STEPS:
        raise Http404
    action, service = STEPS[step]
    matter = get_for(MajorMatter.objects.select_related("society"), request.user, action, pk=pk)
    if action == REVIEW and not may(request.user, matter.society, REVIEW):
        raise PermissionDenied
    if action == CHANGE and not may(request.user, matter, CHANGE):
        raise PermissionDenied
    error = None
    if request.method == "POST":
        comment = request.POST.get("comment", "")
        try:
            if step == "resubmit":
                service(
                    actor=request.user,
                    matter=matter,
                    comment=comment,
                    title=request.POST.get("title"),
                    description=request.POST.get("description"),
                )
            else:
                service(actor=request.user, matter=matter, opinion=comment)
        except DomainError as exc:
            error = refusal(exc)
        else:
            text = {
                "approve": _("Pre-review of “%(title)s” approved.") % {"title": matter.title},
                "return": _("Pre-review of “%(title)s” returned to the secretariat for revision.")
                % {"title": matter.title},
                "resubmit": _("“%(title)s” resubmitted for Party pre-review.") % {"title": matter.title},
            }[step]
            return done(request, text, "party_building:matter", matter.pk)
    return render(
        request,
        "party_building/matter_step.html",
        {
            "matter": matter,
            "step": step,
            "transition": MajorMatter.workflow[step],
            "allowed": MajorMatter.workflow.can(matter, step),
            "error": error,
            "comment": request.POST.get("comment", ""),
            "tab": "matters",
        },
    )
