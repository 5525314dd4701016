"""CAST's workspace: every society with its key figures (members by tier, council composition against the
R-GOV-03 targets, secretary-general full-time R-GOV-04). CAST administrators and the regulator read it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.forms import apply_domain_error
from core.roles import reach_of
from members.choices import MembershipTier

from . import services
from .choices import Discipline, SocietyStatus
from .forms import SocietyRegistrationForm
from .selectors import council_targets, share, society_overview

PAGE_SIZE = 50


@login_required
def cast_workspace(request):
    reach = reach_of(request.user)
    if not (reach.cast_admin or reach.regulator):
        raise PermissionDenied
    qs, applied = society_overview(request.user, request.GET)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    targets = council_targets()
    rows = []
    for society in page:
        grassroots = share(society.council_grassroots, society.council_seats)
        under50 = share(society.council_under50, society.council_seats)
        rows.append(
            {
                "society": society,
                "tiers": [getattr(society, f"m_{t}") for t in MembershipTier.values],
                "grassroots": grassroots,
                "under50": under50,
                "grassroots_low": grassroots is not None and grassroots < targets["grassroots"],
                "under50_low": under50 is not None and under50 < targets["under50"],
            }
        )
    return render(
        request,
        "societies/cast/workspace.html",
        {
            "page": page,
            "rows": rows,
            "applied": applied,
            "targets": targets,
            "tier_labels": MembershipTier.choices,
            "disciplines": Discipline.choices,
            "statuses": SocietyStatus.choices,
            "perms_register": reach.cast_admin,
        },
    )


@login_required
def register_society(request):
    """CAST registers a new national society, then is offered to open its secretary's account."""
    if not reach_of(request.user).cast_admin:
        raise PermissionDenied
    form = SocietyRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        comment = data.pop("comment", "")
        try:
            society = services.register_society(actor=request.user, comment=comment, **data)
        except (DomainError, ValidationError) as exc:
            apply_domain_error(form, exc)
        else:
            grant = reverse("user_create") + f"?society={society.pk}"
            messages.success(
                request,
                format_html(
                    '{} <a class="alert-link" href="{}">{}</a>',
                    _("%(name)s is registered.") % {"name": society.name},
                    grant,
                    _("Create the account of its secretary"),
                ),
            )
            return redirect("societies:detail", pk=society.pk)
    return render(request, "societies/cast/register.html", {"form": form})
