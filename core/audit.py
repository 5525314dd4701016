"""The single entry point to the audit trail.

Services call `log_action` explicitly after each change (no signals guessing what
happened). It refuses calls without an actor argument or a namespaced action code, and
masks secrets in `data` so a password never lands in the trail.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from .models import AuditEntry

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
) -> AuditEntry:
    if action.count(".") < 2:
        raise ValueError(f"Audit action codes are namespaced app.model.verb, got {action!r}")
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    entry = AuditEntry(
        action=action,
        actor=actor,
        from_status=from_status or "",
        to_status=to_status or "",
        comment=comment or "",
        data=_mask(data or {}),
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
) -> AuditEntry:
    """Append one audit entry. `actor` is required (None only for the system itself, e.g. a sweep)."""
    entry = _entry(
        action,
        actor=actor,
        obj=obj,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        data=data,
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
