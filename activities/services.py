"""Every state change of a filing, one function each; web views, the API and tasks call these.

Mails are Celery tasks (activities.tasks) queued with core.mail.enqueue_on_commit: they run after the
change is committed and a failing mail server never undoes or breaks it."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.services import open_finding
from core.access import DECIDE, refuse_crossing, require
from core.audit import log_action
from core.errors import DomainError, TransitionNotAllowed
from core.mail import enqueue_on_commit
from core.roles import reach_of
from core.rule_settings import rule_setting
from party_building import gate

from . import rules, tasks
from .choices import ActivityKind, ActivityStatus
from .models import Activity, ActivityVersion

# The fields a secretary fills in; what a version snapshots and the reviewer diffs.
FILING_FIELDS = [
    "title",
    "kind",
    "branch",
    "role",
    "duties",
    "name_only",
    "partners",
    "starts_on",
    "ends_on",
    "location",
    "is_overseas",
    "scope_codes",
    "participants",
    "budget",
    "participant_fee",
    "fee_to_society",
    "requires_member_sponsorship",
    "foreign_partner",
    "foreign_donation",
    "foreign_affairs_approval_ref",
    "approval_ref",
]


def _can_file(user, society, branch) -> bool:
    reach = reach_of(user)
    if society.pk in reach.secretary_of:
        return True
    return branch is not None and branch.pk in reach.officer_of and branch.society_id == society.pk


def _require_filer(user, activity) -> None:
    if not _can_file(user, activity.society, activity.branch):
        raise PermissionDenied(
            _("Only the society's secretariat or the branch's officer files this activity.")
        )


def _require_reviewer(user, activity: Activity | None = None) -> None:
    """Reviewing filings is CAST's decision (DECIDE); `activity=None` for a batch."""
    require(user, activity, DECIDE, _("Only CAST administrators review filings."))


FILING_BRANCH_STATES = ("active", "rectifying")


def _apply_fields(activity, data: dict, actor=None) -> None:
    for field in FILING_FIELDS:
        if field in data:
            setattr(activity, field, data[field])
    branch = activity.branch if activity.branch_id else None
    if branch is not None and branch.society_id != activity.society_id:
        raise refuse_crossing(
            actor,
            _("The branch office belongs to another society."),
            field="branch",
            model=type(branch),
            value=branch,
            society=activity.society_id,
        )
    if branch is not None and branch.status not in FILING_BRANCH_STATES:
        raise DomainError(_("Only an active branch office files activities."), field="branch")


@transaction.atomic
def create_filing(*, actor, society, data: dict) -> Activity:
    activity = Activity(society=society, created_by=actor)
    _apply_fields(activity, data, actor)
    _require_filer(actor, activity)
    activity.full_clean(exclude=["created_by"])
    activity.save()
    log_action("activities.activity.created", actor=actor, obj=activity)
    return activity


@transaction.atomic
def update_filing(*, actor, activity: Activity, data: dict) -> Activity:
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    _require_filer(actor, locked)
    Activity.workflow.require_editable(
        locked, actor, _("Only the society's secretariat or the branch's officer files this activity.")
    )
    _apply_fields(locked, data, actor)
    _require_filer(actor, locked)
    locked.full_clean(exclude=["created_by"])
    locked.save()
    log_action("activities.activity.edited", actor=actor, obj=locked, data={"fields": sorted(data)})
    return locked


def snapshot(activity: Activity) -> dict:
    """The submitted content, attachments included (by name), as the reviewer diffs it."""
    out = {"attachments": sorted(activity.attachments.values_list("original_name", flat=True))}
    for field in FILING_FIELDS:
        value = getattr(activity, "branch_id" if field == "branch" else field)
        if isinstance(value, Decimal):
            value = str(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        out[field] = value
    return out


def submit_filing(*, actor, activity: Activity) -> Activity:
    """Check every rule, keep this version, mark lateness (finding), open the Party pre-review when the
    filing crosses a threshold (R-PB-02); overseas academic exchange is approved by the society at once
    (R-ACT-06)."""
    _require_filer(actor, activity)

    def check(locked):
        rules.refuse_if_any(locked)

    with transaction.atomic():
        late = rules.is_late(activity)
        submitted = Activity.workflow.apply(
            activity,
            "submit",
            actor=actor,
            check=check,
            changes={"is_late": late, "submitted_at": timezone.now()},
        )
        number = submitted.versions.count() + 1
        ActivityVersion.objects.create(
            activity=submitted, number=number, data=snapshot(submitted), submitted_by=actor
        )
        _open_matters(submitted, actor)
        if late:
            _late_finding(submitted, actor)
        if submitted.kind == ActivityKind.OVERSEAS_EXCHANGE and gate.is_cleared(submitted):
            submitted = Activity.workflow.apply(
                submitted,
                "approve",
                actor=actor,
                check=gate.ensure_cleared,
                comment=_("Simplified approval by the society (R-ACT-06), recorded for CAST."),
                data={"rule": "R-ACT-06"},
            )
        else:
            enqueue_on_commit(tasks.notify_filing_submitted, submitted.pk)
    return submitted


def _open_matters(activity: Activity, actor) -> None:
    """Open the Party pre-review each crossed threshold needs (R-PB-02), and withdraw the ones a
    resubmitted version no longer needs (the donation was dropped, the budget came down)."""
    needed = []
    if activity.foreign_donation and gate.needs_pre_review("large_donation", activity.foreign_donation, True):
        needed.append("large_donation")
        gate.require_matter(
            activity,
            kind="large_donation",
            society=activity.society,
            actor=actor,
            amount=activity.foreign_donation,
            is_foreign=True,
            title=_("Foreign donation for “%(title)s”") % {"title": activity.title},
        )
    if activity.budget and gate.needs_pre_review("large_expenditure", activity.budget):
        needed.append("large_expenditure")
        gate.require_matter(
            activity,
            kind="large_expenditure",
            society=activity.society,
            actor=actor,
            amount=activity.budget,
            title=_("Expenditure for “%(title)s”") % {"title": activity.title},
        )
    gate.withdraw_obsolete(activity, keep_kinds=needed, actor=actor)


def _late_finding(activity: Activity, actor) -> None:
    open_finding(
        rule="R-ACT-02",
        severity="warning",
        society=activity.society,
        subject=activity,
        actor=actor,
        message=_("“%(title)s” was filed after %(deadline)s, less than %(days)s days before it starts.")
        % {
            "title": activity.title,
            "deadline": rules.lead_time_deadline(activity),
            "days": rule_setting("activity_lead_days"),
        },
        facts={
            "starts_on": activity.starts_on.isoformat(),
            "submitted_at": (activity.submitted_at or timezone.now()).isoformat(),
        },
    )


def approve_filing(*, actor, activity: Activity, comment: str = "") -> Activity:
    _require_reviewer(actor, activity)
    approved = Activity.workflow.apply(
        activity,
        "approve",
        actor=actor,
        comment=comment,
        check=gate.ensure_cleared,
    )
    enqueue_on_commit(tasks.notify_filing_decided, approved.pk, ActivityStatus.APPROVED.value)
    return approved


def return_filing(*, actor, activity: Activity, comment: str) -> Activity:
    _require_reviewer(actor, activity)
    decided = Activity.workflow.apply(
        activity,
        "return",
        actor=actor,
        comment=comment,
    )
    enqueue_on_commit(tasks.notify_filing_decided, decided.pk, ActivityStatus.RETURNED.value)
    return decided


def reject_filing(*, actor, activity: Activity, comment: str) -> Activity:
    _require_reviewer(actor, activity)
    decided = Activity.workflow.apply(
        activity,
        "reject",
        actor=actor,
        comment=comment,
    )
    enqueue_on_commit(tasks.notify_filing_decided, decided.pk, ActivityStatus.REJECTED.value)
    return decided


def is_clean(activity: Activity) -> bool:
    """A filing CAST may approve in bulk: submitted, on time, no rule problem, no pending pre-review."""
    return (
        activity.status == ActivityStatus.SUBMITTED
        and not activity.is_late
        and not rules.problems(activity)
        and gate.is_cleared(activity)
    )


def bulk_approve(*, actor, activities, comment: str = "") -> tuple[list[Activity], list[Activity]]:
    """Approve the clean filings among `activities`, each in its own transaction.

    Returns (approved, skipped)."""
    _require_reviewer(actor)
    approved, skipped = [], []
    for activity in activities:
        if is_clean(activity):
            approved.append(approve_filing(actor=actor, activity=activity, comment=comment))
        else:
            skipped.append(activity)
    return approved, skipped


@transaction.atomic
def duplicate_filing(*, actor, activity: Activity) -> Activity:
    """A new draft with the same content, for an activity held again (dates to be changed)."""
    _require_filer(actor, activity)
    copy = Activity(society=activity.society, created_by=actor)
    for field in FILING_FIELDS:
        setattr(copy, field, getattr(activity, field))
    copy.title = _("%(title)s (copy)") % {"title": activity.title}
    copy.save()
    log_action("activities.activity.duplicated", actor=actor, obj=copy, data={"from": activity.pk})
    return copy


@transaction.atomic
def record_summary(*, actor, activity: Activity, actual_participants: int, summary: str) -> Activity:
    """After an approved activity ends, the secretary records what actually happened."""
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    _require_filer(actor, locked)
    if locked.status != ActivityStatus.APPROVED:
        raise TransitionNotAllowed(
            _("Only a filed (approved) activity gets a summary."), status=locked.status
        )
    if locked.ends_on > timezone.localdate():
        raise DomainError(_("The summary is recorded after the activity has ended."), field="summary")
    if actual_participants is None or actual_participants < 0:
        raise DomainError(_("Give the actual number of participants."), field="actual_participants")
    locked.actual_participants = actual_participants
    locked.summary = summary
    locked.save(update_fields=["actual_participants", "summary"])
    log_action(
        "activities.activity.summarized",
        actor=actor,
        obj=locked,
        data={"actual_participants": actual_participants},
    )
    return locked
