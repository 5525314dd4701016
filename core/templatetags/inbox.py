"""How long an inbox item has waited, in one unit: "3 天", "5 小时", "12 分钟"."""

from django import template
from django.utils import timezone
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def waited(since) -> str:
    if not since:
        return "—"
    seconds = max(int((timezone.now() - since).total_seconds()), 0)
    days, hours, minutes = seconds // 86400, seconds // 3600, seconds // 60
    if days:
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    if hours:
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    return ngettext("%(n)d minute", "%(n)d minutes", max(minutes, 1)) % {"n": max(minutes, 1)}
