"""The self-service profile and the secretariat's identity-change queue (R-MEM-03)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.access import CHANGE, get_for, restrict
from core.audit import status_history
from core.errors import DomainError
from core.forms import apply_domain_error, run_service
from core.history import history_with_changes

from .. import services
from ..choices import ChangeRequestStatus
from ..forms import CommentForm, PersonCreateForm, ProfileForm
from ..models import ProfileChangeRequest
from ..tables import ChangeRequestTable
from .common import consent_current, own_person, require_secretariat


def email_pending_message(user, person) -> str:
    return _(
        "Profile saved. We sent a verification link to %(new)s; until you open it, mail keeps going to "
        "%(old)s."
    ) % {"new": user.pending_email, "old": person.email or user.email or "—"}


@login_required
@consent_current
def profile(request):
    person = own_person(request.user)
    if person is None:
        form = PersonCreateForm(
            request.POST or None, initial={"name": request.user.name, "email": request.user.email}
        )
        if (
            request.method == "POST"
            and form.is_valid()
            and (
                response := run_service(
                    request,
                    form,
                    lambda: services.create_person(
                        actor=request.user, user=request.user, **form.cleaned_data
                    ),
                    _("Your profile is saved."),
                    "members:profile",
                )
            )
        ):
            return response
        return render(request, "members/profile.html", {"create_form": form})
    form = ProfileForm.for_person(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _person, change_request = services.update_own_profile(
                actor=request.user, person=person, data=form.cleaned_data
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            if change_request is not None:
                messages.info(
                    request,
                    _("Your change of name, ID or region has been sent to the secretariat for confirmation."),
                )
            request.user.refresh_from_db(fields=["pending_email", "email"])
            if request.user.pending_email and request.user.pending_email != person.email:
                messages.success(request, email_pending_message(request.user, person))
            else:
                messages.success(request, _("Profile saved."))
            return redirect("members:profile")
    diffs = [
        {"record": record, "changes": [(c.field, c.old, c.new) for c in delta or []]}
        for record, delta in history_with_changes(person.history, 50)
    ]
    return render(
        request,
        "members/profile.html",
        {
            "person": person,
            "form": form,
            "pending": person.change_requests.filter(status=ChangeRequestStatus.PENDING),
            "pending_email": request.user.pending_email,
            "decided": person.change_requests.exclude(status=ChangeRequestStatus.PENDING)[:20],
            "history": diffs,
        },
    )


@login_required
def change_request_queue(request):
    require_secretariat(request)
    qs = restrict(ProfileChangeRequest.objects.select_related("person", "requested_by"), request.user, CHANGE)
    params = request.GET.copy()
    params.setdefault("status", ChangeRequestStatus.PENDING)
    table = ChangeRequestTable(request, qs, params=params)
    return render(request, "members/change_request_queue.html", {"table": table, "page": table.page})


@login_required
def change_request_decide(request, pk, step):
    if step not in ("confirm", "reject"):
        raise Http404
    change_request = get_for(
        ProfileChangeRequest.objects.select_related("person", "requested_by"), request.user, CHANGE, pk=pk
    )
    if not services.can_decide_change_request(request.user, change_request):
        raise PermissionDenied
    form = CommentForm(request.POST or None)
    if step == "reject":
        form.fields["comment"].required = True
    if request.method == "POST" and form.is_valid():
        fn = services.confirm_change_request if step == "confirm" else services.reject_change_request
        if response := run_service(
            request,
            form,
            lambda: fn(
                actor=request.user, change_request=change_request, comment=form.cleaned_data["comment"]
            ),
            _("Identity change confirmed.") if step == "confirm" else _("Identity change rejected."),
            "members:change_request_queue",
        ):
            return response
    return render(
        request,
        "members/change_request_decide.html",
        {
            "change_request": change_request,
            "step": step,
            "form": form,
            "history": status_history(change_request),
        },
    )
