"""Raising, deciding and resubmitting major matters (R-PB-02)."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import CHANGE, REVIEW, require
from core.audit import log_action
from core.errors import DomainError

from ..choices import Decision, MatterKind
from ..models import MajorMatter, MatterOpinion


def open_matter(
    *, actor, society, kind, title, amount=None, is_foreign=False, description="", linked=None
) -> MajorMatter:
    """Create a pending matter (optionally linked to an object) and audit it. No role check: callers
    are services that already checked their own actor (the gate), or `create_matter` below."""
    if kind not in MatterKind.values:
        raise DomainError(_("Unknown kind of major matter."), field="kind")
    if not str(title).strip():
        raise DomainError(_("Give the matter a title."), field="title")
    with transaction.atomic():
        now = timezone.now()
        matter = MajorMatter.objects.create(
            society=society,
            kind=kind,
            title=str(title)[:200],
            amount=amount,
            is_foreign=bool(is_foreign),
            description=description or "",
            content_type=ContentType.objects.get_for_model(linked) if linked is not None else None,
            object_id=linked.pk if linked is not None else None,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            created_at=now,
            submitted_at=now,
        )
        log_action(
            "party_building.majormatter.created",
            actor=actor,
            obj=matter,
            to_status=matter.status,
            data={
                "kind": kind,
                "amount": str(amount) if amount is not None else None,
                "is_foreign": bool(is_foreign),
                "linked": f"{linked._meta.label_lower}:{linked.pk}" if linked is not None else None,
            },
        )
    return matter


def create_matter(
    *, actor, society, kind, title, amount=None, is_foreign=False, description=""
) -> MajorMatter:
    """A secretary raises a matter explicitly (an annual plan, a talent recommendation …)."""
    require(actor, society, CHANGE, _("Only the society's secretariat raises its major matters."))
    return open_matter(
        actor=actor,
        society=society,
        kind=kind,
        title=title,
        amount=amount,
        is_foreign=is_foreign,
        description=description,
    )


def _decide(*, actor, matter: MajorMatter, step: str, decision: str, opinion: str) -> MajorMatter:
    from ..gate import run_decision_hooks

    require(actor, matter.society, REVIEW, _("Only the society's Party reviewers decide its major matters."))
    opinion = (opinion or "").strip()
    if not opinion:
        raise DomainError(_("Write the pre-review opinion."), field="comment", rule="R-PB-02")
    now = timezone.now()
    with transaction.atomic():
        matter = MajorMatter.workflow.apply(
            matter,
            step,
            actor=actor,
            comment=opinion,
            changes={"opinion": opinion, "decided_at": now},
        )
        MatterOpinion.objects.create(
            matter=matter, reviewer=actor, decision=decision, opinion=opinion, at=now
        )
        run_decision_hooks(matter, step, actor)
    return matter


def approve_matter(*, actor, matter: MajorMatter, opinion: str) -> MajorMatter:
    """A Party reviewer approves the matter: the linked object may now take effect."""
    return _decide(actor=actor, matter=matter, step="approve", decision=Decision.APPROVED, opinion=opinion)


def return_matter(*, actor, matter: MajorMatter, opinion: str) -> MajorMatter:
    """A Party reviewer returns the matter for revision with a written opinion."""
    return _decide(actor=actor, matter=matter, step="return", decision=Decision.RETURNED, opinion=opinion)


def resubmit_matter(
    *, actor, matter: MajorMatter, comment: str = "", title: str | None = None, description: str | None = None
) -> MajorMatter:
    """The secretariat resubmits a returned matter, optionally revised; earlier text stays in history."""
    from ..gate import run_decision_hooks

    require(actor, matter.society, CHANGE, _("Only the society's secretariat resubmits its major matters."))
    changes: dict[str, object] = {"submitted_at": timezone.now(), "decided_at": None}
    if title is not None and title.strip():
        changes["title"] = title.strip()[:200]
    if description is not None:
        changes["description"] = description
    with transaction.atomic():
        matter = MajorMatter.workflow.apply(matter, "resubmit", actor=actor, comment=comment, changes=changes)
        run_decision_hooks(matter, "resubmit", actor)
    return matter
