from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.forms import Styled
from core.roles import OBJECT_ROLES, Role, role_model
from core.validators import validate_username

User = get_user_model()


class UserCreateForm(Styled, forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150, validators=[validate_username])
    name = forms.CharField(label=_("Full name"), max_length=100, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput,
        required=False,
        help_text=_("Leave empty to let the user set one through password reset."),
    )


class RoleForm(Styled, forms.Form):
    """A role to grant or revoke. No role is preselected; the society comes first and the branch list
    holds only that society's branches (a GET reload with `?society=` — portal.js does it on change; a
    button does it without JavaScript), never every branch of every society."""

    role = forms.ChoiceField(label=_("Role"))
    society = forms.ModelChoiceField(
        label=_("Society"),
        queryset=role_model(Role.SECRETARY).objects.order_by("code"),
        required=False,
        help_text=_("For a society's roles, and to list a society's branches for a branch officer."),
    )
    branch = forms.ModelChoiceField(
        label=_("Branch office"),
        queryset=role_model(Role.BRANCH_OFFICER).objects.none(),
        required=False,
        help_text=_("Choose the society first: its branches are listed here."),
    )

    def __init__(self, *args, society_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("— choose a role —")), *Role.choices]
        self.fields["society"].widget.attrs["data-reload-param"] = "society"
        raw = self.data.get("society") if self.is_bound else society_id or self.initial.get("society")
        self.society_id = int(raw) if str(raw or "").isdigit() and len(str(raw)) < 12 else None
        if self.society_id:
            self.fields["branch"].queryset = (
                role_model(Role.BRANCH_OFFICER).objects.filter(society_id=self.society_id).order_by("name")
            )
            self.fields["branch"].help_text = ""

    def role_label(self) -> str:
        """The chosen role, with its society or branch: "学会秘书处 · 中国化学会"."""
        data = getattr(self, "cleaned_data", {})
        parts = [str(Role(data["role"]).label)] if data.get("role") in Role.values else []
        where = data.get("branch") or data.get("society")
        if where is not None:
            parts.append(str(where))
        return " · ".join(parts)

    def clean(self):
        data = super().clean()
        role, society, branch = data.get("role"), data.get("society"), data.get("branch")
        if role == Role.BRANCH_OFFICER:
            if branch is None:
                self.add_error("branch", _("Choose the branch this officer runs."))
            elif society is not None and branch.society_id != society.pk:
                self.add_error("branch", _("This branch belongs to another society."))
            data["society"] = None  # the branch is the role's object; its society follows from it
        elif role in OBJECT_ROLES and society is None:
            self.add_error("society", _("Choose the society this role is for."))
        return data
