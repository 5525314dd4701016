"""The single entry point to the audit trail.

Services call `log_action` explicitly after each change (no signals guessing what
happened). It refuses calls without an actor argument or a namespaced action code, and
masks secrets in `data` so a password never lands in the trail.

Every entry also records where it came from — the client's IP and the channel (web, API, Celery task,
the system itself) — read from a context variable that core.middleware.AuditContextMiddleware sets per
request and core.signals sets per task (`audit_context`), so no service passes the request down. Its
result is "ok" unless said otherwise; refusals (`core.access.denied_*`) are "denied". Its society is the
one the object belongs to, when that is known without a query (`society_of`).

Logins, failed logins and logouts are audited in one place each: "accounts.user.logged_in" and
"accounts.user.login_failed" by accounts/signals.py (Django's user_logged_in / user_login_failed), and
"accounts.user.logged_out" by core/signals.py (user_logged_out). No other code writes those actions, or a
login would be logged twice. A failed login's result is "failed" (FAILED_ACTIONS).
"""

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from .models import AuditEntry

DENIED_PREFIX = "core.access.denied_"
FAILED_ACTIONS = frozenset({"accounts.user.login_failed"})


@dataclass
class AuditContext:
    """Where the entries being written come from: one per request or task."""

    channel: str = AuditEntry.Channel.SYSTEM
    ip: str | None = None
    # Refusals audited during this request (core.access.write_refusal_audit): the middleware writes
    # again, after the response, any whose entry a rolled-back transaction took away.
    refusals: list = field(default_factory=list)


_context: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar("audit_context", default=None)


def current_context() -> AuditContext:
    return _context.get() or AuditContext()


@contextlib.contextmanager
def audit_context(channel: str, ip: str | None = None) -> Iterator[AuditContext]:
    """Entries written inside carry `channel` and `ip`."""
    context = AuditContext(channel=channel, ip=ip)
    token = _context.set(context)
    try:
        yield context
    finally:
        _context.reset(token)


def enter_context(channel: str, ip: str | None = None) -> contextvars.Token:
    """`audit_context` for a caller that cannot hold a `with` block (Celery's prerun/postrun signals)."""
    return _context.set(AuditContext(channel=channel, ip=ip))


def leave_context(token: contextvars.Token) -> None:
    _context.reset(token)


def society_of(obj: Model | None) -> int | None:
    """The id of the society `obj` belongs to, when it is known without a query: the object itself (a
    Society), its `society_id`, or the `society_id` of a related object already loaded (a branch's
    activity, a round's program …, at most two hops)."""
    if obj is None:
        return None
    if obj._meta.label_lower == "societies.society":
        return obj.pk
    frontier = [obj]
    for _hop in range(3):
        following: list[Model] = []
        for candidate in frontier:
            society_id = getattr(candidate, "society_id", None)
            if isinstance(society_id, int):
                return society_id
            following.extend(
                related for related in candidate._state.fields_cache.values() if isinstance(related, Model)
            )
        frontier = following
    return None


_SECRET_MARKERS = ("password", "token", "secret")


def _mask(data: dict) -> dict:
    masked: dict[str, object] = {}
    for key, value in data.items():
        if any(marker in key.lower() for marker in _SECRET_MARKERS):
            masked[key] = "***"
        elif isinstance(value, dict):
            masked[key] = _mask(value)
        else:
            masked[key] = value
    return masked


def _entry(
    action: str,
    *,
    actor,
    obj: Model | None = None,
    from_status: str = "",
    to_status: str = "",
    comment: str = "",
    data: dict | None = None,
    result: str = "",
    society=None,
) -> AuditEntry:
    if action.count(".") < 2:
        raise ValueError(f"Audit action codes are namespaced app.model.verb, got {action!r}")
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if not result:
        if action.startswith(DENIED_PREFIX):
            result = AuditEntry.Result.DENIED
        elif action in FAILED_ACTIONS:
            result = AuditEntry.Result.FAILED
        else:
            result = AuditEntry.Result.OK
    if result not in AuditEntry.Result.values:
        raise ValueError(f"Audit results are {AuditEntry.Result.values}, got {result!r}")
    context = current_context()
    entry = AuditEntry(
        action=action,
        actor=actor,
        from_status=from_status or "",
        to_status=to_status or "",
        comment=comment or "",
        data=_mask(data or {}),
        result=result,
        channel=context.channel,
        ip=context.ip,
        society_id=society.pk if isinstance(society, Model) else society or society_of(obj),
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[:200]
    return entry


def log_action(
    action: str,
    *,
    actor,
    obj: Model | None = None,
    from_status: str = "",
    to_status: str = "",
    comment: str = "",
    data: dict | None = None,
    result: str = "",
    society=None,
) -> AuditEntry:
    """Append one audit entry. `actor` is required (None only for the system itself, e.g. a sweep).
    `result`: "ok", "denied" or "failed" (default: "denied" for a `core.access.denied_*` action, else
    "ok"); `society` (a Society or its id) when the object alone does not tell (a refusal)."""
    entry = _entry(
        action,
        actor=actor,
        obj=obj,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        data=data,
        result=result,
        society=society,
    )
    entry.save()
    return entry


def log_actions(entries: list[dict]) -> list[AuditEntry]:
    """Append many audit entries in one INSERT (each dict holds `log_action`'s arguments): what a sweep
    that opens or resolves hundreds of findings writes, without one query per entry."""
    built = [_entry(**spec) for spec in entries]
    return AuditEntry.objects.bulk_create(built, batch_size=1000) if built else []


def entries_for(obj: Model) -> QuerySet[AuditEntry]:
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")


def status_history(obj: Model) -> QuerySet[AuditEntry]:
    """The workflow history of an object: every audited state change, oldest first."""
    return entries_for(obj).exclude(to_status="")
