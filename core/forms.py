"""The web side of a form: its look (one Bootstrap rule for every widget) and how a valid form reaches its
service (`run_service`: the service's refusal lands on the field it names, success is a message and a
redirect)."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.forms.boundfield import BoundField
from django.http import HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.disciplines import parse_codes, unknown
from core.errors import DomainError
from core.validators import INT_MAX, has_non_ascii_digit, plausible_date, text_limit


def widget_css(widget: forms.Widget) -> str:
    """The Bootstrap class a widget renders with: check inputs, selects, and every other control."""
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


def _html_attrs(attrs: dict) -> str:
    """Django's widgets/attrs.html in Python: ` name="value"`, a bare ` name` for True, nothing for False."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value)))
    return "".join(out)


class FastSelectRender:
    """A select rendered in Python instead of one template include per option: the same markup as
    Django's select.html and select_option.html. Why: a filter panel's society select (220 options) took
    20 ms to render, and a list page with three such selects spent more on them than on its rows
    (bench/pages.py, the branch clean-up list at full scale)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]  # type: ignore[attr-defined]
        parts = [format_html('<select name="{}"', widget["name"]), _html_attrs(widget["attrs"]), ">"]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                parts.append(format_html('\n  <option value="{}"', str(option["value"])))
                parts.append(_html_attrs(option["attrs"]))
                parts.append(format_html(">{}</option>", option["label"]))
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        # Safe: every value above went through format_html (escaped); the tags are literals.
        return mark_safe("".join(parts))  # noqa: S308  # nosec B308, B703


class FastSelect(FastSelectRender, forms.Select):
    pass


class FastSelectMultiple(FastSelectRender, forms.SelectMultiple):
    pass


FAST_WIDGETS = {forms.Select: FastSelect, forms.SelectMultiple: FastSelectMultiple}


class StyledBoundField(BoundField):
    """Renders its widget with `widget_css` unless the widget names a class of its own; a plain select in
    Python (FastSelect)."""

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        widget = widget or self.field.widget
        fast = FAST_WIDGETS.get(type(widget))
        if fast is not None:
            widget.__class__ = fast  # the form's own deep copy of the widget
        return super().as_widget(widget, attrs, only_initial)

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if not attrs.get("class") and not widget.attrs.get("class"):
            attrs["class"] = widget_css(widget)
        return attrs


class Styled:
    """Mixin for every portal form (`class MyForm(Styled, forms.Form)`): each field renders with its
    Bootstrap class, whatever the form's __init__ did to its fields. The one form renderer of the portal.

    It also holds every field to the portal's input rules (core.validators), whatever the form declared:
    numbers and dates written with the digits 0-9; an integer within its column, a decimal without
    `max_digits` below 10^12; a plausible date; text without `max_length` within `text_limit`; no NUL
    character anywhere (a Django CharField refuses one, a choice or a number field would pass it on)."""

    bound_field_class = StyledBoundField

    def full_clean(self):
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            _hold_to_rules(name, field)
        super().full_clean()  # type: ignore[misc]
        if not self.is_bound:  # type: ignore[attr-defined]
            return
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            if field.disabled or name in self.errors:  # type: ignore[attr-defined]
                continue
            raw = self[name].data  # type: ignore[index]
            values = raw if isinstance(raw, list | tuple) else [raw]
            if any(isinstance(v, str) and "\x00" in v for v in values):
                self.add_error(name, _("NUL characters are not allowed."))  # type: ignore[attr-defined]
            elif isinstance(field, _NUMERIC_OR_DATE) and any(has_non_ascii_digit(v) for v in values):
                self.add_error(name, _("Write numbers with the digits 0-9."))  # type: ignore[attr-defined]


_NUMERIC_OR_DATE = (
    forms.IntegerField,
    forms.DecimalField,
    forms.FloatField,
    forms.DateField,
    forms.DateTimeField,
)


def _hold_to_rules(name: str, field: forms.Field) -> None:
    """Add the validators of Styled's rules a field lacks (once per field instance)."""
    if getattr(field, "_portal_rules", False):
        return
    field._portal_rules = True  # type: ignore[attr-defined]
    kinds = {type(v) for v in field.validators}
    if isinstance(field, forms.IntegerField) and not isinstance(field, forms.DecimalField | forms.FloatField):
        if MaxValueValidator not in kinds:
            field.validators.append(MaxValueValidator(INT_MAX))
        if MinValueValidator not in kinds:
            field.validators.append(MinValueValidator(-INT_MAX - 1))
    elif (
        isinstance(field, forms.DecimalField) and field.max_digits is None and MaxValueValidator not in kinds
    ):
        field.validators.append(MaxValueValidator(Decimal(10) ** 12 - Decimal("0.01")))
    elif isinstance(field, forms.DateField | forms.DateTimeField):
        field.validators.append(plausible_date)
    elif isinstance(field, forms.CharField) and field.max_length is None:
        field.validators.append(MaxLengthValidator(text_limit(name)))


def parse_id(value) -> int | None:
    """A query parameter or posted value that names a row: its id when it is one written in ASCII digits
    within the id columns' range, else None. `str.isdigit()` takes `²` and `١٢`, which `int()` refuses or
    reads as another number; use this instead."""
    if not isinstance(value, str) or not (0 < len(value) <= 19) or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= 9_223_372_036_854_775_807 else None


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


class DisciplinePicker(forms.TextInput):
    """The discipline-code picker: the codes stay a plain text input ("150, 15010", which works without
    JavaScript); static/core/discipline-picker.js adds a search box over the GB/T 13745 table
    (static/core/gbt13745.json, built from the shipped CSV), shows the chosen codes with their names and
    lets them be removed. No inline script (CSP)."""

    def __init__(self, attrs=None):
        base = {
            "data-discipline-picker": "",
            "autocomplete": "off",
            "spellcheck": "false",
            "placeholder": _("e.g. 150, 15010"),
        }
        super().__init__({**base, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-table"] = static("core/gbt13745.json")
        context["widget"]["attrs"]["data-search-label"] = str(_("Search disciplines by name or code"))
        context["widget"]["attrs"]["data-remove-label"] = str(_("Remove"))
        context["widget"]["attrs"]["data-none-label"] = str(_("No discipline matches."))
        return context

    def format_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return super().format_value(value)

    def value_from_datadict(self, data, files, name):
        # One text ("150, 15010"), or — as the former multiple select posted them — one code per value.
        if hasattr(data, "getlist"):
            values = data.getlist(name)
            if len(values) > 1:
                return ", ".join(values)
        return super().value_from_datadict(data, files, name)


class ScopeCodesField(forms.CharField):
    """GB/T 13745 discipline codes typed as "150, 15010" (Chinese comma, semicolon or space also separate);
    cleaned to a list of known codes. Used by every form that takes a business scope or disciplines, with
    the discipline-code picker as its widget."""

    widget = DisciplinePicker

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
