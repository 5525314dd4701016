"""The pre-review gate (前置审议, R-PB-02): ONE mechanism every app uses.

A major matter links to any object (content type + id). An app that owns an object which needs Party
pre-review asks `require_matter(obj, ...)` when the object is submitted or crosses a threshold, and
calls `ensure_cleared(obj)` in the check of the transition that makes the object take effect (confirm a
donation, publish award results, approve an activity with a foreign donation, record an election's
votes). `needs_pre_review` says whether an amount or kind crosses the thresholds of DOMAIN.md, read
from `core.rule_settings`.

Apps that must react to a decision (an election's slate becoming approved) register a hook with
`on_decision(Model)`; the matter services call it in the same transaction as the decision.
"""

from collections.abc import Callable
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.rule_settings import rule_setting

from .choices import MatterKind, MatterStatus
from .models import MajorMatter

RULE = "R-PB-02"
ALWAYS_REVIEWED = {
    MatterKind.PLAN,
    MatterKind.AWARD_SELECTION,
    MatterKind.TALENT_RECOMMENDATION,
    MatterKind.ELECTION,
}


def needs_pre_review(kind: str, amount: Decimal | None = None, is_foreign: bool = False) -> bool:
    """Does a matter of `kind` (with this amount / foreign source) need Party pre-review?"""
    if kind == MatterKind.LARGE_EXPENDITURE:
        return amount is not None and Decimal(amount) >= rule_setting("large_expenditure_threshold")
    if kind == MatterKind.LARGE_DONATION:
        return bool(is_foreign) or (
            amount is not None and Decimal(amount) >= rule_setting("large_donation_threshold")
        )
    if kind in ALWAYS_REVIEWED:
        return True
    raise ValueError(f"Unknown major-matter kind {kind!r}")


def _linked(obj: Model):
    return MajorMatter.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).order_by("-created_at", "-id")


def require_matter(
    obj: Model,
    *,
    kind: str,
    society,
    title: str,
    actor,
    amount=None,
    is_foreign=False,
    description="",
) -> MajorMatter:
    """The matter gating `obj` for `kind`: the open (pending/returned) or approved one already linked to
    it, else a new pending matter (audited). Idempotent: calling it twice creates one matter."""
    existing = (
        _linked(obj)
        .filter(kind=kind, status__in=[MatterStatus.PENDING, MatterStatus.RETURNED, MatterStatus.APPROVED])
        .first()
    )
    if existing is not None:
        return existing
    from .services.matters import open_matter

    return open_matter(
        actor=actor,
        society=society,
        kind=kind,
        title=title,
        amount=amount,
        is_foreign=is_foreign,
        description=description,
        linked=obj,
    )


def matter_for(obj: Model) -> MajorMatter | None:
    """The latest major matter linked to `obj`, or None."""
    return _linked(obj).first()


def blocking_matter(obj: Model) -> MajorMatter | None:
    """The matter holding `obj` back, if any. An object may carry matters of several kinds (an activity
    with both a foreign donation and a large budget): for each kind its latest matter counts, and every
    one of them must be approved."""
    latest_per_kind: dict[str, MajorMatter] = {}
    for matter in _linked(obj):
        latest_per_kind.setdefault(matter.kind, matter)
    for matter in latest_per_kind.values():
        if matter.status != MatterStatus.APPROVED:
            return matter
    return None


def is_cleared(obj: Model) -> bool:
    """True when `obj` needs no pre-review (no matter linked) or its latest matter (of each kind) is
    approved."""
    return blocking_matter(obj) is None


def ensure_cleared(obj: Model) -> None:
    """Raise DomainError(R-PB-02) naming the pending matter unless `obj` is cleared."""
    matter = blocking_matter(obj)
    if matter is not None:
        raise DomainError(
            _(
                "Party pre-review has not approved the major matter “%(title)s” (status: %(status)s); "
                "this cannot take effect until it does."
            )
            % {"title": matter.title, "status": matter.get_status_display()},
            rule=RULE,
        )


# --- reactions to decisions -------------------------------------------------------------------

DecisionHook = Callable[[MajorMatter, Model, str, object], None]
_HOOKS: dict[type[Model], list[DecisionHook]] = {}


def on_decision(model: type[Model]):
    """Register `fn(matter, obj, step, actor)` called after `approve`, `return` or `resubmit` of a matter
    linked to a `model` row, inside the decision's transaction (raising aborts the decision)."""

    def decorator(fn: DecisionHook) -> DecisionHook:
        _HOOKS.setdefault(model, []).append(fn)
        return fn

    return decorator


def run_decision_hooks(matter: MajorMatter, step: str, actor) -> None:
    if matter.content_type_id is None:
        return
    model = matter.content_type.model_class()
    hooks = _HOOKS.get(model)
    if not hooks:
        return
    obj = model._default_manager.filter(pk=matter.object_id).first()
    if obj is None:
        return
    for hook in hooks:
        hook(matter, obj, step, actor)
