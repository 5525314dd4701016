"""Template helpers shared by every app's pages."""

from django import template
from django.contrib.contenttypes.models import ContentType

register = template.Library()


@register.filter
def state_label(entry, which: str = "to") -> str:
    """The translated label of an audit entry's from/to state, from the subject model's `status` choices."""
    value = entry.to_status if which == "to" else entry.from_status
    if not value or not entry.content_type_id:
        return value
    model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
    try:
        choices = dict(model._meta.get_field("status").choices or ())
    except Exception:  # noqa: BLE001  a subject without a status field shows the raw value
        return value
    return str(choices.get(value, value))


@register.filter
def scope_names(codes) -> str:
    """GB/T 13745 codes with their names ("150 化学, 15010 化学史"): people read names, not numbers."""
    from core.disciplines import name_of

    return "、".join(f"{code} {name_of(code)}".strip() for code in codes or ()) or "—"
