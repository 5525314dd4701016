"""Forms of the award pages. They only shape input; every rule (R-AW-01..06, R-ETH-02) is the services'
and comes back through core.forms.apply_domain_error on the field it names."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from guardian.models import UserObjectPermission

from core.forms import Styled
from members.models import Membership, Person
from members.picker import PersonPickerField
from societies.models import Society

from .choices import AwardCategory

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 4})
CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})


def award_reviewers(society):
    """The active users holding the award_reviewer role for `society` (their Person carries the facts
    the conflict check reads)."""
    granted = UserObjectPermission.objects.filter(
        permission__codename="review_awards",
        permission__content_type__app_label="societies",
        object_pk=str(society.pk),
    ).values("user_id")
    return (
        get_user_model()
        .objects.filter(pk__in=granted, is_active=True)
        .select_related("person")
        .order_by("name", "username")
    )


class ReviewerChoiceField(forms.ModelMultipleChoiceField):
    widget = CHECKBOXES

    def label_from_instance(self, obj):
        person = getattr(obj, "person", None)
        employer = getattr(person, "employer", "") if person is not None else ""
        name = obj.name or obj.username
        return f"{name} · {employer}" if employer else f"{name} · {_('no member profile')}"


class ProgramForm(Styled, forms.Form):
    society = forms.ModelChoiceField(label=_("Society"), queryset=Society.objects.none())
    name = forms.CharField(label=_("Name"), max_length=200)
    category = forms.ChoiceField(label=pgettext_lazy("award", "Category"), choices=AwardCategory.choices)
    cycle_years = forms.IntegerField(label=_("Cycle (years)"), min_value=1, max_value=10, initial=1)
    quota = forms.IntegerField(label=_("Winners per round (quota)"), min_value=1, max_value=100000)
    winner_ratio_cap = forms.DecimalField(
        label=_("Winner-ratio cap (%)"),
        max_digits=5,
        decimal_places=1,
        initial=Decimal("30"),
        help_text=_(
            "At most this share of the valid nominations wins (R-AW-02); the portal's setting caps it."
        ),
    )
    entry_fee = forms.DecimalField(
        label=_("Entry fee (CNY)"),
        required=False,
        initial=Decimal("0"),
        help_text=_("Awards take no fee of any kind from nominees or nominators (R-AW-03): leave it at 0."),
    )
    member_nominations = forms.BooleanField(label=_("Members of the society may nominate"), required=False)
    approval_ref = forms.CharField(label=_("Approval document reference"), max_length=200, required=False)
    approval_document = forms.FileField(
        label=_("Approval document"), required=False, help_text=_("PDF or image, checked by content.")
    )
    description = forms.CharField(label=_("Description"), required=False, widget=TEXT)

    def __init__(self, *args, societies=None, program=None, **kwargs):
        if program is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": program.name,
                    "category": program.category,
                    "cycle_years": program.cycle_years,
                    "quota": program.quota,
                    "winner_ratio_cap": (program.winner_ratio_cap * 100).normalize(),
                    "entry_fee": program.entry_fee,
                    "member_nominations": program.member_nominations,
                    "approval_ref": program.approval_ref,
                    "description": program.description,
                },
            )
        super().__init__(*args, **kwargs)
        if program is not None or societies is None:
            del self.fields["society"]
        else:
            self.fields["society"].queryset = societies
            if len(societies) == 1:
                self.fields["society"].initial = societies.first().pk
                self.fields["society"].widget = forms.HiddenInput()

    def service_fields(self) -> dict:
        """The cleaned data as the program services take it (the cap as a fraction)."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("society", "approval_document")}
        data["winner_ratio_cap"] = data["winner_ratio_cap"] / 100
        if data.get("entry_fee") is None:
            data["entry_fee"] = Decimal("0")
        return data


class RoundForm(Styled, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    nominations_open_on = forms.DateField(label=_("Nominations open"), widget=DATE)
    nominations_close_on = forms.DateField(label=_("Nominations close"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class StepForm(Styled, forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


def _by_key(key: str) -> Q:
    """A typed ID number or membership number."""
    key = (key or "").strip().upper()
    return Q(id_number=key) | Q(pk__in=Membership.objects.filter(number=key).values("person_id"))


class NominationForm(Styled, forms.Form):
    """The secretariat nominates, on behalf of a unit, a person it may see (the picker searches only
    them)."""

    nominee = PersonPickerField(label=_("Nominee"))
    nominating_unit = forms.CharField(label=_("Nominating unit"), max_length=200)
    statement = forms.CharField(label=pgettext_lazy("nomination", "Statement"), required=False, widget=TEXT)
    file = forms.FileField(
        label=_("Supporting material"),
        required=False,
        help_text=_("Optional now; more can be added while nominations are open (PDF, image, Office)."),
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["nominee"]
        field.queryset = people if people is not None else Person.objects.none()
        field.text_lookup = _by_key


class PersonByKeyMixin:
    """A person named by their name and ID number or membership number (both must match): how a member
    or a reviewer names someone without browsing other people's records."""

    key_prefix = "nominee"

    def find_person(self):
        name = (self.cleaned_data.get(f"{self.key_prefix}_name") or "").strip()
        key = self.cleaned_data.get(f"{self.key_prefix}_key") or ""
        if not name or not key.strip():
            return None
        matches = list(Person.objects.filter(_by_key(key), name=name).distinct()[:2])
        if len(matches) != 1:
            self.add_error(f"{self.key_prefix}_key", _("No registered person has this name and this number."))
            return None
        return matches[0]


class MemberNominationForm(PersonByKeyMixin, Styled, forms.Form):
    nominee_name = forms.CharField(label=_("Nominee's name"), max_length=100)
    nominee_key = forms.CharField(
        label=_("Nominee's ID number or membership number"),
        max_length=32,
        help_text=_("Both must match the person's record."),
    )
    statement = forms.CharField(label=pgettext_lazy("nomination", "Statement"), widget=TEXT)
    file = forms.FileField(label=_("Supporting material"), required=False)

    def clean(self):
        data = super().clean()
        if not self.errors:
            data["nominee"] = self.find_person()
        return data


class CoauthorForm(PersonByKeyMixin, Styled, forms.Form):
    key_prefix = "coauthor"
    coauthor_name = forms.CharField(label=_("Co-author's name"), max_length=100)
    coauthor_key = forms.CharField(
        label=_("Co-author's ID number or membership number"),
        max_length=32,
        help_text=_("Both must match the person's record."),
    )

    def clean(self):
        data = super().clean()
        if not self.errors:
            data["coauthor"] = self.find_person()
        return data


class MaterialForm(Styled, forms.Form):
    file = forms.FileField(label=_("File"))


class AssignForm(Styled, forms.Form):
    reviewers = ReviewerChoiceField(label=_("Reviewers"), queryset=get_user_model().objects.none())
    due_on = forms.DateField(label=_("Review due"), required=False, widget=DATE)

    def __init__(self, *args, reviewers=None, nominations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = (
            reviewers if reviewers is not None else self.fields["reviewers"].queryset
        )
        if nominations is not None:
            self.fields["nominations"] = forms.ModelMultipleChoiceField(
                label=_("Nominations"), queryset=nominations, widget=CHECKBOXES
            )
            self.fields["nominations"].label_from_instance = lambda n: (
                f"{n.nominee.name} · {n.nominee.employer}"
            )


class ReviewForm(Styled, forms.Form):
    conflict_declared = forms.BooleanField(
        label=_("I have a conflict of interest with this nomination"),
        required=False,
        help_text=_(
            "Same employer, co-authorship, a close personal tie …: declaring it keeps no score and the "
            "secretariat assigns another reviewer (R-AW-04)."
        ),
    )
    score = forms.IntegerField(label=_("Score (0–100)"), min_value=0, max_value=100, required=False)
    comment = forms.CharField(label=_("Comment"), required=False, widget=TEXT, max_length=5000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # static/portal.js: declaring a conflict disables the score field
        self.fields["conflict_declared"].widget.attrs["data-disables"] = self["score"].auto_id
