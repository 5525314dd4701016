"""Party organizations at three levels per society, with the advisory gaps (R-PB-04, R-PB-01)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.roles import reach_of
from core.access import CHANGE, get_for, restrict
from core.errors import DomainError
from core.forms import apply_domain_error
from societies.models import Society

from ..forms import PartyOrganizationForm
from ..models import PartyOrganization
from ..permissions import managed_society_ids
from ..services import organizations as services
from . import done


@login_required
def organization_list(request):
    user = request.user
    orgs = restrict(PartyOrganization.objects.select_related("branch"), user)
    reach = reach_of(user)
    managed = managed_society_ids(user)
    societies = Society.objects.order_by("code")
    if not (reach.cast_admin or reach.regulator):
        ids = set(reach.secretary_of) | set(reach.reviewer_of)
        if not ids:
            raise PermissionDenied
        societies = societies.filter(pk__in=ids)
    q = request.GET.get("q", "").strip()
    if q:
        societies = societies.filter(name__icontains=q)
    page = Paginator(
        societies.prefetch_related(Prefetch("party_organizations", queryset=orgs, to_attr="orgs")), 20
    ).get_page(request.GET.get("page"))
    gaps = services.organization_gaps(list(page))
    rows = [{"society": s, "orgs": s.orgs, "gaps": gaps[s.pk]} for s in page]
    return render(
        request,
        "party_building/organization_list.html",
        {"page": page, "rows": rows, "q": q, "can_edit": managed != set(), "tab": "organizations"},
    )


@login_required
def organization_edit(request, pk=None):
    user = request.user
    if managed_society_ids(user) == set():
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
