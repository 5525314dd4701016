"""The person picker: a search-as-you-type box (htmx) that fills a hidden person id.

`PersonPickerField` is the form field; its widget renders the hidden id, a search box and a results
list fed by `members:person_search` (see views.person_search), which answers through core.access so a
user only ever finds people they may see. Without JavaScript the box still works: a typed membership
number or ID number (the `<name>_q` input) is resolved on submit by the field's `text_lookup`.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django import forms
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.forms import parse_id

from .models import Person

SEARCH_LIMIT = 20  # people listed per search


def split_value(value) -> tuple[str, str]:
    """(picked id, typed text) from whatever the widget or the initial data holds."""
    if isinstance(value, dict):
        return str(value.get("pk") or "").strip(), str(value.get("text") or "").strip()
    if isinstance(value, Person):
        return str(value.pk), ""
    return ("" if value in (None, "") else str(value).strip()), ""


def mask_id_number(number: str) -> str:
    """330106********7048: the first six and last four characters stay, the middle is starred."""
    number = (number or "").strip()
    if len(number) <= 6:
        return "*" * len(number)
    keep_head, keep_tail = (6, 4) if len(number) >= 14 else (2, 2)
    return number[:keep_head] + "*" * (len(number) - keep_head - keep_tail) + number[-keep_tail:]


def describe(person: Person) -> str:
    """What the picker shows of a person: name · employer · birth year."""
    parts = [person.name, person.employer, str(person.birth_year or "")]
    return " · ".join(p for p in parts if p)


class PersonPickerWidget(forms.Widget):
    template_name = "members/widgets/person_picker.html"

    def __init__(self, attrs=None, society_id: int | None = None):
        super().__init__(attrs)
        self.society_id = society_id
        self.queryset = None  # who may be shown as picked: set by PersonPickerField

    def value_from_datadict(self, data, files, name):
        return {"pk": data.get(name, ""), "text": data.get(f"{name}_q", "")}

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_q" not in data

    def format_value(self, value):
        return value

    def render(self, name, value, attrs=None, renderer=None):
        # The project's template engine (templates/), not the form renderer's own template dirs.
        return render_to_string(self.template_name, self.get_context(name, value, attrs))  # a SafeString

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        pk, text = split_value(value)
        if pk and (parse_id(pk) is None or len(pk) > 12):
            pk, text = "", pk
        label = ""
        if pk:
            queryset = self.queryset if self.queryset is not None else Person.objects.none()
            person = queryset.filter(pk=int(pk)).first()
            if person is not None:
                label = describe(person)
            else:
                pk = ""
        params = {"field": name}
        if self.society_id:
            params["society"] = self.society_id
        context["widget"].update(
            {
                "pk": pk,
                "text": text or label,
                "label": label,
                "search_url": f"{reverse('members:person_search')}?{urlencode(params)}",
            }
        )
        return context


class PersonPickerField(forms.Field):
    """A person picked with the picker. `queryset` bounds who may be picked (e.g. a society's active
    members); `text_lookup` turns a typed key (no JavaScript) into a filter on that queryset."""

    widget = PersonPickerWidget
    default_error_messages = {
        "invalid_choice": _("Pick a person from the search results."),
        "not_found": _("Nobody matches this number."),
    }

    def __init__(
        self,
        *,
        queryset: QuerySet | None = None,
        text_lookup: Callable[[str], Q] | None = None,
        society_id: int | None = None,
        **kwargs,
    ):
        kwargs.setdefault(
            "help_text", _("Type a name, employer, membership number or ID number, then pick the person.")
        )
        super().__init__(**kwargs)
        self.queryset = queryset if queryset is not None else Person.objects.all()
        self.text_lookup = text_lookup or (lambda key: Q(id_number=key))
        self.society_id = society_id

    @property
    def queryset(self) -> QuerySet:
        return self.widget.queryset

    @queryset.setter
    def queryset(self, value: QuerySet):
        self.widget.queryset = value

    @property
    def society_id(self):
        return self.widget.society_id

    @society_id.setter
    def society_id(self, value):
        self.widget.society_id = value

    def clean(self, value):
        pk, text = split_value(value)
        if pk and (parse_id(pk) is None or len(pk) > 12):  # a number posted in the id's place: a typed key
            pk, text = "", pk
        if not pk and not text:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return None
        if pk:
            person = self.queryset.filter(pk=int(pk)).first()
            if person is None:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
            return person
        matches = list(self.queryset.filter(self.text_lookup(text.upper())).distinct()[:2])
        if len(matches) != 1:
            raise forms.ValidationError(self.error_messages["not_found"], code="not_found")
        return matches[0]
