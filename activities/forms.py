from django import forms
from django.utils.translation import gettext_lazy as _

from core.disciplines import disciplines
from core.errors import DomainError
from core.forms import ScopeCodesField, Styled
from core.uploads import check_document

from .models import Activity
from .services import FILING_FIELDS


class ActivityForm(Styled, forms.ModelForm):
    OPTIONAL_NUMBERS = ("participants", "budget", "participant_fee", "fee_to_society", "foreign_donation")
    scope_codes = ScopeCodesField(
        label=_("Scope codes (GB/T 13745)"),
        required=False,
        help_text=_(
            "Search a discipline by name or code and pick it (or type codes such as 150, 15010). They must "
            "lie inside the society's scope."
        ),
    )

    class Meta:
        model = Activity
        fields = FILING_FIELDS
        widgets = {
            "starts_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "ends_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "duties": forms.Textarea(attrs={"rows": 2}),
            "partners": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, society, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.society = society
        self.fields["branch"].queryset = branches
        self.fields["branch"].required = False
        for name, field in self.fields.items():
            field.widget.attrs["data-field"] = name
        for name in self.OPTIONAL_NUMBERS:
            self.fields[name].required = False

    # How the form is laid out: what the activity is, when and where, whose scope, money, foreign ties.
    SECTIONS = [
        (_("The activity"), ["title", "kind", "branch", "role", "duties", "name_only", "partners"]),
        (_("When and where"), ["starts_on", "ends_on", "location", "is_overseas", "participants"]),
        (_("Scope"), ["scope_codes"]),
        (_("Money"), ["budget", "participant_fee", "fee_to_society", "requires_member_sponsorship"]),
        (
            _("Foreign ties and approvals"),
            ["foreign_partner", "foreign_donation", "foreign_affairs_approval_ref", "approval_ref"],
        ),
    ]

    def sections(self):
        return [(label, [self[name] for name in names]) for label, names in self.SECTIONS]

    def clean(self):
        data = super().clean()
        for name in self.OPTIONAL_NUMBERS:
            if data.get(name) is None and name not in self.errors:
                data[name] = 0
        return data

    @staticmethod
    def discipline_options():
        return disciplines().items()


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}), required=False
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Attachment"), widget=forms.ClearableFileInput(attrs={"class": "form-control"})
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none is chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        chosen = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(d, initial) for d in chosen if d]


class FilingAttachmentsForm(forms.Form):
    """The attachments chosen on the filing form itself (invitation, agenda, approvals): each checked by
    its content here, attached when the filing is saved, and kept across an error elsewhere on the
    form (core.uploads)."""

    prefix = "att"
    files = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_(
            "PDF, images or Office documents; several at once. They are attached when the draft is saved."
        ),
    )

    def clean_files(self):
        for upload in self.cleaned_data["files"]:
            try:
                check_document(upload, field="files")
            except DomainError as exc:
                raise forms.ValidationError(
                    _("%(name)s: %(problem)s") % {"name": upload.name, "problem": exc.message}
                ) from exc
        return self.cleaned_data["files"]


class SummaryForm(forms.Form):
    actual_participants = forms.IntegerField(
        label=_("Actual participants"), min_value=0, widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"})
    )
