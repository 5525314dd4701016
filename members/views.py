"""Members pages: joining a society, my memberships, self-service profile, the secretariat's queues
(applications, identity changes) and CAST's academic credit and training records.

Every queryset goes through core.access (restrict / get_for); every change calls members.services;
every change is confirmed on a page (GET shows what will happen, POST does it).
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import reach_of
from core.access import CHANGE, VIEW, get_for, restrict
from core.audit import status_history
from core.errors import DomainError
from core.forms import apply_domain_error, run_service
from core.history import history_with_changes
from core.rule_settings import rule_setting
from core.views import safe_next
from societies.models import Society

from . import services
from .choices import ApplicationStatus, ChangeRequestStatus, CreditKind, MembershipStatus, TrainingKind
from .forms import (
    ApplicationForm,
    CommentForm,
    CreditRecordForm,
    DecisionForm,
    PersonCreateForm,
    ProfileForm,
    RegistrationForm,
    TrainingRecordForm,
)
from .models import (
    CreditRecord,
    Membership,
    MembershipApplication,
    Person,
    ProfileChangeRequest,
    TrainingRecord,
)
from .picker import SEARCH_LIMIT, describe, mask_id_number
from .sanctions import active_sanction
from .training import training_gaps


def _own_person(user) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def _require_secretariat(request):
    reach = reach_of(request.user)
    if not (reach.cast_admin or reach.secretary_of):
        raise PermissionDenied
    return reach


def _require_cast(request):
    if not reach_of(request.user).cast_admin:
        raise PermissionDenied


# --------------------------------------------------------------------------- joining


def register(request):
    """A visitor opens a member account (User + profile), is signed in and goes on to `next`."""
    if request.user.is_authenticated:
        return redirect(safe_next(request, reverse("members:mine")))
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.register_visitor(**form.service_kwargs())
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your account is ready."))
            return redirect(safe_next(request, reverse("members:mine")))
    return render(request, "members/register.html", {"form": form, "next": safe_next(request, "")})


def join(request, society_id):
    """The public "apply to join" page of a society. Visitors are offered registration first."""
    society = get_for(Society.objects.all(), request.user, VIEW, pk=society_id)
    context = {"society": society}
    if not request.user.is_authenticated:
        return render(request, "members/join.html", {**context, "anonymous": True})
    person = _own_person(request.user)
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
    form = ApplicationForm(request.POST or None)
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
    person = _own_person(request.user)
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


# --------------------------------------------------------------------------- secretariat: applications


@login_required
def application_queue(request):
    reach = _require_secretariat(request)
    qs = restrict(
        MembershipApplication.objects.select_related("person", "society").order_by("-submitted_at", "-id"),
        request.user,
        CHANGE,
    )
    status = request.GET.get("status", ApplicationStatus.SUBMITTED)
    if status in ApplicationStatus.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    flagged = request.GET.get("flagged", "")
    if flagged in ("1", "0"):
        qs = qs.filter(needs_explicit_approval=flagged == "1")
    society = request.GET.get("society", "")
    societies = []
    if reach.cast_admin or len(reach.secretary_of) > 1:
        societies = (
            Society.objects.filter(pk__in=reach.secretary_of) if not reach.cast_admin else Society.objects
        )
        societies = list(societies.order_by("code").values_list("pk", "name"))
        if society.isdigit():
            qs = qs.filter(society_id=int(society))
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(person__name__icontains=q)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "members/application_queue.html",
        {
            "page": page,
            "status": status,
            "statuses": ApplicationStatus.choices,
            "flagged": flagged,
            "society": society,
            "societies": societies,
            "q": q,
        },
    )


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
            _("Application approved.") if step == "approve" else _("Application rejected."),
            "members:application_queue",
        ):
            return response
    return render(
        request,
        "members/application_decide.html",
        {"application": application, "step": step, "form": form},
    )


# --------------------------------------------------------------------------- profile (R-MEM-03)


@login_required
def profile(request):
    person = _own_person(request.user)
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
            "decided": person.change_requests.exclude(status=ChangeRequestStatus.PENDING)[:20],
            "history": diffs,
        },
    )


@login_required
def change_request_queue(request):
    _require_secretariat(request)
    qs = restrict(
        ProfileChangeRequest.objects.select_related("person", "requested_by").order_by(
            "-requested_at", "-id"
        ),
        request.user,
        CHANGE,
    )
    status = request.GET.get("status", ChangeRequestStatus.PENDING)
    if status in ChangeRequestStatus.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "members/change_request_queue.html",
        {"page": page, "status": status, "statuses": ChangeRequestStatus.choices},
    )


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


# --------------------------------------------------------------------------- CAST: credit and training


@login_required
def credit_list(request):
    _require_cast(request)
    qs = restrict(CreditRecord.objects.select_related("person", "recorded_by"), request.user)
    kind = request.GET.get("kind", "")
    if kind in CreditKind.values:
        qs = qs.filter(kind=kind)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(person__name__icontains=q) | Q(source_document__icontains=q))
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "members/credit_list.html",
        {"page": page, "kind": kind, "kinds": CreditKind.choices, "q": q, "today": today},
    )


@login_required
def credit_create(request):
    _require_cast(request)
    form = CreditRecordForm(
        request.POST or None, request.FILES or None, initial={"person": request.GET.get("person")}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            response := run_service(
                request,
                form,
                lambda: services.record_credit(actor=request.user, **form.cleaned_data),
                _("Credit record saved."),
                "members:credit_list",
            )
        )
    ):
        return response
    return render(request, "members/record_form.html", {"form": form, "kind": "credit"})


@login_required
def training_list(request):
    _require_cast(request)
    qs = restrict(TrainingRecord.objects.select_related("person", "society", "recorded_by"), request.user)
    kind = request.GET.get("kind", "")
    if kind in TrainingKind.values:
        qs = qs.filter(kind=kind)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(person__name__icontains=q) | Q(course__icontains=q))
    page = Paginator(qs, TRAINING_PAGE_SIZE).get_page(request.GET.get("page"))
    day = _day_param(request)
    gaps = training_gaps(None, day)  # R-TR-01 advisory items, every society
    return render(
        request,
        "members/training_list.html",
        {
            "page": page,
            "kind": kind,
            "kinds": TrainingKind.choices,
            "q": q,
            "day": day,
            "gaps": gaps,
            "gaps_page": Paginator(gaps, TRAINING_PAGE_SIZE).get_page(request.GET.get("overdue_page")),
            "new_leader_months": rule_setting("new_leader_training_months"),
            "sg_rotation_years": rule_setting("sg_rotation_years"),
        },
    )


TRAINING_PAGE_SIZE = 50  # training records, and overdue officers, per page
LOOKUP_PAGE_SIZE = 30  # people per page of the person lookup


def _day_param(request) -> date:
    raw_day = request.GET.get("on", "")
    try:
        return date.fromisoformat(raw_day) if raw_day else timezone.localdate()
    except ValueError:
        return timezone.localdate()


@login_required
def training_create(request):
    _require_cast(request)
    form = TrainingRecordForm(request.POST or None, initial={"person": request.GET.get("person")})
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            response := run_service(
                request,
                form,
                lambda: services.record_training(actor=request.user, **form.cleaned_data),
                _("Training record saved."),
                "members:training_list",
            )
        )
    ):
        return response
    return render(request, "members/record_form.html", {"form": form, "kind": "training"})


@login_required
def person_lookup(request):
    """CAST: find a person and answer "under an active sanction on this day?" (R-ETH-02)."""
    _require_cast(request)
    q = request.GET.get("q", "").strip()
    day = _day_param(request)
    rows = []
    page = None
    if q:
        people = restrict(Person.objects.all(), request.user).filter(
            Q(name__icontains=q) | Q(employer__icontains=q) | Q(id_number=q.upper())
        )
        people = people.annotate(
            active_memberships=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE))
        ).order_by("name", "id")
        page = Paginator(people, LOOKUP_PAGE_SIZE).get_page(request.GET.get("page"))
        shown = list(page.object_list)
        sanctioned = set(
            CreditRecord.objects.filter(
                kind=CreditKind.SANCTION, starts_on__lte=day, person_id__in=[p.pk for p in shown]
            )
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
            .values_list("person_id", flat=True)
        )
        overdue = {}
        for gap in training_gaps(None, day):  # R-TR-01, a fixed number of queries
            overdue.setdefault(gap.officer.person_id, []).append(gap)
        rows = [
            {"person": p, "under_sanction": p.pk in sanctioned, "training_gaps": overdue.get(p.pk, [])}
            for p in shown
        ]
    return render(request, "members/person_lookup.html", {"q": q, "day": day, "rows": rows, "page": page})


@login_required
def person_search(request):
    """The person picker's htmx answer: at most SEARCH_LIMIT people matching the typed text by name,
    employer, ID number or membership number, among the people core.access lets the user see.
    `society=<id>` narrows to that society's active members (the workspace's officer and seat forms);
    the user must run that society (its secretary, or CAST)."""
    reach = _require_secretariat(request)
    field = request.GET.get("field", "person")
    if not field.isidentifier():
        field = "person"
    q = (request.GET.get(f"{field}_q") or request.GET.get("q") or "").strip()
    people = []
    more = False
    if q:
        qs = restrict(Person.objects.all(), request.user)
        society = request.GET.get("society", "")
        if society:
            if not society.isdigit():
                raise Http404
            if not (reach.cast_admin or int(society) in reach.secretary_of):
                raise PermissionDenied
            qs = qs.filter(
                pk__in=Membership.objects.filter(
                    society_id=int(society), status=MembershipStatus.ACTIVE
                ).values("person_id")
            )
        key = q.upper()
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(employer__icontains=q)
            | Q(id_number=key)
            | Q(pk__in=Membership.objects.filter(number=key).values("person_id"))
        ).order_by("name", "id")
        found = list(qs[: SEARCH_LIMIT + 1])
        more = len(found) > SEARCH_LIMIT
        people = [
            {"person": p, "label": describe(p), "masked_id": mask_id_number(p.id_number)}
            for p in found[:SEARCH_LIMIT]
        ]
    return render(
        request,
        "members/partials/person_results.html",
        {"people": people, "q": q, "more": more, "limit": SEARCH_LIMIT},
    )
