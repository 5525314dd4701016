"""The web side of a form: its look (one Bootstrap rule for every widget) and how a valid form reaches its
service (`run_service`: the service's refusal lands on the field it names, success is a message and a
redirect)."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.boundfield import BoundField
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from core.disciplines import parse_codes, unknown
from core.errors import DomainError


def widget_css(widget: forms.Widget) -> str:
    """The Bootstrap class a widget renders with: check inputs, selects, and every other control."""
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


class StyledBoundField(BoundField):
    """Renders its widget with `widget_css` unless the widget names a class of its own."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if not attrs.get("class") and not widget.attrs.get("class"):
            attrs["class"] = widget_css(widget)
        return attrs


class Styled:
    """Mixin for every portal form (`class MyForm(Styled, forms.Form)`): each field renders with its
    Bootstrap class, whatever the form's __init__ did to its fields. The one form renderer of the portal."""

    bound_field_class = StyledBoundField


def run_service(
    request, form: forms.BaseForm, service: Callable[[], Any], message, to, *args, **kwargs
) -> HttpResponse | None:
    """Web form -> service -> message, for a valid form: call `service()`. A DomainError or a model
    ValidationError goes onto the form (apply_domain_error) and None is returned, so the view renders the
    form again; otherwise `message` (or `message(result)`) is flashed and the redirect returned: to
    `to(result)` when `to` is a function of the result, else `redirect(to, *args, **kwargs)`."""
    try:
        result = service()
    except (DomainError, ValidationError) as exc:
        apply_domain_error(form, exc)
        return None
    messages.success(request, message(result) if callable(message) else message)
    return redirect(to(result)) if callable(to) else redirect(to, *args, **kwargs)


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
        if not value and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        bad = unknown(value)
        if bad:
            raise forms.ValidationError(
                _("Unknown discipline codes: %(codes)s"), params={"codes": ", ".join(bad)}
            )
