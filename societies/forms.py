"""Forms of the secretary workspace. They only shape input; the rules live in societies.services."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.disciplines import disciplines, name_of
from core.forms import ScopeCodesField, Styled
from members.choices import MembershipStatus
from members.models import Membership, Person
from members.picker import PersonPickerField
from societies.choices import Sector

from .choices import BodyKind, Discipline, OfficerPosition
from .validators import validate_credit_code


def scope_choices():
    """GB/T 13745 codes grouped by first-level discipline, so the form offers names, not bare numbers."""
    groups: dict[str, list] = {}
    labels = {}
    for code, name in disciplines().items():
        top = code[:3]
        if len(code) == 3:
            labels[top] = f"{code} {name}"
        groups.setdefault(top, []).append((code, f"{code} {name}"))
    return [(labels.get(top, top), items) for top, items in groups.items()]


class ScopeField(ScopeCodesField):
    """A society's business scope: GB/T 13745 codes, entered with the discipline-code picker."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Business scope (GB/T 13745)"))
        kwargs.setdefault(
            "help_text",
            _(
                "Search a discipline by name or code and pick it: first-level disciplines, or second-level "
                "ones for a narrower scope."
            ),
        )
        super().__init__(**kwargs)


def describe_scope(codes) -> str:
    return ", ".join(f"{c} {name_of(c)}" for c in codes or ())


class _ScopeShown:
    def _show_selected_scope(self):
        field = self.fields.get("business_scope")
        current = self.initial.get("business_scope")
        if field is not None and current:
            field.help_text = format_lazy("{} {}: {}", field.help_text, _("Now"), describe_scope(current))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")  # what <input type=date> understands


class SocietyProfileForm(_ScopeShown, Styled, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    discipline = forms.ChoiceField(label=_("Discipline group"), choices=Discipline.choices)
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=18,
        min_length=18,
        validators=[validate_credit_code],
        help_text=_("18 characters, checked against GB 32100-2015."),
    )
    founded_on = forms.DateField(label=_("Founded"), required=False, widget=DateInput)
    business_scope = ScopeField(required=False)
    business_scope_text = forms.CharField(
        label=_("Business scope (text)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    website = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")
    email = forms.EmailField(label=_("Contact email"), required=False)
    phone = forms.CharField(label=_("Contact phone"), required=False, max_length=40)
    address = forms.CharField(label=_("Address"), required=False, max_length=200)
    comment = forms.CharField(label=_("Reason for the change"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._show_selected_scope()

    def clean_credit_code(self):
        return self.cleaned_data["credit_code"].strip().upper()

    @classmethod
    def initial_for(cls, society):
        return {f: getattr(society, f) for f in cls.base_fields if f != "comment"}


class SocietyRegistrationForm(SocietyProfileForm):
    """CAST registers a society: the profile plus its short code (membership numbers start with it)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_(
            "Short lowercase letters, digits or hyphens, e.g. ccs; membership numbers start with it."
        ),
    )
    field_order = ["code", "name", "name_en", "discipline", "credit_code", "founded_on", "business_scope"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business_scope"].required = True
        self.fields["comment"].label = _("Note")
        self.order_fields(self.field_order)


class CharterForm(_ScopeShown, Styled, forms.Form):
    adopted_on = forms.DateField(label=_("Adopted"), widget=DateInput)
    has_party_leadership_clause = forms.BooleanField(
        label=_("The charter contains the Party-leadership clause"), required=False
    )
    business_scope = ScopeField()
    business_scope_text = forms.CharField(
        label=_("Business scope (text)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    document = forms.FileField(label=_("Charter document"), required=False)
    comment = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._show_selected_scope()


class TermForm(Styled, forms.Form):
    kind = forms.ChoiceField(label=_("Body"), choices=BodyKind.choices)
    number = forms.IntegerField(label=_("Term number"), min_value=1)
    starts_on = forms.DateField(label=_("Starts"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends"), widget=DateInput)
    seats = forms.IntegerField(label=_("Seats"), min_value=0, initial=0)
    comment = forms.CharField(label=_("Note"), required=False, max_length=500)


class MemberPickerMixin:
    """Pick a person among the society's active members: the search-as-you-type picker, or (without
    JavaScript) a typed membership number or ID number."""

    def _limit_person_to(self, society):
        active = Membership.objects.filter(society=society, status=MembershipStatus.ACTIVE)
        field = self.fields["person"]
        field.queryset = Person.objects.filter(pk__in=active.values("person_id"))
        field.text_lookup = lambda key: (
            Q(id_number=key) | Q(pk__in=active.filter(number=key).values("person_id"))
        )
        field.society_id = society.pk if society is not None else None
        field.error_messages["not_found"] = _(
            "No active member of this society has this membership number or ID number."
        )
        field.error_messages["invalid_choice"] = _("This person is not an active member of this society.")


class SeatForm(MemberPickerMixin, Styled, forms.Form):
    person = PersonPickerField(label=_("Member"))
    birth_year = forms.IntegerField(
        label=_("Birth year"), required=False, min_value=1900, help_text=_("Empty: from the person's record.")
    )
    grassroots = forms.BooleanField(label=_("Works at the grassroots / front line"), required=False)
    sector = forms.ChoiceField(
        label=_("Employer sector"),
        choices=[("", _("From the person's record")), *Sector.choices],
        required=False,
    )

    def __init__(self, *args, society=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.society = society
        self._limit_person_to(society)
        self.fields["birth_year"].max_value = timezone.localdate().year


class OfficerForm(MemberPickerMixin, Styled, forms.Form):
    position = forms.ChoiceField(label=_("Position"), choices=OfficerPosition.choices)
    person = PersonPickerField(label=_("Member"))
    starts_on = forms.DateField(label=pgettext_lazy("date", "In office from"), widget=DateInput)
    full_time = forms.BooleanField(label=_("Full-time"), required=False)
    comment = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, society=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.society = society
        self._limit_person_to(society)


class ReasonForm(Styled, forms.Form):
    ends_on = forms.DateField(label=pgettext_lazy("date", "Until"), widget=DateInput, required=False)
    comment = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
