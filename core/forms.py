"""Helpers to show a service's DomainError on the form field it names."""

from django import forms

from core.disciplines import parse_codes, unknown
from core.errors import DomainError


def apply_domain_error(form: forms.Form, exc: DomainError) -> None:
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
