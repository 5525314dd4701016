"""Party organizations at three levels per society, with the advisory gaps (R-PB-04, R-PB-01)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.access import CHANGE, get_for, restrict
from core.errors import DomainError
from core.forms import apply_domain_error
from core.roles import reach_of
from societies.models import Society

from ..forms import PartyOrganizationForm
from ..models import PartyOrganization
from ..services import organizations as services
from ..tables import OrganizationTable, organization_societies
from . import done


@login_required
def organization_list(request):
    """One compact row per society (the three levels and the number of advisories), its organizations and
    gaps folded out on demand; filtered by society, name and "with advisories only", sortable, exported."""
    user = request.user
    reach = reach_of(user)
    societies = Society.objects.order_by("code")
    if not (reach.cast_admin or reach.regulator):
        ids = set(reach.secretary_of) | set(reach.reviewer_of)
        if not ids:
            raise PermissionDenied
        societies = societies.filter(pk__in=ids)
    can_edit = restrict(Society.objects.all(), user, CHANGE).exists()
    table = OrganizationTable(
        request,
        organization_societies(societies),
        societies=list(societies.values_list("pk", "name")),
        can_edit=can_edit,
    )
    if (download := table.export_response()) is not None:
        return download
    table.context["expanded"] = table.count == 1
    return render(
        request,
        "party_building/organization_list.html",
        {
            "table": table,
            "expanded": table.context["expanded"],
            "can_edit": can_edit,
            "tab": "organizations",
        },
    )


@login_required
def organization_edit(request, pk=None):
    user = request.user
    if not restrict(Society.objects.all(), user, CHANGE).exists():
        raise PermissionDenied
    org = get_for(PartyOrganization.objects.all(), user, CHANGE, pk=pk) if pk else None
    form = PartyOrganizationForm(request.POST or None, instance=org, user=user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "society"}
        try:
            if org is None:
                services.create_organization(actor=user, society=form.cleaned_data["society"], **data)
            else:
                services.update_organization(actor=user, organization=org, **data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            return done(request, _("Party organization saved."), "party_building:organizations")
    title = _("Edit Party organization") if org else _("Add a Party organization")
    return render(request, "party_building/form.html", {"form": form, "title": title, "tab": "organizations"})
