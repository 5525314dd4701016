"""Template helpers shared by every app's pages."""

import re

from django import template
from django.contrib.contenttypes.models import ContentType
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext_lazy

from compliance.rule_titles import RULE_TITLES
from core import audit_labels as labels
from core.access import may as access_may
from core.audit import status_history
from core.disciplines import name_of
from core.formats import money, percent
from core.forms import widget_css
from core.history import reason_label
from core.roles import reach_of

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
    return "、".join(f"{code} {name_of(code)}".strip() for code in codes or ()) or "—"


register.filter("change_reason", reason_label)  # core.history.reason_label: stored reason → words
register.filter("money", money)  # core.formats.money: CNY with thousands separators
register.filter("percent", percent)  # core.formats.percent: a share as 66.7%


@register.filter
def with_class(bound_field):
    """Render a form field with the Bootstrap class its widget needs (used by core/partials/form.html)."""
    widget = bound_field.field.widget
    css = widget_css(widget)
    existing = widget.attrs.get("class", "")
    if css in existing.split():
        return bound_field.as_widget()
    return bound_field.as_widget(attrs={"class": f"{existing} {css}".strip()})


@register.filter
def action_label(entry) -> str:
    """A readable "what happened" for an audit entry (core.audit_labels.action_label)."""
    return labels.action_label(entry.action)


@register.simple_tag(takes_context=True)
def may(context, obj, action: str) -> bool:
    """`{% may society "change" as can_change %}`: the predicate services enforce (core.access.may), so a
    page shows a control exactly when the service behind it would accept the user. `obj` may be None
    for the portal-wide actions ("admin", "decide")."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return access_may(user, obj or None, action)


# --- rule IDs as badges (issue 16): a small badge with the rule's name as tooltip, never in the sentence,
# and not shown to ordinary members (nor visitors), who read the sentence only.

_TRAILING_RULE = re.compile(r"\s*[\[（(](R-[A-Z]+-\d+)[\]）)]\s*[。.]?$")


def _shows_rules(context) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return reach_of(user).is_staff_role


def _badge(rule: str, css: str) -> str:
    title = RULE_TITLES.get(rule, "")
    return format_html(
        '<span class="badge rule-badge {} ms-1" data-rule-badge="{}" title="{}">{}</span>',
        css,
        rule,
        f"{rule} · {title}" if title else rule,
        rule,
    )


@register.simple_tag(takes_context=True)
def rule_badge(context, rule, css: str = "text-bg-light border") -> str:
    """`{% rule_badge p.rule %}`: R-BR-03 as a small badge whose tooltip names the rule; nothing for an
    ordinary member or a visitor."""
    rule = str(rule or "").strip()
    if not rule or not _shows_rules(context):
        return ""
    return _badge(rule, css)


@register.simple_tag(takes_context=True)
def rule_text(context, message, css: str = "text-bg-light border") -> str:
    """A message that ends with its rule ID ("… [R-BR-03]", as core.forms.apply_domain_error writes it):
    the sentence, then the ID as a badge (staff) or nothing (members)."""
    text = str(message)
    match = _TRAILING_RULE.search(text)
    if not match:
        return conditional_escape(text)
    sentence = text[: match.start()]
    badge = _badge(match.group(1), css) if _shows_rules(context) else ""
    return format_html("{}{}", sentence, badge)


# --- the reason of the last decision, shown prominently on a returned or rejected object (issue 16) ---

DECIDED_STATES = {
    "returned": gettext_lazy("Returned for changes"),
    "rejected": gettext_lazy("Rejected"),
    "rectifying": gettext_lazy("Rectification required"),
    "suspended": gettext_lazy("Suspended"),
}


@register.inclusion_tag("core/partials/decision_reason.html")
def decision_reason(obj):
    """`{% decision_reason filing %}`: when the object stands returned, rejected, under rectification or
    suspended, the reason given with that decision, who gave it and when — above everything else."""
    status = getattr(obj, "status", "")
    if status not in DECIDED_STATES:
        return {"entry": None}
    entry = status_history(obj).filter(to_status=status).select_related("actor").order_by("-at").first()
    return {"entry": entry, "heading": DECIDED_STATES[status], "status": status}


@register.filter
def held_for(held, name):
    """`{% with h=form.held|held_for:field.name %}`: the held upload of a field (core.uploads)."""
    return (held or {}).get(name)
