"""Web forms of branch offices. Every rule check is delegated to branches.rules (the same functions the
API, the import and the admin use); a DomainError is shown on the field it names, with its rule ID."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from core.forms import ScopeCodesField, Styled, apply_domain_error

from . import rules
from .choices import AssessmentGrade, BranchKind, OfficerPosition
from .models import Branch, BranchResolution


class BranchForm(Styled, forms.ModelForm):
    # A plain string field so that a crafted "sub-branch" kind is refused by R-BR-01 (not "bad choice").
    kind = forms.CharField(
        label=_("Kind"), widget=forms.Select(choices=BranchKind.choices), initial=BranchKind.BRANCH
    )
    business_scope = ScopeCodesField(
        label=_("Business scope (GB/T 13745 codes)"),
        help_text=_("Comma-separated discipline codes inside the society's scope, e.g. 150, 15010."),
    )

    class Meta:
        model = Branch
        fields = ["name", "kind", "business_scope", "purpose"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, society, lock_kind=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.society = society
        if lock_kind:
            self.fields["kind"].disabled = True

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        try:
            rules.check_kind(kind)
        except DomainError as exc:
            raise forms.ValidationError(
                f"{exc.message} [{exc.rule}]" if exc.rule else str(exc.message)
            ) from None
        return kind

    def clean(self):
        cleaned = super().clean()
        try:
            rules.check_no_nesting_keys(self.data)
        except DomainError as exc:
            apply_domain_error(self, exc)
        return cleaned

    def _post_clean(self):
        # Model.clean raises the rule errors with their IDs; the instance needs its society first.
        self.instance.society = self.society
        super()._post_clean()


class ResolutionForm(Styled, forms.ModelForm):
    document = forms.FileField(
        label=_("Resolution document (PDF or image)"),
        required=False,
        help_text=_("The signed minutes of the meeting that decided to set up the branch."),
    )

    class Meta:
        model = BranchResolution
        fields = ["body", "held_on", "seats", "present", "votes_for", "votes_against", "abstain"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, require_document=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].required = require_document

    def data_dict(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in self.Meta.fields}


class ProposalExtraForm(Styled, forms.Form):
    over_ceiling_reason = forms.CharField(
        label=_("Reason, if the society is at its branch ceiling (R-BR-04)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StepForm(Styled, forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(
        label=_("Rectification deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    over_ceiling_reason = forms.CharField(
        label=_("Reason for a branch over the ceiling (R-BR-04)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssessmentForm(Styled, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1950)
    members_served = forms.IntegerField(label=_("Members served"), min_value=0, initial=0)
    grade = forms.ChoiceField(label=_("Grade"), choices=AssessmentGrade.choices)
    reason = forms.CharField(label=_("Reason for the grade"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1


class OfficerForm(Styled, forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=100)
    position = forms.ChoiceField(label=_("Position"), choices=OfficerPosition.choices)
    since = forms.DateField(label=_("Since"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ImportForm(Styled, forms.Form):
    file = forms.FileField(
        label=_("CSV (UTF-8 or GB18030) or XLSX file: name, kind, business_scope, purpose"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
