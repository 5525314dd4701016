"""The pre-review gate (前置审议, R-PB-02): ONE mechanism every app uses.

A major matter links to any object (content type + id). An app that owns an object which needs Party
pre-review asks `require_matter(obj, ...)` when the object is submitted or crosses a threshold (an
approval covers only the amount / foreign source it judged: changed facts open a new matter), calls
`withdraw_obsolete(obj, keep_kinds=..., actor=...)` for kinds the object no longer needs, and
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
from django.db import transaction
from django.db.models import Exists, Model, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_action
from core.errors import DomainError, TransitionNotAllowed
from core.rule_settings import rule_setting

from .choices import OPEN_MATTER_STATUSES, MatterKind, MatterStatus
from .models import MajorMatter, live_matters

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


def _same_amount(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return Decimal(str(a)) == Decimal(str(b))


def _same_facts(matter: MajorMatter, amount, is_foreign) -> bool:
    """Did the pre-review judge exactly these facts? (Title and description are wording, not facts.)"""
    return _same_amount(matter.amount, amount) and matter.is_foreign == bool(is_foreign)


def open_matter(
    *, actor, society, kind, title, amount=None, is_foreign=False, description="", linked=None
) -> MajorMatter:
    """Create a pending matter (optionally linked to an object) and audit it. No role check: callers
    are services that already checked their own actor (`require_matter` below, or
    services.matters.create_matter)."""
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
    """The matter gating `obj` for `kind`, given the object's current facts (amount, foreign source).

    - The latest live matter of `kind` is approved for the same amount and is_foreign: it is reused.
    - It is approved but for other facts (a ¥1 foreign donation raised to ¥5,000,000): that approval
      does not cover the new facts — a new pending matter is opened (audited); it is now the latest of
      its kind, so the object is held again until it is approved.
    - It is open (pending/returned): it is reused; if the facts changed it is revised in place first
      (audited as `party_building.majormatter.revised`, earlier values kept in its history) so the
      reviewer judges the current facts.
    - There is none: a new pending matter is opened (audited).

    Idempotent: calling it twice with the same facts creates one matter."""
    with transaction.atomic():
        latest = live_matters(obj).filter(kind=kind).first()
        if latest is not None and latest.is_open:
            latest = MajorMatter.objects.select_for_update().get(pk=latest.pk)
        if latest is not None and latest.is_open:
            if not _same_facts(latest, amount, is_foreign):
                _revise(latest, amount=amount, is_foreign=is_foreign, title=title, actor=actor)
            return latest
        if (
            latest is not None
            and latest.status == MatterStatus.APPROVED
            and _same_facts(latest, amount, is_foreign)
        ):
            return latest
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


def _revise(matter: MajorMatter, *, amount, is_foreign, title, actor) -> None:
    before = {"amount": _text(matter.amount), "is_foreign": matter.is_foreign}
    matter.amount = amount
    matter.is_foreign = bool(is_foreign)
    if str(title or "").strip():
        matter.title = str(title)[:200]
    matter.save(update_fields=["amount", "is_foreign", "title"])
    matter.refresh_from_db(fields=["amount"])
    log_action(
        "party_building.majormatter.revised",
        actor=actor,
        obj=matter,
        data={
            "rule": RULE,
            "before": before,
            "after": {"amount": _text(matter.amount), "is_foreign": matter.is_foreign},
        },
    )


def _text(amount) -> str | None:
    return str(amount) if amount is not None else None


def withdraw_obsolete(obj: Model, *, keep_kinds, actor, comment: str = "") -> list[MajorMatter]:
    """Withdraw the open (pending/returned) matters linked to `obj` whose kind is not in `keep_kinds`:
    the object no longer needs them (its donation was removed, its budget dropped under the threshold),
    so they must not hold it back. Each is moved to `withdrawn` through the matter workflow (audited as
    `party_building.majormatter.withdraw`), never deleted; approved matters are left alone. Call it with
    the kinds the object still needs, next to `require_matter` for each of them. Returns the withdrawn
    matters."""
    keep = {str(k) for k in keep_kinds}
    unknown = keep - set(MatterKind.values)
    if unknown:
        raise ValueError(f"Unknown major-matter kind(s) {sorted(unknown)!r}")
    reason = comment or _("The linked object no longer needs this pre-review.")
    withdrawn = []
    with transaction.atomic():
        stale = _linked(obj).filter(status__in=OPEN_MATTER_STATUSES).exclude(kind__in=keep)
        for matter in stale:
            try:
                withdrawn.append(
                    MajorMatter.workflow.apply(
                        matter,
                        "withdraw",
                        actor=actor,
                        comment=reason,
                        data={"rule": RULE, "kept_kinds": sorted(keep)},
                    )
                )
            except TransitionNotAllowed:  # decided meanwhile: an approved matter blocks nothing
                continue
    return withdrawn


def without_approved_matter(model: type[Model], kind: str):
    """A filter expression for the compliance checks: rows of `model` with no approved major matter of
    `kind` linked (the set-based form of `is_cleared`, one subquery for the whole population)."""
    approved = MajorMatter.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id=OuterRef("pk"),
        kind=kind,
        status=MatterStatus.APPROVED,
    )
    return ~Exists(approved)


def matter_for(obj: Model) -> MajorMatter | None:
    """The latest live (not withdrawn) major matter linked to `obj`, or None."""
    return live_matters(obj).first()


def matters_for(objs) -> dict[int, MajorMatter]:
    """`matter_for` of every object of a page (all of one model) in one query: {object pk: matter}."""
    objs = list(objs)
    if not objs:
        return {}
    latest: dict[int, MajorMatter] = {}
    for matter in (
        MajorMatter.objects.filter(
            content_type=ContentType.objects.get_for_model(objs[0]), object_id__in=[o.pk for o in objs]
        )
        .exclude(status=MatterStatus.WITHDRAWN)
        .order_by("-created_at", "-id")
    ):
        if matter.object_id is not None:
            latest.setdefault(matter.object_id, matter)
    return latest


def blocking_matter(obj: Model) -> MajorMatter | None:
    """The matter holding `obj` back, if any. An object may carry matters of several kinds (an activity
    with both a foreign donation and a large budget): for each kind its latest live matter counts, and
    every one of them must be approved. Withdrawn matters count for nothing."""
    latest_per_kind: dict[str, MajorMatter] = {}
    for matter in live_matters(obj):
        latest_per_kind.setdefault(matter.kind, matter)
    for matter in latest_per_kind.values():
        if matter.status != MatterStatus.APPROVED:
            return matter
    return None


def is_cleared(obj: Model) -> bool:
    """True when `obj` needs no pre-review (no live matter linked) or the latest live matter of each
    kind is approved."""
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
    model = ContentType.objects.get_for_id(matter.content_type_id).model_class()
    hooks = _HOOKS.get(model) if model is not None else None
    if model is None or not hooks:
        return
    obj = model._default_manager.filter(pk=matter.object_id).first()
    if obj is None:
        return
    for hook in hooks:
        hook(matter, obj, step, actor)
