"""Filing pages: my filings, the filing form with inline rule checks, the review queue, the review page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.models import Branch
from core.access import CHANGE, DECIDE, VIEW, get_for, may, restrict
from core.audit import status_history
from core.errors import DomainError
from core.forms import apply_domain_error, parse_id, run_service
from core.messages import cast_reviewers, outcome
from core.roles import reach_of
from core.rule_settings import rule_setting
from core.uploads import files_with_held, keep_uploads
from core.views import safe_next
from party_building import gate
from societies.models import Society

from . import attachments, rules, services
from .choices import ActivityStatus
from .forms import ActivityForm, AttachmentForm, DecisionForm, FilingAttachmentsForm, SummaryForm
from .models import Activity, Attachment
from .tables import FilingTable, ReviewTable
from .versions import version_diffs

LIST_QS = Activity.objects.select_related("society", "branch")


def _filing_society(request):
    """The society a new filing is for: the secretary's (or ?society=), else the branch officer's."""
    reach = reach_of(request.user)
    candidates = sorted(reach.secretary_of | reach.officer_societies)
    wanted = request.GET.get("society") or request.POST.get("society_id")
    if (wanted_id := parse_id(wanted)) is not None and wanted_id in candidates:
        return Society.objects.get(pk=wanted_id)
    if not candidates:
        raise PermissionDenied
    return Society.objects.get(pk=candidates[0])


def _branches_for(request, society):
    reach = reach_of(request.user)
    qs = Branch.objects.filter(society=society, status="active")
    if society.pk not in reach.secretary_of:
        qs = qs.filter(pk__in=reach.officer_of)
    return qs


@login_required
def filing_list(request):
    if not reach_of(request.user).is_staff_role:  # a member files nothing: no filings page
        raise PermissionDenied
    table = FilingTable(request, restrict(LIST_QS, request.user, VIEW))
    if (download := table.export_response()) is not None:
        return download
    reach = reach_of(request.user)
    return render(
        request,
        "activities/filing_list.html",
        {"table": table, "page": table.page, "may_file": bool(reach.secretary_of or reach.officer_of)},
    )


@login_required
def review_queue(request):
    """CAST's queue across societies; regulators read it. Defaults to filings awaiting review."""
    reach = reach_of(request.user)
    if not (reach.cast_admin or reach.regulator):
        raise PermissionDenied
    params = request.GET.copy()
    params.setdefault("status", ActivityStatus.SUBMITTED)
    table = ReviewTable(request, restrict(LIST_QS, request.user, VIEW), params=params)
    if (download := table.export_response()) is not None:
        return download
    return render(request, "activities/review_queue.html", {"table": table, "page": table.page})


BULK_LIMIT = 200  # filings approved in one confirmation (a page of the queue holds at most 100)


@login_required
def bulk_approve(request):
    """GET: the confirmation page — the selected filings, which are clean and will be approved, which are
    not and stay for individual review (and why). POST: approves the clean ones (services.bulk_approve)."""
    if not may(request.user, None, DECIDE):
        raise PermissionDenied
    source = request.POST if request.method == "POST" else request.GET
    ids = [i for i in map(parse_id, source.getlist("ids")) if i is not None][:BULK_LIMIT]
    chosen = restrict(LIST_QS, request.user, VIEW).filter(pk__in=ids).order_by("submitted_at", "pk")
    back = safe_next(request, reverse("activities:review"))
    if request.method == "POST":
        approved, skipped = services.bulk_approve(actor=request.user, activities=chosen)
        messages.success(request, _("%(n)d filings approved.") % {"n": len(approved)})
        if skipped:
            messages.warning(
                request,
                _(
                    "%(n)d filings were not clean (late, rule problems or pending pre-review) and "
                    "were left for individual review."
                )
                % {"n": len(skipped)},
            )
        return redirect(back)
    filings = [(a, services.is_clean(a)) for a in chosen]
    return render(
        request,
        "activities/bulk_approve.html",
        {
            "filings": filings,
            "clean": sum(1 for _a, ok in filings if ok),
            "next": back,
        },
    )


def _form_context(request, form, society, activity=None, att_form=None):
    if att_form is not None:
        keep_uploads(att_form, user=request.user)  # chosen attachments survive an error elsewhere
    return {
        "form": form,
        "att_form": att_form,
        "society": society,
        "activity": activity,
        "discipline_options": ActivityForm.discipline_options(),
    }


def _attachments_form(request):
    """The attachments chosen on the filing form, with those held from a refused submit."""
    if request.method != "POST":
        return FilingAttachmentsForm()
    return FilingAttachmentsForm(request.POST, files_with_held(request, ["att-files"]))


def _save_filing(request, form, att_form, save):
    """`save()` (create or update), then attach the chosen files, all or nothing; the filing, or None
    with the refusal on the form."""
    try:
        with transaction.atomic():
            activity = save()
            for upload in att_form.cleaned_data["files"]:
                attachments.add_attachment(actor=request.user, activity=activity, upload=upload)
    except (DomainError, ValidationError) as exc:
        apply_domain_error(form, exc)
        return None
    return activity


def _saved_message(activity, att_form, text) -> str:
    n = len(att_form.cleaned_data["files"])
    if not n:
        return text
    return _("%(text)s %(n)d attachments added.") % {"text": text, "n": n}


@login_required
def filing_create(request):
    society = _filing_society(request)
    form = ActivityForm(request.POST or None, society=society, branches=_branches_for(request, society))
    att_form = _attachments_form(request)
    if request.method == "POST" and form.is_valid() and att_form.is_valid():
        data = dict(form.cleaned_data.items())
        activity = _save_filing(
            request,
            form,
            att_form,
            lambda: services.create_filing(actor=request.user, society=society, data=data),
        )
        if activity is not None:
            text = _("Draft “%(title)s” saved. Check it and submit it for filing.") % {
                "title": activity.title
            }
            messages.success(request, _saved_message(activity, att_form, text))
            return redirect("activities:detail", pk=activity.pk)
    return render(
        request, "activities/filing_form.html", _form_context(request, form, society, att_form=att_form)
    )


@login_required
def filing_edit(request, pk):
    activity = get_for(LIST_QS, request.user, CHANGE, pk=pk)
    form = ActivityForm(
        request.POST or None,
        instance=activity,
        society=activity.society,
        branches=_branches_for(request, activity.society),
    )
    att_form = _attachments_form(request)
    if request.method == "POST" and form.is_valid() and att_form.is_valid():
        saved = _save_filing(
            request,
            form,
            att_form,
            lambda: services.update_filing(actor=request.user, activity=activity, data=form.cleaned_data),
        )
        if saved is not None:
            text = _("Changes to filing “%(title)s” saved.") % {"title": saved.title}
            messages.success(request, _saved_message(saved, att_form, text))
            return redirect("activities:detail", pk=activity.pk)
    return render(
        request,
        "activities/filing_form.html",
        _form_context(request, form, activity.society, activity, att_form=att_form),
    )


@login_required
@require_POST
def filing_check(request):
    """htmx: the rule problems of the form as it stands, before submit."""
    pk_id = parse_id(request.POST.get("activity_id"))
    instance = get_for(LIST_QS, request.user, CHANGE, pk=pk_id) if pk_id is not None else None
    society = instance.society if instance else _filing_society(request)
    form = ActivityForm(
        request.POST, instance=instance, society=society, branches=_branches_for(request, society)
    )
    found, late = [], False
    if form.is_valid():
        candidate = form.save(commit=False)
        candidate.society = society
        found = rules.problems(candidate)
        late = candidate.starts_on and rules.is_late(candidate)
    return render(
        request,
        "activities/partials/problems.html",
        {
            "problems": found,
            "form": form,
            "late": late,
            "checked": True,
            "lead_days": rule_setting("activity_lead_days"),
        },
    )


@login_required
def filing_detail(request, pk):
    activity = get_for(LIST_QS, request.user, VIEW, pk=pk)
    context = {
        "a": activity,
        "history": status_history(activity),
        "versions": version_diffs(activity),
        "attachments": activity.attachments.all(),
        "problems": rules.problems(activity) if Activity.workflow.is_editable(activity) else [],
        "may_file": services._can_file(request.user, activity.society, activity.branch),
        "may_review": may(request.user, None, DECIDE),
        "matter": gate.matter_for(activity),
        "attachment_form": AttachmentForm(),
        "next_id": None,
    }
    if context["may_review"] and activity.status == ActivityStatus.SUBMITTED:
        following = (
            restrict(Activity.objects.filter(status=ActivityStatus.SUBMITTED), request.user)
            .exclude(pk=activity.pk)
            .order_by("submitted_at", "id")
            .values_list("pk", flat=True)
            .first()
        )
        context["next_id"] = following
    return render(request, "activities/filing_detail.html", context)


def step_message(step: str, activity: Activity) -> str:
    """What happened, naming the filing and who the mail went to (core.messages)."""
    title = {"title": activity.title}
    if step == "submit":
        return outcome(
            _("Filing “%(title)s” submitted for CAST's review.") % title, notified=cast_reviewers()
        )
    text = {
        "approve": _("Filing “%(title)s” approved (filed)."),
        "return": _("Filing “%(title)s” returned for changes, with your reason."),
        "reject": _("Filing “%(title)s” rejected."),
    }[step] % title
    filer = activity.created_by if activity.created_by_id and activity.created_by.email else None
    return outcome(text, notified=[filer] if filer else [])


STEPS = {
    "submit": (services.submit_filing, False),
    "approve": (services.approve_filing, True),
    "return": (services.return_filing, True),
    "reject": (services.reject_filing, True),
}


@login_required
def filing_step(request, pk, step):
    """GET: what will happen (and a comment box); POST: the service does it."""
    if step not in STEPS:
        raise Http404
    service, takes_comment = STEPS[step]
    activity = get_for(LIST_QS, request.user, VIEW, pk=pk)
    # The services' rule, before the page: the filers submit (services._require_filer); CAST decides
    # (DECIDE). The regulator and Party reviewers read the filing, never these screens.
    if step == "submit":
        allowed = services._can_file(request.user, activity.society, activity.branch)
    else:
        allowed = may(request.user, activity, DECIDE)
    if not allowed:
        raise PermissionDenied
    form = DecisionForm(request.POST or None)
    problems = rules.problems(activity) if step == "submit" else []
    if request.method == "POST" and form.is_valid():
        kwargs = {"comment": form.cleaned_data["comment"]} if takes_comment else {}
        try:
            service(actor=request.user, activity=activity, **kwargs)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, step_message(step, activity))
            nxt = parse_id(request.POST.get("next_id"))
            if nxt is not None and step != "submit":
                return redirect("activities:detail", pk=nxt)
            return redirect("activities:detail", pk=activity.pk)
    return render(
        request,
        "activities/filing_step.html",
        {
            "a": activity,
            "step": step,
            "form": form,
            "takes_comment": takes_comment,
            "problems": problems,
            "late": step == "submit" and rules.is_late(activity),
            "lead_days": rule_setting("activity_lead_days"),
            "may_edit": step == "submit" and Activity.workflow.is_editable(activity),
            "next_id": request.GET.get("next_id", ""),
        },
    )


@login_required
@require_POST
def filing_duplicate(request, pk):
    activity = get_for(LIST_QS, request.user, VIEW, pk=pk)
    copy = services.duplicate_filing(actor=request.user, activity=activity)
    messages.success(request, _("A new draft was made from this filing; change its dates before submitting."))
    return redirect("activities:edit", pk=copy.pk)


@login_required
def filing_summary(request, pk):
    activity = get_for(LIST_QS, request.user, CHANGE, pk=pk)
    form = SummaryForm(
        request.POST or None,
        initial={"actual_participants": activity.actual_participants, "summary": activity.summary},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            response := run_service(
                request,
                form,
                lambda: services.record_summary(actor=request.user, activity=activity, **form.cleaned_data),
                _("Summary recorded."),
                "activities:detail",
                pk=activity.pk,
            )
        )
    ):
        return response
    return render(request, "activities/filing_summary.html", {"a": activity, "form": form})


@login_required
@require_POST
def attachment_upload(request, pk):
    activity = get_for(LIST_QS, request.user, CHANGE, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachments.add_attachment(
                actor=request.user, activity=activity, upload=form.cleaned_data["file"]
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Attachment added."))
    else:
        messages.error(request, _("Choose a file to upload."))
    return redirect("activities:detail", pk=activity.pk)


@login_required
def attachment_download(request, pk):
    attachment = get_for(Attachment.objects.select_related("activity"), request.user, VIEW, pk=pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
