"""A society's branches: the list, the proposal form with its resolution and inline rule checks
(R-BR-01..04), the branch page and its edit form, the resolution document, the CSV import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import CHANGE, DECIDE, VIEW, get_for, may, restrict
from core.audit import log_action, status_history
from core.errors import DomainError
from core.forms import apply_domain_error, parse_id
from core.roles import reach_of
from core.uploads import files_with_held, keep_uploads
from societies.models import Society

from .. import rules, services
from ..choices import STANDING, BranchStatus
from ..forms import (
    BranchForm,
    ImportForm,
    OfficerForm,
    ProposalExtraForm,
    ResolutionForm,
)
from ..models import Branch, BranchResolution
from ..tables import BranchTable
from .common import DETAIL_QS, LIST_QS, _secretary_society


@login_required
def branch_list(request):
    reach = reach_of(request.user)
    if not reach.is_staff_role:
        raise PermissionDenied
    table = BranchTable(request, restrict(LIST_QS, request.user, VIEW))
    if (download := table.export_response()) is not None:
        return download
    return render(
        request,
        "branches/branch_list.html",
        {
            "table": table,
            "page": table.page,
            "may_propose": bool(reach.secretary_of),
            "ceilings": [
                (s, rules.ceiling_for(s)) for s in Society.objects.filter(pk__in=reach.secretary_of)
            ],
        },
    )


def _proposal_forms(request, society, branch=None):
    data = request.POST if request.method == "POST" else None
    # a resolution document uploaded before a validation error comes back from the held store
    files = files_with_held(request, ["res-document"]) if request.method == "POST" else None
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
            "held": keep_uploads(res_form, user=request.user),
        },
    )


@login_required
@require_POST
def branch_check(request):
    """htmx: the rule problems (R-BR-01..04) of the proposal form as it stands."""
    pk = parse_id(request.POST.get("editing_pk"))
    branch = get_for(DETAIL_QS, request.user, CHANGE, pk=pk) if pk is not None else None
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
            "held": keep_uploads(res_form, user=request.user) if with_resolution else {},
        },
    )


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
