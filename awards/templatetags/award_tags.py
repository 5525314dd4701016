"""Badges of the award pages: one colour per status of programs, rounds and nominations."""

from django import template
from django.utils.html import format_html

from core.formats import percent

register = template.Library()

COLOURS = {
    "draft": "secondary",
    "submitted": "primary",
    "listed": "success",
    "suspended": "warning",
    "withdrawn": "dark",
    "open": "primary",
    "reviewing": "info",
    "proposed": "warning",
    "published": "success",
    "winner": "success",
    "not_awarded": "light border",
}


@register.filter
def status_badge(obj) -> str:
    """`{{ program|status_badge }}`: the translated status in a badge carrying `data-status`."""
    status = obj.status
    colour = COLOURS.get(status, "secondary")
    if obj.__class__.__name__ == "Nomination" and status == "submitted":
        colour = "light border"
    return format_html(
        '<span class="badge text-bg-{} award-status" data-status="{}">{}</span>',
        colour,
        status,
        obj.get_status_display(),
    )


register.filter("percent", percent)  # core.formats.percent: 0.300 → "30%", one format everywhere
