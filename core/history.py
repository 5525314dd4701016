"""Field history: django-simple-history is told who made the next save and why; one way to apply a
service's field changes and record them, and one way to read an object's history as changes."""

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The reasons services record (codes, kept as stored) and how pages show them.
REASONS = {
    "self-service": gettext_lazy("changed by the member"),
    "import": gettext_lazy("imported from a member list"),
    "registered": gettext_lazy("registered"),
    "profile": gettext_lazy("profile edited"),
    "secretary-general": gettext_lazy("secretary-general changed"),
    "created": gettext_lazy("created"),
    "edited": gettext_lazy("edited"),
    "email-verified": gettext_lazy("new e-mail address verified"),
}


def reason_label(reason: str) -> str:
    """A stored change reason as a person reads it ("self-service" → "会员本人修改")."""
    reason = (reason or "").strip()
    if reason in REASONS:
        return str(REASONS[reason])
    if reason.startswith("identity change request "):
        return _("identity change confirmed by the secretariat (request %(n)s)") % {
            "n": reason.rsplit(" ", 1)[1]
        }
    if reason.startswith("charter v"):
        return _("charter version %(n)s") % {"n": reason[len("charter v") :]}
    return reason


def attribute_change(obj: Model, *, actor, reason: str = "") -> None:
    """simple-history reads these two documented attributes on the next save() of `obj`."""
    obj._history_user = actor  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]


def apply_changes(obj: Model, changes: dict, *, shown: Callable[[Any], Any] = lambda value: value) -> dict:
    """Set on `obj` each field of `changes` whose value differs and return what changed as
    `{field: [old, new]}` (values passed through `shown`), the data of the audit entry; the caller saves
    `update_fields=list(diff)` when it is not empty."""
    diff = {}
    for field, new in changes.items():
        old = getattr(obj, field)
        if old != new:
            diff[field] = [shown(old), shown(new)]
            setattr(obj, field, new)
    return diff


def history_with_changes(history: QuerySet, limit: int) -> list[tuple[Any, list | None]]:
    """The newest `limit` historical records of an object (a simple-history manager or queryset), each
    with the field changes it made against the record before it — None for the record that created the
    object — in one query."""
    records = list(
        history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    return [
        (newer, newer.diff_against(older).changes if older is not None else None)
        for newer, older in zip(records[:limit], [*records[1:], None], strict=False)
    ]
