"""Field history (django-simple-history) is told who made the next save and why."""

from django.db.models import Model


def attribute_change(obj: Model, *, actor, reason: str = "") -> None:
    """simple-history reads these two documented attributes on the next save() of `obj`."""
    obj._history_user = actor  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]
