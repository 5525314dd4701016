"""Forms of the members pages. They only shape input; the rules live in members.services."""

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import ScopeCodesField, Styled
from societies.choices import Sector
from societies.models import Society

from .choices import CreditKind, Gender, IdType, MembershipCategory, MembershipTier, Region, TrainingKind
from .models import IDENTITY_FIELDS, PERSON_FIELDS, Person
from .picker import PersonPickerField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProfileFieldsMixin(forms.Form):
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False)
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DATE)
    region = forms.ChoiceField(label=_("Region"), choices=Region.choices, initial=Region.MAINLAND)
    employer = forms.CharField(label=_("Employer"), max_length=200, required=False)
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", "—"), *Sector.choices], required=False)
    title = forms.CharField(label=_("Professional title"), max_length=100, required=False)
    disciplines = ScopeCodesField(
        label=_("Disciplines (GB/T 13745)"),
        required=False,
        help_text=_("Search a discipline by name or code and pick it; codes separated by commas also work."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)


class IdentityFieldsMixin(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=100)
    id_type = forms.ChoiceField(label=_("ID type"), choices=IdType.choices)
    id_number = forms.CharField(label=_("ID number"), max_length=32)


class ReconsentForm(Styled, forms.Form):
    """Consent again to a new version of the personal-data notice (PIPL)."""

    consent = forms.BooleanField(
        label=_("I have read the personal-data notice and consent to the processing it describes."),
    )


class RegistrationForm(Styled, IdentityFieldsMixin, ProfileFieldsMixin):
    username = forms.CharField(label=_("Username"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput)
    # PIPL: separate, explicit consent to processing the ID number (sensitive personal information);
    # members.services.register_visitor refuses a registration without it and records it.
    consent = forms.BooleanField(
        label=_("I have read the personal-data notice and consent to the processing it describes."),
    )

    field_order = [
        "username",
        "email",
        "password1",
        "password2",
        *(f for f in PERSON_FIELDS if f != "email"),
        "consent",
    ]

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = format_html(
            '{} <a href="{}" target="_blank" id="privacy-notice-link">{}</a>',
            _("Required. What is collected (your ID number among it), why, and how long it is kept:"),
            reverse("members:privacy_notice"),
            _("the personal-data notice"),
        )

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["password"] = data.pop("password1")
        data.pop("password2", None)
        return data


class PersonCreateForm(Styled, IdentityFieldsMixin, ProfileFieldsMixin):
    """A signed-in account without a profile yet creates one."""

    email = forms.EmailField(label=_("Email"))


class ProfileForm(Styled, IdentityFieldsMixin, ProfileFieldsMixin):
    email = forms.EmailField(label=_("Email"), required=False)

    field_order = list(PERSON_FIELDS)

    @classmethod
    def for_person(cls, person: Person, data=None):
        initial = {f: getattr(person, f) for f in cls.base_fields}
        initial["disciplines"] = ", ".join(person.disciplines or [])
        form = cls(data, initial=initial)
        for field in IDENTITY_FIELDS:
            form.fields[field].help_text = _("A change waits for the secretariat's confirmation.")
        form.fields["id_number"].required = False
        return form


class ApplicationForm(Styled, forms.Form):
    """An applicant's own application: only the tiers the society lets applicants choose are offered
    (members.services.self_selectable_tiers; the service refuses any other, R-MEM-01)."""

    tier = forms.ChoiceField(label=_("Membership tier"), choices=MembershipTier.choices, initial="ordinary")
    category = forms.ChoiceField(
        label=_("Category"), choices=MembershipCategory.choices, initial="individual"
    )
    statement = forms.CharField(
        label=_("Statement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Your research field and why you wish to join."),
    )

    def __init__(self, *args, tiers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if tiers is not None:
            field = self.fields["tier"]
            field.choices = [(v, label) for v, label in MembershipTier.choices if v in tiers]  # type: ignore[attr-defined]
            if "ordinary" not in tiers and tiers:
                field.initial = tiers[0]
            field.help_text = _("Fellows and honorary members are granted by the secretariat.")


class DecisionForm(Styled, forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    confirm_flagged = forms.BooleanField(
        label=_("I explicitly approve this applicant from Hong Kong, Macao, Taiwan or abroad (R-MEM-02)."),
        required=False,
    )


class CommentForm(Styled, forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CreditRecordForm(Styled, forms.Form):
    person = PersonPickerField(label=_("Person"))
    kind = forms.ChoiceField(label=_("Kind"), choices=CreditKind.choices)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = forms.DateField(label=pgettext_lazy("date", "From"), widget=DATE)
    ends_on = forms.DateField(
        label=pgettext_lazy("date", "Until"), required=False, widget=DATE, help_text=_("Empty: no end date.")
    )
    source_document = forms.CharField(label=_("Source document"), max_length=200)
    source_file = forms.FileField(label=_("Source file"), required=False)


class TrainingRecordForm(Styled, forms.Form):
    person = PersonPickerField(label=_("Person"))
    society = forms.ModelChoiceField(
        label=_("Society"), queryset=Society.objects.order_by("code"), required=False
    )
    kind = forms.ChoiceField(label=_("Course kind"), choices=TrainingKind.choices)
    course = forms.CharField(label=_("Course"), max_length=200)
    attended_on = forms.DateField(label=_("Date"), widget=DATE)
    hours = forms.DecimalField(label=_("Hours"), max_digits=6, decimal_places=1, min_value=0)


class AddMemberForm(Styled, IdentityFieldsMixin, ProfileFieldsMixin):
    """A secretary enters a member directly: an existing person picked with the picker, or a new person's
    details; then the membership's tier, category and joining date (members.services.record_membership)."""

    person = PersonPickerField(
        label=_("Existing person"),
        required=False,
        help_text=_(
            "Pick someone already known to the society — or leave empty and enter a new person below."
        ),
    )
    tier = forms.ChoiceField(label=_("Tier"), choices=MembershipTier.choices, initial=MembershipTier.ORDINARY)
    category = forms.ChoiceField(
        label=_("Category"), choices=MembershipCategory.choices, initial=MembershipCategory.INDIVIDUAL
    )
    joined_on = forms.DateField(label=_("Joined"), required=False, widget=DATE, help_text=_("Empty: today."))
    email = forms.EmailField(label=_("Email"), required=False)

    field_order = ["person", *PERSON_FIELDS, "tier", "category", "joined_on"]

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in IDENTITY_FIELDS:
            self.fields[name].required = False
        if people is not None:
            self.fields["person"].queryset = people
        self.fields["person"].text_lookup = lambda key: Q(id_number=key)
        self.order_fields(self.field_order)

    def clean(self):
        data = super().clean()
        no_person = data.get("person") is None and not self.has_error("person")
        if no_person and not (data.get("name") or "").strip():
            self.add_error("name", _("Pick an existing person or give the new person's name."))
        return data

    def person_kwargs(self) -> dict:
        data = {f: self.cleaned_data.get(f) for f in PERSON_FIELDS}
        data["id_type"] = data["id_type"] or IdType.MAINLAND_ID
        data["region"] = data["region"] or Region.MAINLAND
        data["id_number"] = data["id_number"] or ""
        return data


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label=_("Member list (.csv or .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
    )
