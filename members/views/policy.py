"""How a society takes applications: the tiers an applicant may choose (its secretariat sets them)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import CHANGE, get_for
from core.forms import Styled, run_service
from societies.models import Society

from .. import services
from ..choices import SECRETARIAT_ONLY_TIERS, MembershipTier


class JoiningPolicyForm(Styled, forms.Form):
    self_selectable_tiers = forms.MultipleChoiceField(
        label=gettext_lazy("Tiers applicants may choose"),
        choices=[(v, label) for v, label in MembershipTier.choices if v not in SECRETARIAT_ONLY_TIERS],
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Fellows and honorary members are granted by the secretariat and never offered to applicants."
        ),
    )


@login_required
def joining_policy(request, pk):
    society = get_for(Society.objects.all(), request.user, CHANGE, pk=pk)
    form = JoiningPolicyForm(
        request.POST or None, initial={"self_selectable_tiers": services.self_selectable_tiers(society)}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            response := run_service(
                request,
                form,
                lambda: services.set_self_selectable_tiers(
                    actor=request.user, society=society, tiers=form.cleaned_data["self_selectable_tiers"]
                ),
                _("Saved: applicants to %(society)s may now choose %(tiers)s.")
                % {
                    "society": society.name,
                    "tiers": "、".join(
                        str(MembershipTier(t).label) for t in form.cleaned_data["self_selectable_tiers"]
                    ),
                },
                "members:joining_policy",
                pk=society.pk,
            )
        )
    ):
        return response
    return render(
        request,
        "members/joining_policy.html",
        {
            "society": society,
            "form": form,
            "secretariat_only": [MembershipTier(t).label for t in SECRETARIAT_ONLY_TIERS],
        },
    )
