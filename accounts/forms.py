from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.forms import Styled
from core.roles import Role, role_model
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
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    society = forms.ModelChoiceField(
        label=_("Society"), queryset=role_model(Role.SECRETARY).objects.all(), required=False
    )
    branch = forms.ModelChoiceField(
        label=_("Branch office"),
        queryset=role_model(Role.BRANCH_OFFICER).objects.select_related("society"),
        required=False,
    )
