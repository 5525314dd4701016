"""Forms of the Party-building pages. They only collect input; the services decide."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.models import Branch
from core.access import CHANGE, restrict
from core.forms import Styled
from members.models import Membership, Person
from societies.choices import OfficerPosition, Sector
from societies.models import GovernanceBody, Society

from .choices import MatterKind, PartyLevel
from .models import PartyOrganization

DATE = forms.DateInput(attrs={"type": "date"})


def _managed_societies(user):
    """The societies whose Party-building records the user keeps (CHANGE: its secretariat, CAST)."""
    return restrict(Society.objects.order_by("code"), user, CHANGE)


class _SocietyForm(Styled, forms.Form):
    society = forms.ModelChoiceField(label=_("Society"), queryset=Society.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        qs = _managed_societies(user)
        self.fields["society"].queryset = qs
        if qs.count() == 1:
            self.fields["society"].initial = qs.first()


class MatterForm(_SocietyForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=MatterKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    amount = forms.DecimalField(
        label=_("Amount (CNY)"), required=False, max_digits=14, decimal_places=2, min_value=Decimal(0)
    )
    is_foreign = forms.BooleanField(label=_("Foreign source"), required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class DonationForm(_SocietyForm):
    donor = forms.CharField(label=_("Donor"), max_length=200)
    amount = forms.DecimalField(
        label=_("Amount (CNY)"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    is_foreign = forms.BooleanField(label=_("Foreign donor or foreign funds"), required=False)
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    received_on = forms.DateField(label=_("Received"), widget=DATE)


class ExpenditureForm(_SocietyForm):
    amount = forms.DecimalField(
        label=_("Amount (CNY)"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    spent_on = forms.DateField(label=_("Date"), widget=DATE)


class PartyOrganizationForm(Styled, forms.ModelForm):
    class Meta:
        model = PartyOrganization
        fields = ["society", "level", "branch", "secretary_name", "members_count", "established_on"]
        widgets = {"established_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        societies = _managed_societies(user)
        self.fields["society"].queryset = societies
        self.fields["branch"].queryset = Branch.objects.filter(society__in=societies).select_related(
            "society"
        )
        self.fields["branch"].label_from_instance = lambda b: f"{b.society.name} · {b.name}"
        self.fields["level"].choices = PartyLevel.choices
        if self.instance.pk:
            self.fields["society"].disabled = True
        elif societies.count() == 1:
            self.fields["society"].initial = societies.first()

    def validate_constraints(self, exclude=None):
        """Uniqueness is answered by the service with R-PB-04."""

    def validate_unique(self):
        """Uniqueness is answered by the service with R-PB-04."""


class ElectionForm(Styled, forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=GovernanceBody.objects.none())
    term_start = forms.DateField(label=_("New term starts"), widget=DATE)
    term_end = forms.DateField(label=_("New term ends"), widget=DATE)
    seats = forms.IntegerField(label=_("Seats"), min_value=1)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = GovernanceBody.objects.filter(
            society__in=_managed_societies(user)
        ).select_related("society")
        self.fields["body"].label_from_instance = lambda b: f"{b.society.name} · {b.get_kind_display()}"


class CandidateForm(Styled, forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    grassroots = forms.BooleanField(label=_("Works at the grassroots / front line"), required=False)
    sector = forms.ChoiceField(
        label=_("Employer sector"), choices=[("", "—"), *Sector.choices], required=False
    )
    position = forms.ChoiceField(
        label=_("Office stood for"), choices=[("", "—"), *OfficerPosition.choices], required=False
    )

    def __init__(self, *args, election, **kwargs):
        super().__init__(*args, **kwargs)
        members = Membership.objects.filter(society=election.society).values("person_id")
        self.fields["person"].queryset = (
            Person.objects.filter(pk__in=members).exclude(candidacies__election=election).order_by("name")
        )


class VotesForm(Styled, forms.Form):
    voters_eligible = forms.IntegerField(label=_("Eligible voters"), min_value=1)
    voters_present = forms.IntegerField(label=_("Voters present (ballots cast)"), min_value=0)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for c in self.candidates:
            for key, label in (("for", _("for")), ("against", _("against")), ("abstain", _("abstain"))):
                self.fields[f"{key}_{c.pk}"] = forms.IntegerField(
                    label=f"{c.person.name} · {label}", min_value=0, initial=0
                )

    def rows(self):
        return [
            (c, self[f"for_{c.pk}"], self[f"against_{c.pk}"], self[f"abstain_{c.pk}"])
            for c in self.candidates
        ]

    def votes(self) -> dict:
        d = self.cleaned_data
        return {c.pk: (d[f"for_{c.pk}"], d[f"against_{c.pk}"], d[f"abstain_{c.pk}"]) for c in self.candidates}
