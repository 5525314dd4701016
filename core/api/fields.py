"""What every API input field checks, whichever serializer declares it: the DRF side of core.validators.

DRF's own fields take `１２` or `١٢` as 12, let an IntegerField without `max_value` reach the database with
10^30 (a 500), a DecimalField without `max_digits` with 1e300, a date 0001-01-01 and text of any length.
`install()` (called once from CoreConfig.ready) gives DRF's field classes the portal's rules, so that a
serializer written tomorrow has them too, each failure a 400 on the field at fault:

- numbers and dates are written with the digits 0-9;
- an integer without bounds of its own stays within the integer column (±INT_MAX);
- a decimal without `max_digits` stays below 10^12 (the money columns hold 14 digits, 2 of them decimals);
- a date is plausible (core.validators.plausible_date);
- text without `max_length` holds at most `text_limit(name)` characters (10,000; 100,000 for narratives).
"""

from decimal import Decimal
from functools import wraps

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import fields, serializers
from rest_framework.exceptions import ValidationError

from core.access import audit_refused_reference
from core.validators import INT_MAX, ascii_digits, plausible_date, text_limit

DECIMAL_LIMIT = Decimal(10) ** 12


def _check(validator, value) -> None:
    try:
        validator(value)
    except DjangoValidationError as exc:
        raise ValidationError(list(exc.messages), code=exc.error_list[0].code) from None


def _integer(field, value):
    if field.max_value is None and value > INT_MAX:
        raise ValidationError(
            _("Ensure this value is less than or equal to %(limit)s.") % {"limit": INT_MAX}, code="max_value"
        )
    if field.min_value is None and value < -INT_MAX - 1:
        raise ValidationError(
            _("Ensure this value is greater than or equal to %(limit)s.") % {"limit": -INT_MAX - 1},
            code="min_value",
        )
    return value


def _decimal(field, value):
    if field.max_digits is None and isinstance(value, Decimal) and abs(value) >= DECIMAL_LIMIT:
        raise ValidationError(_("Ensure this value is less than 10^12."), code="max_value")
    return value


def _date(field, value):
    _check(plausible_date, value)
    return value


def _text(field, value):
    limit = text_limit(field.field_name)
    if field.max_length is None and isinstance(value, str) and len(value) > limit:
        raise ValidationError(
            _("Ensure this field has no more than %(limit)s characters.") % {"limit": limit},
            code="max_length",
        )
    return value


def _guard(cls, after, *, digits: bool) -> None:
    original = cls.to_internal_value

    @wraps(original)
    def to_internal_value(self, data):
        if digits:
            _check(ascii_digits, data)
        return after(self, original(self, data))

    cls.to_internal_value = to_internal_value


def install() -> None:
    """Give DRF's fields the portal's input rules (once)."""
    if getattr(fields.Field, "_portal_rules", False):
        return
    fields.Field._portal_rules = True  # type: ignore[attr-defined]
    _guard(fields.IntegerField, _integer, digits=True)
    _guard(fields.DecimalField, _decimal, digits=True)
    _guard(fields.FloatField, lambda field, value: value, digits=True)
    _guard(fields.DateField, _date, digits=True)
    _guard(fields.DateTimeField, _date, digits=True)
    _guard(fields.CharField, _text, digits=False)


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related field whose queryset is narrowed by core.access.restrict (in the serializer's
    get_fields): an id outside it answers the field's usual "does not exist" (400) — the same whether or
    not the object exists elsewhere — and, when it does exist (another society's), the attempt is
    audited (`core.access.denied_reference`, result "denied")."""

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError:
            request = self.context.get("request")
            queryset = self.get_queryset()
            if request is not None and queryset is not None and not isinstance(data, bool):
                audit_refused_reference(
                    request.user, queryset.model, data, field=self.field_name or self.source
                )
            raise
