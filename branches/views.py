"""Branch pages. Secretary: the society's branches, the proposal form with its resolution and inline
rule checks, assessments, CSV import. CAST: the review queue across societies, the clean-up candidates
and a society's roster. A branch officer sees and manages only their own branch (core.access)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import reach_of
from core.access import CHANGE, DECIDE, VIEW, get_for, may, restrict
from core.audit import log_action, status_history
from core.errors import DomainError
from core.forms import apply_domain_error, run_service
from core.views import safe_next
from societies.models import Society

from . import rules, selectors, services
from .choices import STANDING, AssessmentGrade, BranchKind, BranchStatus
from .forms import (
    AssessmentForm,
    BranchForm,
    ImportForm,
    OfficerForm,
    ProposalExtraForm,
    ResolutionForm,
    StepForm,
)
from .models import Branch, BranchOfficer, BranchResolution

LIST_QS = Branch.objects.select_related("society")
DETAIL_QS = Branch.objects.select_related("society", "resolution")


def _apply_filters(qs, params, *, default_status=""):
    filters = {k: params.get(k, "") for k in ("q", "society", "kind", "status", "overdue", "reason")}
    status = filters["status"] or default_status
    filters["status"] = status
    if status in BranchStatus.values:
        qs = qs.filter(status=status)
    if filters["kind"] in BranchKind.values:
        qs = qs.filter(kind=filters["kind"])
    if filters["society"].isdigit():
        qs = qs.filter(society_id=int(filters["society"]))
    if filters["q"].strip():
        qs = qs.filter(name__icontains=filters["q"].strip())
    if filters["overdue"]:
        qs = qs.filter(status=BranchStatus.RECTIFYING, rectification_deadline__lt=timezone.localdate())
    return qs, filters


def _secretary_society(request):
    reach = reach_of(request.user)
    wanted = request.GET.get("society") or request.POST.get("society_id")
    ids = sorted(reach.secretary_of)
    if wanted and wanted.isdigit() and int(wanted) in ids:
        return Society.objects.get(pk=int(wanted))
    if not ids:
        raise PermissionDenied
    return Society.objects.get(pk=ids[0])


@login_required
def branch_list(request):
    reach = reach_of(request.user)
    if not reach.is_staff_role:
        raise PermissionDenied
    qs, filters = _apply_filters(
        restrict(LIST_QS.order_by("society__code", "name"), request.user, VIEW), request.GET
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    societies = Society.objects.filter(pk__in=reach.secretary_of | reach.reviewer_of).only("pk", "name")
    return render(
        request,
        "branches/branch_list.html",
        {
            "page": page,
            "filters": filters,
            "kinds": BranchKind.choices,
            "statuses": BranchStatus.choices,
            "societies": societies if len(societies) > 1 else [],
            "may_propose": bool(reach.secretary_of),
            "ceilings": [
                (s, rules.ceiling_for(s)) for s in Society.objects.filter(pk__in=reach.secretary_of)
            ],
        },
    )


def _proposal_forms(request, society, branch=None):
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    resolution = getattr(branch, "resolution", None) if branch else None
    has_document = bool(resolution and resolution.document)
    return (
        BranchForm(
            data, instance=branch, society=society, lock_kind=bool(branch and branch.status != "proposed")
        ),
        ResolutionForm(data, files, instance=resolution, prefix="res", require_document=not has_document),
        ProposalExtraForm(data, initial={"over_ceiling_reason": getattr(branch, "over_ceiling_reason", "")}),
    )


@login_required
def branch_propose(request):
    society = _secretary_society(request)
    form, res_form, extra = _proposal_forms(request, society)
    if request.method == "POST" and form.is_valid() and res_form.is_valid() and extra.is_valid():
        submit_now = request.POST.get("intent") == "submit"
        data = {k: form.cleaned_data[k] for k in ("name", "kind", "business_scope", "purpose")}
        try:
            # refused → nothing written, not even the proposal, and its uploaded document is deleted
            with services.files_removed_on_failure(), transaction.atomic():
                branch = services.propose_branch(
                    actor=request.user,
                    society=society,
                    data=data,
                    resolution=res_form.data_dict(),
                    document=res_form.cleaned_data.get("document"),
                )
                if submit_now:
                    branch = services.submit_branch(
                        actor=request.user,
                        branch=branch,
                        over_ceiling_reason=extra.cleaned_data["over_ceiling_reason"],
                    )
        except DomainError as exc:
            for f in (form, res_form, extra):
                if exc.field in f.fields:
                    apply_domain_error(f, exc)
                    break
            else:
                apply_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("Proposal sent to CAST.") if submit_now else _("Proposal saved; submit it when ready."),
            )
            return redirect("branches:detail", pk=branch.pk)
    return render(
        request,
        "branches/branch_form.html",
        {
            "form": form,
            "res_form": res_form,
            "extra": extra,
            "society": society,
            "ceiling": rules.ceiling_for(society),
        },
    )


@login_required
@require_POST
def branch_check(request):
    """htmx: the rule problems (R-BR-01..04) of the proposal form as it stands."""
    pk = request.POST.get("editing_pk")
    branch = get_for(DETAIL_QS, request.user, CHANGE, pk=int(pk)) if pk and pk.isdigit() else None
    society = branch.society if branch else _secretary_society(request)
    form = BranchForm(request.POST, instance=branch, society=society)
    res_form = ResolutionForm(request.POST, prefix="res")
    found = []
    try:
        rules.check_no_nesting_keys(request.POST)
    except DomainError as exc:
        found.append({"rule": exc.rule, "field": exc.field, "message": str(exc.message)})
    candidate = Branch(
        pk=branch.pk if branch else None,
        society=society,
        name=request.POST.get("name", ""),
        kind=request.POST.get("kind", "branch"),
        business_scope=form.fields["business_scope"].to_python(request.POST.get("business_scope", "")),
    )
    resolution = res_form.save(commit=False) if res_form.is_valid() else None
    found += rules.problems(
        candidate, resolution, over_ceiling_reason=request.POST.get("over_ceiling_reason", "")
    )
    return render(request, "branches/partials/problems.html", {"problems": found, "checked": True})


@login_required
def branch_detail(request, pk):
    branch = get_for(DETAIL_QS, request.user, VIEW, pk=pk)
    user = request.user
    secretary = may(user, branch.society, CHANGE, cast=False)
    cast = may(user, None, DECIDE)
    resolution = BranchResolution.objects.filter(branch=branch).first()
    steps = []
    if secretary and branch.status == BranchStatus.PROPOSED:
        steps.append("submit")
    if cast:
        steps += [t.name for t in Branch.workflow.available(branch) if t.name != "submit"]
    context = {
        "b": branch,
        "resolution": resolution,
        "officers": branch.officers.select_related("person"),
        "assessments": branch.assessments.select_related("assessed_by"),
        "history": status_history(branch),
        "steps": steps,
        "may_edit": Branch.workflow.can_edit(branch, user),
        # services.add_officer / remove_officer: the society's secretariat or the branch's own officer
        "may_change_officers": may(user, branch, CHANGE, cast=False)
        and branch.status not in (BranchStatus.REVOKED, BranchStatus.REJECTED),
        "may_assess": (secretary or cast) and branch.status in STANDING,
        "officer_form": OfficerForm(),
        "problems": rules.problems(branch, resolution, over_ceiling_reason=branch.over_ceiling_reason)
        if branch.status == BranchStatus.PROPOSED
        else [],
        "ceiling": rules.ceiling_for(branch.society, exclude_pk=branch.pk)
        if branch.status in ("proposed", "submitted")
        else None,
    }
    return render(request, "branches/branch_detail.html", context)


@login_required
def branch_edit(request, pk):
    branch = get_for(DETAIL_QS, request.user, CHANGE, pk=pk)
    secretary = may(request.user, branch.society, CHANGE, cast=False)
    with_resolution = secretary and branch.status == BranchStatus.PROPOSED
    form, res_form, extra = _proposal_forms(request, branch.society, branch)
    if not may(request.user, branch.society, CHANGE):
        # A branch officer edits the descriptive fields; name and scope are the society's decision.
        for field in services.DEFINING_FIELDS:
            form.fields[field].disabled = True
    if request.method == "POST" and form.is_valid() and (not with_resolution or res_form.is_valid()):
        data = {
            k: form.cleaned_data[k]
            for k in ("name", "kind", "business_scope", "purpose")
            if k in form.changed_data
        }
        try:
            with services.files_removed_on_failure(), transaction.atomic():
                if data:
                    services.update_branch(actor=request.user, branch=branch, data=data)
                if with_resolution and (res_form.has_changed() or res_form.cleaned_data.get("document")):
                    services.save_resolution(
                        actor=request.user,
                        branch=branch,
                        data=res_form.data_dict(),
                        document=res_form.cleaned_data.get("document"),
                    )
        except DomainError as exc:
            target = res_form if exc.field in res_form.fields else form
            apply_domain_error(target, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("branches:detail", pk=branch.pk)
    return render(
        request,
        "branches/branch_form.html",
        {
            "form": form,
            "res_form": res_form if with_resolution else None,
            "extra": None,
            "society": branch.society,
            "b": branch,
        },
    )


STEPS = {
    "submit": services.submit_branch,
    "approve": services.approve_branch,
    "reject": services.reject_branch,
    "flag": services.flag_branch,
    "rectified": services.confirm_rectified,
    "revoke": services.revoke_branch,
}


def may_take_step(user, branch, step: str) -> bool:
    """The services' rule for each step: the society's secretariat submits its proposal
    (services._require_secretary); everything else is CAST's decision (DECIDE)."""
    if step == "submit":
        return may(user, branch.society, CHANGE, cast=False)
    return may(user, branch, DECIDE)


@login_required
def branch_step(request, pk, step):
    """GET: what will happen; POST: the service does it. Only those who may take the step see it."""
    if step not in STEPS:
        raise Http404
    branch = get_for(DETAIL_QS, request.user, VIEW, pk=pk)
    if not may_take_step(request.user, branch, step):  # the regulator reads the branch, never this screen
        raise PermissionDenied
    form = StepForm(
        request.POST if request.method == "POST" else None,
        initial={"deadline": services.default_rectification_deadline()},
    )
    if request.method == "POST" and form.is_valid():
        kwargs = {}
        if step == "submit":
            kwargs["over_ceiling_reason"] = form.cleaned_data["over_ceiling_reason"]
        else:
            kwargs["comment"] = form.cleaned_data["comment"]
        if step == "flag":
            kwargs["deadline"] = form.cleaned_data["deadline"]
        if response := run_service(
            request,
            form,
            lambda: STEPS[step](actor=request.user, branch=branch, **kwargs),
            _("Done."),
            safe_next(request, reverse("branches:detail", args=[branch.pk])),
        ):
            return response
    problems = []
    if step == "submit" and branch.status == BranchStatus.PROPOSED:
        resolution = BranchResolution.objects.filter(branch=branch).first()
        problems = rules.problems(branch, resolution, over_ceiling_reason="-")  # ceiling shown apart
    ceiling = (
        rules.ceiling_for(branch.society, exclude_pk=branch.pk) if step in ("submit", "approve") else None
    )
    return render(
        request,
        "branches/branch_step.html",
        {
            "b": branch,
            "form": form,
            "step": step,
            "problems": problems,
            "ceiling": ceiling,
            "next": request.GET.get("next", ""),
        },
    )


@login_required
def assessment_create(request, pk):
    branch = get_for(DETAIL_QS, request.user, VIEW, pk=pk)
    if not may(request.user, branch.society, CHANGE):  # services.record_assessment
        raise PermissionDenied
    form = AssessmentForm(request.POST or None)
    counts = None
    if (
        form.is_bound
        and form.is_valid()
        and (
            response := run_service(
                request,
                form,
                lambda: services.record_assessment(actor=request.user, branch=branch, **form.cleaned_data),
                _("Assessment recorded."),
                "branches:detail",
                pk=branch.pk,
            )
        )
    ):
        return response
    year = form.cleaned_data.get("year") if form.is_bound and hasattr(form, "cleaned_data") else None
    year = year or form.fields["year"].initial
    counts = services.activity_counts(branch, year)
    return render(
        request, "branches/assessment_form.html", {"b": branch, "form": form, "counts": counts, "year": year}
    )


@login_required
@require_POST
def officer_add(request, pk):
    branch = get_for(DETAIL_QS, request.user, CHANGE, pk=pk)
    if not may(request.user, branch, CHANGE, cast=False):  # services._require_runner, before the form
        raise PermissionDenied
    form = OfficerForm(request.POST)
    if form.is_valid():
        try:
            services.add_officer(actor=request.user, branch=branch, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Officer added."))
    else:
        messages.error(request, _("Give the officer's name and position."))
    return redirect("branches:detail", pk=branch.pk)


@login_required
def officer_remove(request, pk):
    officer = get_for(BranchOfficer.objects.select_related("branch__society"), request.user, CHANGE, pk=pk)
    if not may(request.user, officer.branch, CHANGE, cast=False):  # services._require_runner: not CAST's
        raise PermissionDenied
    if request.method == "POST":
        services.remove_officer(actor=request.user, officer=officer)
        messages.success(request, _("Officer removed."))
        return redirect("branches:detail", pk=officer.branch_id)
    return render(request, "branches/officer_remove.html", {"o": officer, "b": officer.branch})


@login_required
def resolution_document(request, pk):
    resolution = get_for(BranchResolution.objects.select_related("branch"), request.user, VIEW, branch_id=pk)
    if not resolution.document:
        raise Http404
    log_action("branches.resolution.downloaded", actor=request.user, obj=resolution.branch)
    return FileResponse(
        resolution.document.open("rb"), as_attachment=True, filename=resolution.document_name or None
    )


@login_required
def branch_import(request):
    society = _secretary_society(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            created = services.import_branches(
                actor=request.user, society=society, file=form.cleaned_data["file"]
            )
        except services.ImportRefused as exc:
            errors = exc.errors
            form.add_error(None, str(exc.message))
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("%(n)d branch proposals imported.") % {"n": len(created)})
            return redirect("branches:list")
    return render(
        request,
        "branches/import.html",
        {"form": form, "errors": errors, "society": society, "columns": services.import_columns()},
    )


def _require_cast_or_regulator(request):
    reach = reach_of(request.user)
    if not (reach.cast_admin or reach.regulator):
        raise PermissionDenied
    return reach


@login_required
def review_queue(request):
    """CAST's queue across societies (the regulator reads it); defaults to proposals awaiting review."""
    _require_cast_or_regulator(request)
    qs = restrict(LIST_QS.order_by("-needs_cast_attention", "submitted_at", "id"), request.user, VIEW)
    default = "" if request.GET.get("overdue") else BranchStatus.SUBMITTED
    qs, filters = _apply_filters(qs, request.GET, default_status=default)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "branches/review_queue.html",
        {
            "page": page,
            "filters": filters,
            "kinds": BranchKind.choices,
            "statuses": BranchStatus.choices,
            "societies": Society.objects.order_by("code").only("pk", "name"),
            "may_decide": may(request.user, None, DECIDE),
        },
    )


@login_required
def cleanup(request):
    """Clean-up candidates: long inactive, failed latest assessment, rectification past its deadline.
    One annotated query (plus the page count) whatever the number of branches."""
    _require_cast_or_regulator(request)
    reason = request.GET.get("reason", "")
    qs = selectors.cleanup_candidates(restrict(LIST_QS, request.user, VIEW), reason)
    if request.GET.get("society", "").isdigit():
        qs = qs.filter(society_id=int(request.GET["society"]))
    page = Paginator(qs.order_by("society__code", "name"), 50).get_page(request.GET.get("page"))
    labels = dict(AssessmentGrade.choices)
    for branch in page:
        branch.last_grade_label = labels.get(branch.last_grade, "")
    return render(
        request,
        "branches/cleanup.html",
        {
            "page": page,
            "reason": reason,
            "society": request.GET.get("society", ""),
            "societies": Society.objects.order_by("code").only("pk", "name"),
            "may_decide": may(request.user, None, DECIDE),
            "months": rules.inactivity_cutoff(),
        },
    )


@login_required
def cleanup_scan(request):
    """GET: what the scan does; POST: open R-BR-05 findings for long-inactive active branches."""
    if not may(request.user, None, DECIDE):
        raise PermissionDenied
    candidates = rules.long_inactive_branches(Branch.objects.filter(status=BranchStatus.ACTIVE))
    if request.method == "POST":
        opened = services.open_inactivity_findings(actor=request.user)
        messages.success(request, _("%(n)d branch offices put under rectification.") % {"n": len(opened)})
        return redirect("branches:cleanup")
    return render(
        request,
        "branches/cleanup_scan.html",
        {"count": candidates.count(), "deadline": services.default_rectification_deadline()},
    )


@login_required
def roster(request, society_pk):
    """The branch roster 分支机构名录 of one society: its standing branches with their officers. Open to CAST
    and the regulator, and to those the society's branches concern (its secretariat and Party reviewers; its
    branch officers, who see their own branch); anyone else is refused, not shown an empty roster."""
    society = get_for(Society.objects.all(), request.user, VIEW, pk=society_pk)
    reach = reach_of(request.user)
    concerned = reach.secretary_of | reach.reviewer_of | reach.officer_societies
    if not (reach.cast_admin or reach.regulator or society.pk in concerned):
        raise PermissionDenied
    qs = (
        restrict(LIST_QS, request.user, VIEW)
        .filter(society=society, status__in=STANDING)
        .prefetch_related("officers")
        .order_by("kind", "name")
    )
    return render(request, "branches/roster.html", {"society": society, "branches": qs})
