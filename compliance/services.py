"""Opening and following up compliance findings; rules, sweeps, views and the API call these."""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import CHANGE, DECIDE, require
from core.audit import log_action
from core.errors import DomainError

from .choices import UNRESOLVED, FindingStatus
from .models import Finding


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


def rectify(*, actor, finding: Finding, comment: str = "", deadline=None) -> Finding:
    """Rectification is under way (e.g. the branch was put under rectification with a deadline)."""
    _require_society_side(actor, finding)
    changes = {"deadline": deadline} if deadline else None
    return Finding.workflow.apply(finding, "rectify", actor=actor, comment=comment, changes=changes)


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
