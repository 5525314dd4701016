"""The compliance engine: runs every registered check (compliance.registry) over the population and
reconciles the findings with what it found.

For each check, in one transaction: subjects that fail and have no unresolved finding get one (opened by
this sweep, deadline by severity); subjects already known are left alone, so running twice changes
nothing; findings this engine opened earlier whose condition no longer holds are resolved, recorded as
resolved by this sweep. A subject CAST dismissed for a rule is not reopened for it. After the checks,
overdue findings escalate one severity level, once.

Each check commits with the sweep's progress and its name in `checks_done`, so a worker killed mid-sweep
loses at most the check it was on, and running the same sweep again carries on from there. The number
of queries depends on the number of checks, not on the number of societies or findings (bulk inserts,
bulk updates, one INSERT of audit entries per step).
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.audit import log_action, log_actions
from core.rule_settings import rule_setting

from .choices import ESCALATES_TO, UNRESOLVED, FindingStatus, SweepStatus
from .models import Finding, Sweep
from .registry import Check, Hit, Scope, checks

log = logging.getLogger(__name__)

Key = tuple  # (content type id, object id) for an object, (None, society id) for a society as a whole


def deadline_days(check: Check) -> int:
    return int(rule_setting(check.deadline_setting or f"finding_days_{check.severity}"))


def scope_of(sweep: Sweep) -> Scope:
    ids = frozenset([sweep.society_id]) if sweep.society_id else None
    return Scope(today=timezone.localdate(), society_ids=ids)


def _in_scope(queryset, scope: Scope):
    return scope.societies(queryset, "society_id")


def _content_type_id(check: Check) -> int | None:
    if check.model is None:
        return None
    return ContentType.objects.get_for_model(check.model, for_concrete_model=False).pk


def _key_of_row(content_type_id, object_id, society_id) -> Key:
    return (None, society_id) if content_type_id is None else (content_type_id, object_id)


def _stored_message(check: Check, facts: dict) -> str:
    """The message as stored (searchable, API): in the site's language; pages render it anew in theirs."""
    with translation.override(settings.LANGUAGE_CODE):
        return check.render(facts)


def reconcile(check: Check, scope: Scope, sweep: Sweep | None) -> dict:
    """Open, keep and resolve the findings of one check. Returns the counts for the sweep's stats."""
    ct = _content_type_id(check)
    hits: dict[Key, Hit] = {}
    for hit in check.find(scope):
        hits.setdefault((None, hit.society_id) if ct is None else (ct, str(hit.pk)), hit)
    known = _in_scope(Finding.objects.filter(rule=check.rule, content_type_id=ct), scope).filter(
        Q(status__in=UNRESOLVED) | Q(status=FindingStatus.DISMISSED)
    )
    seen: set[Key] = set()
    engine_opened: dict[Key, int] = {}
    for pk, ct, obj, soc, status, by_sweep in known.values_list(
        "pk", "content_type_id", "object_id", "society_id", "status", "opened_by_sweep_id"
    ):
        key = _key_of_row(ct, obj, soc)
        seen.add(key)
        if status in UNRESOLVED and by_sweep is not None:
            engine_opened[key] = pk

    deadline = scope.today + timedelta(days=deadline_days(check))
    new = [
        Finding(
            rule=check.rule,
            severity=check.severity,
            society_id=hit.society_id,
            content_type_id=key[0],
            object_id=key[1] if key[0] is not None else None,
            message=_stored_message(check, hit.facts),
            facts=hit.facts,
            deadline=deadline,
            opened_by_sweep=sweep,
        )
        for key, hit in hits.items()
        if key not in seen
    ]
    created = Finding.objects.bulk_create(new, batch_size=1000)
    log_actions(
        [
            {
                "action": "compliance.finding.opened",
                "actor": None,
                "obj": finding,
                "to_status": finding.status,
                "data": {"rule": check.rule, "severity": check.severity, "sweep": sweep and sweep.pk},
            }
            for finding in created
        ]
    )
    if check.on_open is not None and created and ct is not None:
        check.on_open([finding.object_id for finding in created], deadline)
    gone = [pk for key, pk in engine_opened.items() if key not in hits]
    resolved = []
    if gone:
        comment = (
            _("Resolved by sweep #%(n)s: the condition no longer holds.") % {"n": sweep.pk}
            if sweep
            else _("Resolved by the compliance check: the condition no longer holds.")
        )
        resolved = Finding.workflow.apply_to_all(
            Finding.objects.filter(pk__in=gone),
            "resolve",
            actor=None,
            comment=comment,
            changes={"resolved_at": timezone.now(), "closing_comment": comment, "resolved_by_sweep": sweep},
            data={"sweep": sweep and sweep.pk},
        )
    return {
        "failing": len(hits),
        "failing_societies": len({h.society_id for h in hits.values()}),
        "opened": len(created),
        "resolved": len(resolved),
    }


def escalate_overdue(scope: Scope, sweep: Sweep | None) -> int:
    """Unresolved findings past their deadline escalate once: one severity level up (a violation stays
    one), with the time recorded; the badge, the digest and the dashboard show them as overdue."""
    overdue = list(
        _in_scope(Finding.objects, scope)
        .filter(status__in=UNRESOLVED, deadline__lt=scope.today, escalated_at__isnull=True)
        .select_for_update(of=("self",))
    )
    if not overdue:
        return 0
    now = timezone.now()
    for severity in {f.severity for f in overdue}:
        pks = [f.pk for f in overdue if f.severity == severity]
        Finding.objects.filter(pk__in=pks).update(
            escalated_at=now, severity=ESCALATES_TO.get(severity, severity)
        )
    log_actions(
        [
            {
                "action": "compliance.finding.escalated",
                "actor": None,
                "obj": f,
                "data": {
                    "from": f.severity,
                    "to": str(ESCALATES_TO.get(f.severity, f.severity)),
                    "deadline": f.deadline.isoformat(),
                    "sweep": sweep and sweep.pk,
                },
            }
            for f in overdue
        ]
    )
    return len(overdue)


def new_sweep(*, actor, society, trigger) -> Sweep:
    """The job row of a sweep about to run (who asked, for which population), audited."""
    with transaction.atomic():
        sweep = Sweep.objects.create(
            society=society,
            trigger=trigger,
            requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        log_action(
            "compliance.sweep.started",
            actor=actor,
            obj=sweep,
            data={"society": society and society.pk, "trigger": str(trigger)},
        )
    return sweep


def run(sweep_pk: int) -> Sweep:
    """Run (or carry on) one sweep. Safe to call again for the same sweep: a finished one is returned
    as it is; a running one (its worker died) resumes after its last committed check."""
    sweep = Sweep.objects.get(pk=sweep_pk)
    if sweep.is_finished:
        return sweep
    Sweep.objects.filter(pk=sweep.pk).update(
        status=SweepStatus.RUNNING, started_at=sweep.started_at or timezone.now()
    )
    scope = scope_of(sweep)
    all_checks = checks()
    steps = len(all_checks) + 1
    try:
        for check in all_checks:
            if check.id in sweep.checks_done:
                continue
            _run_check(sweep, check, scope, steps)
            if settings.COMPLIANCE_SWEEP_PAUSE:
                time.sleep(settings.COMPLIANCE_SWEEP_PAUSE)
        with transaction.atomic():
            escalated = escalate_overdue(scope, sweep)
            open_after = _in_scope(Finding.objects.filter(status__in=UNRESOLVED), scope).count()
            Sweep.objects.filter(pk=sweep.pk).update(
                status=SweepStatus.DONE,
                progress=100,
                findings_escalated=escalated,
                open_after=open_after,
                finished_at=timezone.now(),
            )
    except Exception as exc:
        log.exception("compliance sweep %s failed", sweep.pk)
        sweep.record_failure(exc)
        raise
    sweep.refresh_from_db()
    return sweep


def _run_check(sweep: Sweep, check: Check, scope: Scope, steps: int) -> None:
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                counts = reconcile(check, scope, sweep)
                sweep.checks_done = [*sweep.checks_done, check.id]
                sweep.stats = {**sweep.stats, check.id: counts}
                sweep.findings_opened += counts["opened"]
                sweep.findings_resolved += counts["resolved"]
                sweep.progress = min(99, round(100 * len(sweep.checks_done) / steps))
                sweep.save(
                    update_fields=[
                        "checks_done",
                        "stats",
                        "findings_opened",
                        "findings_resolved",
                        "progress",
                    ]
                )
            return
        except IntegrityError:
            # A person's step opened the same finding meanwhile (unique per subject): look again once.
            sweep.refresh_from_db()
            if attempt == 2:
                raise
