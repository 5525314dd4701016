"""CAST's workspace: every society with its key figures (members by tier, council composition against the
R-GOV-03 targets, secretary-general full-time R-GOV-04). CAST administrators and the regulator read it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.access import VIEW, restrict
from core.errors import DomainError
from core.forms import apply_domain_error
from core.roles import reach_of

from . import services
from .forms import SocietyRegistrationForm
from .models import Society
from .selectors import council_targets, key_figures
from .tables import CastTable


@login_required
def cast_workspace(request):
    reach = reach_of(request.user)
    if not (reach.cast_admin or reach.regulator):
        raise PermissionDenied
    targets = council_targets()
    societies = key_figures(restrict(Society.objects.all(), request.user, VIEW))
    table = CastTable(request, societies, targets=targets)
    if (download := table.export_response()) is not None:
        return download
    return render(
        request,
        "societies/cast/workspace.html",
        {"table": table, "targets": targets, "perms_register": reach.cast_admin},
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
