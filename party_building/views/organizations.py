"""Party organizations at three levels per society, with the advisory gaps (R-PB-04, R-PB-01)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.access import CHANGE, get_for, restrict
from core.errors import DomainError
from core.forms import apply_domain_error, parse_id
from core.roles import reach_of
from societies.models import Society

from ..choices import PartyLevel
from ..forms import PartyOrganizationForm
from ..models import PartyOrganization
from ..services import organizations as services
from . import done

PER_PAGE = 20


def _summary(orgs) -> dict:
    """One society's three levels at a glance, for the compact row of the list."""
    levels = {o.level for o in orgs}
    return {
        "council": PartyLevel.COUNCIL_COMMITTEE in levels,
        "office": PartyLevel.OFFICE in levels,
        "branch_orgs": sum(1 for o in orgs if o.level == PartyLevel.BRANCH),
        "party_members": sum(o.members_count or 0 for o in orgs),
    }


@login_required
def organization_list(request):
    """One compact row per society (the three levels and the number of advisories), its organizations and
    gaps folded out on demand; filtered by society, name and "with advisories only", 20 societies a page."""
    user = request.user
    orgs = restrict(PartyOrganization.objects.select_related("branch"), user)
    reach = reach_of(user)
    societies = Society.objects.order_by("code")
    if not (reach.cast_admin or reach.regulator):
        ids = set(reach.secretary_of) | set(reach.reviewer_of)
        if not ids:
            raise PermissionDenied
        societies = societies.filter(pk__in=ids)
    choices = list(societies.values_list("pk", "name"))
    q = request.GET.get("q", "").strip()
    society = request.GET.get("society", "")
    gaps_only = request.GET.get("gaps") == "1"
    if q:
        societies = societies.filter(name__icontains=q)
    if (society_id := parse_id(society)) is not None:
        societies = societies.filter(pk=society_id)
    gaps = {}
    if gaps_only:  # the advisories decide which societies are listed: a fixed number of queries for all
        candidates = list(societies)
        gaps = services.organization_gaps(candidates)
        societies = [s for s in candidates if gaps[s.pk]]
    page = Paginator(societies, PER_PAGE).get_page(request.GET.get("page"))
    listed = list(page.object_list)
    prefetch_related_objects(listed, Prefetch("party_organizations", queryset=orgs, to_attr="orgs"))
    if not gaps_only:
        gaps = services.organization_gaps(listed)
    rows = [{"society": s, "orgs": s.orgs, "gaps": gaps[s.pk], **_summary(s.orgs)} for s in listed]
    return render(
        request,
        "party_building/organization_list.html",
        {
            "page": page,
            "rows": rows,
            "q": q,
            "society": society,
            "gaps_only": gaps_only,
            "society_choices": choices if len(choices) > 1 else None,
            "expanded": len(rows) == 1,
            "can_edit": restrict(Society.objects.all(), user, CHANGE).exists(),
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
