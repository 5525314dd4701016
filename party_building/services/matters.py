"""Raising, deciding and resubmitting major matters (R-PB-02)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import CHANGE, REVIEW, require
from core.errors import DomainError

from ..choices import Decision
from ..gate import open_matter, run_decision_hooks
from ..models import MajorMatter, MatterOpinion


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
    require(actor, matter.society, CHANGE, _("Only the society's secretariat resubmits its major matters."))
    changes: dict[str, object] = {"submitted_at": timezone.now()}
    if title is not None and title.strip():
        changes["title"] = title.strip()[:200]
    if description is not None:
        changes["description"] = description
    with transaction.atomic():
        matter = MajorMatter.workflow.apply(matter, "resubmit", actor=actor, comment=comment, changes=changes)
        run_decision_hooks(matter, "resubmit", actor)
    return matter
