"""`{% load report_format %}`: `{{ amount|cny }}` → ¥1,234,567.00, `{{ share|percent }}` → 12.5%,
`{{ n|count }}` → 1,234 (reports.formatting)."""

from django import template

from .. import formatting

register = template.Library()
register.filter("cny", formatting.cny)
register.filter("percent", formatting.percent)
register.filter("count", formatting.count)
