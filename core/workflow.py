"""Audited state transitions: the one mechanism every workflow in the portal uses.

A model declares its `Workflow` (named transitions with their source states and
target). A service takes a step with `workflow.apply(...)`, which in one transaction
locks the row, checks the current state and the caller's rule check, saves the new
state with any accompanying field changes, and appends the audit entry. An illegal move
raises TransitionNotAllowed (API 409) and writes nothing; a step that runs into a database constraint
(two current terms, a second active membership) raises that constraint's DomainError. A workflow also
declares in which states the object's content may be edited, and by whom (`Editable`), so service, view
and template ask one question instead of guarding states by hand.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .access import CHANGE, may, require
from .audit import log_action, log_actions
from .constraints import constraint_errors
from .errors import DomainError, TransitionNotAllowed
from .models import Decided

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Transition:
    """A named step from any of `sources` to `target`. `reason_required`, when set, is the message shown
    when the step is taken without a comment: refusals and reversals must say why (DOMAIN.md).
    `decides` marks a decision: on a core.models.Decided record the step records its actor, time and
    comment there; `reopens` (a resubmission) clears them again."""

    name: str
    sources: frozenset[str]
    target: str
    label: str = ""
    reason_required: str = ""
    decides: bool = False
    reopens: bool = False

    def __init__(
        self,
        name: str,
        sources: Iterable[str],
        target: str,
        label="",
        *,
        reason_required="",
        decides: bool = False,
        reopens: bool = False,
    ):
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "sources", frozenset(sources))
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "label", label or name)
        object.__setattr__(self, "reason_required", reason_required)
        object.__setattr__(self, "decides", decides)
        object.__setattr__(self, "reopens", reopens)


@dataclass(frozen=True)
class Editable:
    """Which states of a workflow allow editing the object's content, and by whom (a core.access action,
    CHANGE by default: the society's secretariat, or a branch officer for their branch). `message` says
    why an edit is refused in any other state. Service, view and template ask the same question:
    `Model.workflow.require_editable(obj, actor)` before writing, `can_edit(obj, user)` to show a control.
    `message` may be a mapping from a non-editable state to its own explanation. `reopened`, when given,
    says whether an object outside `states` is open to edits again all the same (an election's slate
    while the political review has returned it)."""

    states: frozenset[str]
    message: object
    action: str = CHANGE
    reopened: Callable[[Model], bool] | None = None

    def refusal(self, state: str):
        if isinstance(self.message, dict):
            return self.message.get(state, next(iter(self.message.values())))
        return self.message

    def __init__(
        self,
        states: Iterable[str],
        message,
        action: str = CHANGE,
        *,
        reopened: Callable[[Model], bool] | None = None,
    ):
        object.__setattr__(self, "states", frozenset(states))
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "action", action)
        object.__setattr__(self, "reopened", reopened)


def _decision_fields(obj: Model, transition: Transition, actor, comment: str) -> dict:
    """The Decided fields a step writes: the decision's actor, time and comment, or blanks on reopening."""
    if not isinstance(obj, Decided):
        return {}
    if transition.decides:
        user = actor if getattr(actor, "pk", None) else None
        return {"decided_by": user, "decided_at": timezone.now(), "comment": comment or ""}
    if transition.reopens:
        return {"decided_by": None, "decided_at": None, "comment": ""}
    return {}


class Workflow:
    def __init__(self, *transitions: Transition, field: str = "status", editable: Editable | None = None):
        self.field = field
        self.transitions = {t.name: t for t in transitions}
        self.editable = editable

    def is_editable(self, obj: Model) -> bool:
        """The state allows edits (whoever asks)."""
        if self.editable is None:
            return False
        if getattr(obj, self.field) in self.editable.states:
            return True
        return self.editable.reopened is not None and self.editable.reopened(obj)

    def can_edit(self, obj: Model, user) -> bool:
        """`user` may edit `obj` now: its state allows edits and `user` holds the editing action on it."""
        return self.editable is not None and self.is_editable(obj) and may(user, obj, self.editable.action)

    def require_editable(self, obj: Model, actor, denied=None) -> None:
        """The service's guard before an edit: the actor's right (PermissionDenied, audited), then the
        state (TransitionNotAllowed, API 409, with the workflow's message)."""
        if self.editable is None:
            raise TransitionNotAllowed(_("This record is not edited."), status=getattr(obj, self.field))
        require(actor, obj, self.editable.action, denied)
        if not self.is_editable(obj):
            state = getattr(obj, self.field)
            raise TransitionNotAllowed(self.editable.refusal(state), status=state)

    def __getitem__(self, name: str) -> Transition:
        return self.transitions[name]

    def available(self, obj: Model) -> list[Transition]:
        state = getattr(obj, self.field)
        return [t for t in self.transitions.values() if state in t.sources]

    def can(self, obj: Model, name: str) -> bool:
        return getattr(obj, self.field) in self.transitions[name].sources

    def apply(
        self,
        obj: M,
        name: str,
        *,
        actor,
        comment: str = "",
        check: Callable[[M], None] | None = None,
        changes: dict | None = None,
        data: dict | None = None,
        on_commit: Callable[[], None] | None = None,
    ) -> M:
        """Take transition `name` on `obj`; return the fresh, locked-and-saved instance."""
        transition = self.transitions[name]
        model = type(obj)
        with constraint_errors(), transaction.atomic():
            locked = model._default_manager.select_for_update().get(pk=obj.pk)
            current = getattr(locked, self.field)
            if current not in transition.sources:
                choices = getattr(model._meta.get_field(self.field), "choices", None) or ()
                label = dict(choices).get(current, current)
                raise TransitionNotAllowed(status=current, status_label=label, action=str(transition.label))
            if transition.reason_required and not (comment or "").strip():
                raise DomainError(transition.reason_required, field="comment")
            if check is not None:
                check(locked)
            fields = {self.field: transition.target, **_decision_fields(locked, transition, actor, comment)}
            fields.update(changes or {})
            for attr, value in fields.items():
                setattr(locked, attr, value)
            locked.save(update_fields=list(fields))
            meta = model._meta
            log_action(
                f"{meta.app_label}.{meta.model_name}.{name}",
                actor=actor,
                obj=locked,
                from_status=current,
                to_status=transition.target,
                comment=comment,
                data=data,
            )
            if on_commit is not None:
                transaction.on_commit(on_commit)
        return locked

    def apply_to_all(
        self,
        queryset,
        name: str,
        *,
        actor,
        comment: str = "",
        changes: dict | None = None,
        data: dict | None = None,
    ) -> list:
        """Take transition `name` on every row of `queryset` that is in one of its source states, in a
        constant number of queries (lock, UPDATE, one INSERT of audit entries); rows in other states
        are left alone. For the system's bulk steps (a sweep resolving findings); a person's step on
        one object uses `apply`. Returns the primary keys changed."""
        transition = self.transitions[name]
        with constraint_errors(), transaction.atomic():
            rows = list(
                queryset.select_for_update(of=("self",)).filter(
                    **{f"{self.field}__in": list(transition.sources)}
                )
            )
            if not rows:
                return []
            pks = [row.pk for row in rows]
            queryset.model._default_manager.filter(pk__in=pks).update(
                **{self.field: transition.target, **(changes or {})}
            )
            meta = queryset.model._meta
            log_actions(
                [
                    {
                        "action": f"{meta.app_label}.{meta.model_name}.{name}",
                        "actor": actor,
                        "obj": row,
                        "from_status": getattr(row, self.field),
                        "to_status": transition.target,
                        "comment": comment,
                        "data": data,
                    }
                    for row in rows
                ]
            )
        return pks
