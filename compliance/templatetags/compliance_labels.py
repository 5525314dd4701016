"""`{% load compliance_labels %}`: `{{ "R-BR-04"|rule_title }}` and `{{ finding.facts|fact_rows }}`."""

from django import template

from ..choices import Severity
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


@register.filter
def finding_facts(finding) -> list[tuple[str, object]]:
    """A finding's facts as its rule's check describes them (codes as labels), labelled."""
    from ..registry import check_for

    facts = dict(finding.facts or {})
    check = check_for(finding.rule, finding.content_type_id) if finding.opened_by_sweep_id else None
    if check and check.describe:
        facts.update(check.describe(facts))
    facts.pop("kind", None)
    return [
        (fact_label(k), "、".join(map(str, v)) if isinstance(v, list) else fact_value(k, v))
        for k, v in facts.items()
    ]


@register.filter
def severity_label(value) -> str:
    return str(dict(Severity.choices).get(value, value))


@register.filter
def verbose_name(model) -> str:
    return str(model._meta.verbose_name)
