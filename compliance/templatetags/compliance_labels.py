"""`{% load compliance_labels %}`: `{{ "R-BR-04"|rule_title }}` and `{{ finding.facts|fact_rows }}`."""

from django import template

from ..rule_titles import fact_label, fact_value
from ..rule_titles import rule_title as _rule_title

register = template.Library()


@register.filter
def rule_title(rule) -> str:
    """The rule's name for a badge tooltip or a heading ("" when the rule has none)."""
    return _rule_title(str(rule or ""))


@register.filter
def fact_rows(facts) -> list[tuple[str, object]]:
    """The facts of a finding as (label, value) pairs, labelled where a label is known."""
    return [(fact_label(key), fact_value(key, value)) for key, value in (facts or {}).items()]
