"""Opening and following up compliance findings; rules, sweeps, views and the API call these."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import ADMIN, CHANGE, DECIDE, require
from core.audit import log_action
from core.errors import DomainError
from core.mail import enqueue_on_commit
from core.uploads import check_document

from . import engine, tasks
from .choices import UNRESOLVED, FindingStatus, SweepStatus, SweepTrigger
from .models import Evidence, Finding, Sweep


def _subject_lookup(subject) -> dict:
    if subject is None:
        return {"content_type__isnull": True, "object_id__isnull": True}
    ct = ContentType.objects.get_for_model(subject, for_concrete_model=False)
    return {"content_type": ct, "object_id": str(subject.pk)}


def unresolved_for(*, rule: str, subject=None, society=None):
    """The unresolved findings of `rule` about `subject` (or, with no subject, about `society`)."""
    qs = Finding.objects.filter(rule=rule, status__in=UNRESOLVED, **_subject_lookup(subject))
    if subject is None and society is not None:
        qs = qs.filter(society=society)
    return qs


def open_finding(
    *, rule, severity, society, subject=None, message, deadline=None, actor=None, facts=None
) -> Finding:
    """Open a finding, or return the unresolved one already open for the same rule and subject
    (idempotent: a sweep that runs every night does not pile up duplicates). Audited."""
    existing = unresolved_for(rule=rule, subject=subject, society=society).first()
    if existing is not None:
        return existing
    lookup = _subject_lookup(subject)
    finding = Finding(
        rule=rule,
        severity=severity,
        society=society,
        content_type=lookup.get("content_type"),
        object_id=lookup.get("object_id"),
        message=str(message),
        facts=facts or {},
        deadline=deadline,
        opened_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            finding.save()
            log_action(
                "compliance.finding.opened",
                actor=actor,
                obj=finding,
                to_status=finding.status,
                data={"rule": rule, "severity": severity, "facts": finding.facts},
            )
    except IntegrityError:  # another process opened it in the meantime
        return unresolved_for(rule=rule, subject=subject, society=society).get()
    return finding


def _require_society_side(actor, finding: Finding) -> None:
    require(actor, finding, CHANGE, _("Only the society's secretariat or CAST follows up this finding."))


def _require_cast(actor, finding: Finding) -> None:
    require(actor, finding, DECIDE, _("Only CAST administrators close findings."))


def acknowledge(*, actor, finding: Finding, comment: str = "") -> Finding:
    """The society has seen the finding and will act on it."""
    _require_society_side(actor, finding)
    return Finding.workflow.apply(finding, "acknowledge", actor=actor, comment=comment)


def rectify(*, actor, finding: Finding, rectification: str, deadline=None) -> Finding:
    """The society writes what it did (or is doing) to put the finding right; CAST then resolves it or
    returns it. Evidence is uploaded beside it (`add_evidence`)."""
    _require_society_side(actor, finding)
    text = (rectification or "").strip()
    if not text:
        raise DomainError(_("Describe the rectification."), field="rectification")
    changes: dict = {"rectification": text}
    if deadline:
        changes["deadline"] = deadline
    return Finding.workflow.apply(finding, "rectify", actor=actor, comment=text, changes=changes)


def send_back(*, actor, finding: Finding, reason: str) -> Finding:
    """CAST returns a rectification that does not yet put the finding right (reason required)."""
    _require_cast(actor, finding)
    return Finding.workflow.apply(finding, "send_back", actor=actor, comment=(reason or "").strip())


@transaction.atomic
def add_evidence(*, actor, finding: Finding, upload) -> Evidence:
    """A document showing the rectification (PDF, image or Office file, checked by its content)."""
    _require_society_side(actor, finding)
    if not finding.is_unresolved:
        raise DomainError(_("This finding is closed; evidence can no longer be added."), field="file")
    content_type = check_document(upload, field="file")
    evidence = Evidence(
        finding=finding,
        original_name=upload.name[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    evidence.file.save(upload.name, upload, save=False)
    evidence.save()
    log_action(
        "compliance.finding.evidence_added",
        actor=actor,
        obj=finding,
        data={"name": evidence.original_name, "type": content_type, "size": upload.size},
    )
    return evidence


# A sweep still queued or running after this long lost its worker (the task's time limit is 50 min).
SWEEP_STALE_AFTER = timedelta(hours=1)


def resume_sweep(*, actor, sweep: Sweep) -> Sweep:
    """Run an unfinished sweep again (its worker was killed or the broker lost it): it carries on after
    its last finished check (compliance.engine.run)."""
    require(actor, sweep.society, CHANGE) if sweep.society_id else require(actor, None, ADMIN)
    if sweep.is_finished:
        raise DomainError(_("This sweep has finished."), field="status")
    log_action("compliance.sweep.resumed", actor=actor, obj=sweep)
    enqueue_on_commit(tasks.run_sweep, sweep.pk)
    return sweep


def start_sweep(*, actor, society=None, trigger: str = SweepTrigger.MANUAL) -> Sweep:
    """Queue a sweep of every society (CAST administrators) or of one (also its secretariat, to see
    at once that a fix took). The worker runs it (compliance.tasks.run_sweep) once this commits."""
    if society is None:
        require(actor, None, ADMIN, _("Only CAST administrators sweep every society."))
    else:
        require(actor, society, CHANGE, _("Only the society's secretariat or CAST re-checks this society."))
    running = Sweep.objects.filter(
        society=society,
        status__in=[SweepStatus.QUEUED, SweepStatus.RUNNING],
        created_at__gte=timezone.now() - SWEEP_STALE_AFTER,
    ).first()
    if running is not None and trigger != SweepTrigger.SCHEDULE:
        return running  # one at a time for the same population: a second click shows the first
    sweep = engine.new_sweep(actor=actor, society=society, trigger=trigger)
    enqueue_on_commit(tasks.run_sweep, sweep.pk)
    return sweep


def resolve(*, actor, finding: Finding, comment: str = "") -> Finding:
    _require_cast(actor, finding)
    return Finding.workflow.apply(
        finding,
        "resolve",
        actor=actor,
        comment=comment,
        changes={"resolved_at": timezone.now(), "closing_comment": comment},
    )


def dismiss(*, actor, finding: Finding, reason: str) -> Finding:
    """Close a finding as not a problem after all; the reason is required and kept."""
    _require_cast(actor, finding)
    if not (reason or "").strip():
        raise DomainError(_("Give the reason for dismissing this finding."), field="reason")
    return Finding.workflow.apply(
        finding,
        "dismiss",
        actor=actor,
        comment=reason,
        changes={"resolved_at": timezone.now(), "closing_comment": reason},
    )


def resolve_all_for(*, actor, rule: str, subject, comment: str = "") -> list[Finding]:
    """Resolve every unresolved finding of `rule` about `subject` (the thing was put right)."""
    return [
        resolve(actor=actor, finding=f, comment=comment) for f in unresolved_for(rule=rule, subject=subject)
    ]


def mark_rectifying(*, actor, rule: str, subject, deadline=None, comment: str = "") -> list[Finding]:
    out = []
    for finding in unresolved_for(rule=rule, subject=subject).exclude(status=FindingStatus.RECTIFYING):
        out.append(
            Finding.workflow.apply(
                finding,
                "rectify",
                actor=actor,
                comment=comment,
                changes={"deadline": deadline} if deadline else None,
            )
        )
    return out
