"""Helpers to show a service's refusal on the form field it names."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from core.disciplines import parse_codes, unknown
from core.errors import DomainError


def apply_domain_error(form: forms.Form, exc: DomainError | ValidationError) -> None:
    """A DomainError goes on its field with its rule ID; a model ValidationError (the service's full_clean,
    a constraint of core.constraints) on each of its fields. A field the form lacks goes above the form."""
    if isinstance(exc, ValidationError):
        errors = exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.error_list}
        for name, messages in errors.items():
            form.add_error(name if name in form.fields else None, messages)
        return
    message = str(exc.message)
    if exc.rule:
        message = f"{message} [{exc.rule}]"
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, message)


class ScopeCodesField(forms.CharField):
    """GB/T 13745 discipline codes typed as "150, 15010" (Chinese comma, semicolon or space also separate);
    cleaned to a list of known codes. Used by every form that takes a business scope."""

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return parse_codes(value)
        return parse_codes(super().to_python(value) or "")

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def validate(self, value):
        from django.utils.translation import gettext_lazy as _

        if not value and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        bad = unknown(value)
        if bad:
            raise forms.ValidationError(
                _("Unknown discipline codes: %(codes)s"), params={"codes": ", ".join(bad)}
            )
