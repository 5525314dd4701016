"""Template helpers of the members pages: masked ID numbers, readable names of profile fields."""

from django import template

from members.models import Membership, Person
from members.picker import mask_id_number

register = template.Library()


@register.filter
def masked_id(number) -> str:
    """330106********7048: an ID number with its middle starred (personal data, DOMAIN.md)."""
    return mask_id_number(str(number or ""))


@register.filter
def person_field(name) -> str:
    """The translated label of a Person field ("id_number" → "ID number"), the raw name if unknown."""
    try:
        return str(Person._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001  an unknown key is shown as it is
        return str(name)


@register.filter
def person_value(value, name) -> str:
    """A Person field's value as people read it: choice labels instead of codes."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        return ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
    try:
        choices = dict(Person._meta.get_field(name).choices or ())
    except Exception:  # noqa: BLE001
        return str(value)
    return str(choices.get(value, value))


@register.filter
def membership_field(name) -> str:
    """The translated label of a Membership field ("tier" → "级别"), the raw name if unknown."""
    try:
        return str(Membership._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001  an unknown key is shown as it is
        return str(name)


@register.filter
def membership_value(value, name) -> str:
    """A Membership field's value as people read it: choice labels instead of codes."""
    if value is None or value == "":
        return ""
    try:
        choices = dict(Membership._meta.get_field(name).choices or ())
    except Exception:  # noqa: BLE001
        return str(value)
    return str(choices.get(value, value))
