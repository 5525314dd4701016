"""Joining a society: registration, applying, my memberships and their steps."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.email_verification import needs_verification
from core.access import VIEW, get_for
from core.errors import DomainError
from core.forms import apply_domain_error, run_service
from core.middleware import client_ip
from core.views import safe_next
from societies.models import Society

from .. import services
from ..choices import MembershipStatus
from ..forms import ApplicationForm, CommentForm, PersonCreateForm, ReconsentForm, RegistrationForm
from ..models import Membership, MembershipApplication
from ..privacy import current_version, last_consent, needs_reconsent
from ..selectors import join_state
from .common import consent_current, own_person


def privacy_notice(request):
    """The personal-data notice a visitor consents to before registering (PIPL), for everyone to read."""
    context = {"version": current_version(), "retention_days": settings.DECIDED_APPLICANT_DAYS}
    return render(request, "members/privacy_notice.html", context)


@login_required
def reconsent(request):
    """The notice changed since the member last consented: they read it and consent again (recorded,
    audited) before editing their profile or applying; then they go on to `next`."""
    after = safe_next(request, reverse("members:profile"))
    if not needs_reconsent(request.user) and request.method != "POST":
        return redirect(after)
    form = ReconsentForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            response := run_service(
                request,
                form,
                lambda: services.consent_again(
                    actor=request.user, consent=form.cleaned_data["consent"], ip=client_ip(request)
                ),
                lambda row: (
                    _("Your consent to the personal-data notice of %(version)s is recorded.")
                    % {"version": row.notice_version}
                ),
                after,
            )
        )
    ):
        return response
    last = last_consent(request.user)
    return render(
        request,
        "members/reconsent.html",
        {
            "form": form,
            "version": current_version(),
            "previous": last.notice_version if last else "",
            "next": after,
            "retention_days": settings.DECIDED_APPLICANT_DAYS,
        },
    )


@login_required
def application_withdraw(request, pk):
    """The applicant withdraws their application still waiting for a decision: a confirmation page, then
    members.services.withdraw_application (which refuses anyone but the applicant, audited)."""
    application = get_for(
        MembershipApplication.objects.select_related("society", "person"), request.user, VIEW, pk=pk
    )
    if application.person.user_id != request.user.pk:
        raise PermissionDenied
    form = CommentForm(request.POST or None)
    form.fields["comment"].label = _("Reason (optional)")
    allowed = MembershipApplication.workflow.can(application, "withdraw")
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            response := run_service(
                request,
                form,
                lambda: services.withdraw_application(
                    actor=request.user, application=application, comment=form.cleaned_data["comment"]
                ),
                _("You withdrew your application to %(society)s.") % {"society": application.society.name},
                "members:mine",
            )
        )
    ):
        return response
    return render(
        request,
        "members/application_withdraw.html",
        {"application": application, "form": form, "allowed": allowed},
    )


def register(request):
    """A visitor opens a member account (User + profile), is signed in and goes on to `next`."""
    if request.user.is_authenticated:
        return redirect(safe_next(request, reverse("members:mine")))
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.register_visitor(**form.service_kwargs(), ip=client_ip(request))
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _(
                    "Your account is ready. We sent a verification link to %(email)s: open it before you "
                    "apply to join a society."
                )
                % {"email": user.email},
            )
            return redirect(safe_next(request, reverse("members:mine")))
    return render(request, "members/register.html", {"form": form, "next": safe_next(request, "")})


@consent_current
def join(request, society_id):
    """The public "apply to join" page of a society. Visitors are offered registration first."""
    society = get_for(Society.objects.all(), request.user, VIEW, pk=society_id)
    context = {"society": society}
    if not request.user.is_authenticated:
        return render(request, "members/join.html", {**context, "anonymous": True})
    person = own_person(request.user)
    state = join_state(request.user, society)
    if state["membership"] is not None or state["application"] is not None:
        # already a member, or an application waits: no second application is offered (R-MEM-01)
        return render(request, "members/join.html", {**context, **state, "person": person})
    if needs_verification(request.user):
        return render(request, "members/join.html", {**context, "verify_email": True})
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
                    _("Your profile is saved. Now complete your application."),
                    "members:join",
                    society_id=society.pk,
                )
            )
        ):
            return response
        return render(request, "members/join.html", {**context, "profile_form": form})
    tiers = services.self_selectable_tiers(society)
    form = ApplicationForm(request.POST or None, tiers=tiers)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            response := run_service(
                request,
                form,
                lambda: services.apply_for_membership(
                    actor=request.user, society=society, person=person, **form.cleaned_data
                ),
                _("Your application has been submitted. You will be notified by email."),
                "members:mine",
            )
        )
    ):
        return response
    return render(
        request,
        "members/join.html",
        {**context, "form": form, "person": person, "flagged": person.region in services.FLAGGED_REGIONS},
    )


@login_required
def mine(request):
    """My memberships and applications, with status and the secretariat's comment."""
    person = own_person(request.user)
    memberships = applications = []
    if person is not None:
        memberships = (
            Membership.objects.filter(person=person).select_related("society").order_by("society__name")
        )
        applications = (
            MembershipApplication.objects.filter(person=person)
            .select_related("society", "membership")
            .order_by("-submitted_at")
        )
    return render(
        request,
        "members/mine.html",
        {"person": person, "memberships": memberships, "applications": applications},
    )


@login_required
def membership_step(request, pk, step):
    """lapse / renew / withdraw / expel with a confirmation page."""
    membership = get_for(Membership.objects.select_related("person", "society"), request.user, VIEW, pk=pk)
    if step not in Membership.workflow.transitions:
        raise Http404
    # The service's rule, before the confirmation page: the member withdraws themself; every other step
    # (and anyone else's withdrawal) is the society's secretariat's or CAST's.
    own = membership.person.user_id is not None and membership.person.user_id == request.user.pk
    own_withdrawal = step == "withdraw" and own
    if not own_withdrawal and not services.can_decide_for_society(request.user, membership.society):
        raise PermissionDenied
    form = CommentForm(request.POST or None)
    form.fields["comment"].label = _("Reason")
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            response := run_service(
                request,
                form,
                lambda: services.change_membership_status(
                    actor=request.user,
                    membership=membership,
                    action=step,
                    comment=form.cleaned_data["comment"],
                ),
                _("Membership updated."),
                safe_next(request, reverse("members:mine")),
            )
        )
    ):
        return response
    return render(
        request,
        "members/membership_confirm.html",
        {
            "membership": membership,
            "transition": Membership.workflow[step],
            "target_label": MembershipStatus(Membership.workflow[step].target).label,
            "allowed": Membership.workflow.can(membership, step),
            "form": form,
        },
    )
