"""Party organizations at three levels, and the gaps they leave (R-PB-04, R-PB-01 advisory)."""

from django.db import transaction
from django.utils.translation import gettext as _

from branches.models import Branch, BranchStatus
from core.access import CHANGE, refuse_crossing, require
from core.audit import log_action
from core.constraints import constraint_errors
from core.errors import DomainError
from societies.models import CharterVersion

from ..choices import PartyLevel
from ..models import PartyOrganization

FIELDS = ("level", "branch", "secretary_name", "members_count", "established_on")
# A grassroots Party organization needs at least three full Party members (党章 §29).
MIN_PARTY_MEMBERS = 3


def _validate(society, level, branch, actor=None):
    if level not in PartyLevel.values:
        raise DomainError(_("Unknown level."), field="level")
    if level == PartyLevel.BRANCH:
        if branch is None:
            raise DomainError(_("Choose the branch office of this Party organization."), field="branch")
        if branch.society_id != society.pk:
            raise refuse_crossing(
                actor,
                _("The branch office belongs to another society."),
                field="branch",
                model=type(branch),
                value=branch,
                society=society.pk,
            )
    elif branch is not None:
        raise DomainError(_("Only a branch-office Party organization names a branch."), field="branch")


def _save(org, actor, verb):
    # A second organization at one level (or of one branch) is refused by its constraint: R-PB-04.
    with constraint_errors(), transaction.atomic():
        org.full_clean(exclude=["society", "branch"], validate_constraints=False)
        org.save()
        log_action(
            f"party_building.partyorganization.{verb}",
            actor=actor,
            obj=org,
            data={
                "level": org.level,
                "branch": org.branch_id,
                "secretary_name": org.secretary_name,
                "members_count": org.members_count,
                "established_on": str(org.established_on or ""),
            },
        )
    return org


def create_organization(*, actor, society, level, branch=None, **fields) -> PartyOrganization:
    require(actor, society, CHANGE, _("Only the society's secretariat records its Party organizations."))
    _validate(society, level, branch, actor)
    org = PartyOrganization(society=society, level=level, branch=branch, **fields)
    return _save(org, actor, "created")


def update_organization(*, actor, organization: PartyOrganization, **fields) -> PartyOrganization:
    require(
        actor,
        organization.society,
        CHANGE,
        _("Only the society's secretariat records its Party organizations."),
    )
    for key, value in fields.items():
        if key in FIELDS:
            setattr(organization, key, value)
    _validate(organization.society, organization.level, organization.branch, actor)
    return _save(organization, actor, "changed")


def delete_organization(*, actor, organization: PartyOrganization) -> None:
    require(
        actor,
        organization.society,
        CHANGE,
        _("Only the society's secretariat records its Party organizations."),
    )
    with transaction.atomic():
        log_action(
            "party_building.partyorganization.deleted",
            actor=actor,
            obj=organization,
            data={"level": organization.level, "branch": organization.branch_id},
        )
        organization.delete()


def organization_gaps(societies) -> dict[int, list[dict]]:
    """Advisory gaps per society id: a missing council Party committee or office Party organization,
    active branch offices without a Party organization (R-PB-04), organizations with fewer than three
    Party members, and a charter without the Party-leadership clause (R-PB-01). A fixed number of
    queries for any number of societies."""
    ids = [s.pk for s in societies]
    names = {s.pk: s.name for s in societies}
    gaps: dict[int, list[dict]] = {pk: [] for pk in ids}
    orgs = list(PartyOrganization.objects.filter(society_id__in=ids).select_related("branch"))
    levels = {(o.society_id, o.level) for o in orgs}
    branches_with = {o.branch_id for o in orgs if o.branch_id}
    latest_clause: dict[int, bool] = {}
    for society_id, has_clause in (
        CharterVersion.objects.filter(society_id__in=ids)
        .order_by("society_id", "-version")
        .values_list("society_id", "has_party_leadership_clause")
    ):
        latest_clause.setdefault(society_id, has_clause)
    for pk in ids:
        if (pk, PartyLevel.COUNCIL_COMMITTEE) not in levels:
            gaps[pk].append(
                {
                    "rule": "R-PB-04",
                    "level": PartyLevel.COUNCIL_COMMITTEE,
                    "message": _("No council Party committee."),
                }
            )
        if (pk, PartyLevel.OFFICE) not in levels:
            gaps[pk].append(
                {"rule": "R-PB-04", "level": PartyLevel.OFFICE, "message": _("No office Party organization.")}
            )
        if pk in latest_clause and not latest_clause[pk]:
            gaps[pk].append(
                {
                    "rule": "R-PB-01",
                    "level": "",
                    "message": _("The current charter lacks the Party-leadership clause of %(society)s.")
                    % {"society": names[pk]},
                }
            )
    for branch in Branch.objects.filter(society_id__in=ids, status=BranchStatus.ACTIVE).exclude(
        pk__in=branches_with
    ):
        gaps[branch.society_id].append(
            {
                "rule": "R-PB-04",
                "level": PartyLevel.BRANCH,
                "branch": branch.pk,
                "message": _("Branch office “%(branch)s” has no Party organization (where members suffice).")
                % {"branch": branch.name},
            }
        )
    for org in orgs:
        if org.members_count < MIN_PARTY_MEMBERS:
            gaps[org.society_id].append(
                {
                    "rule": "R-PB-04",
                    "level": org.level,
                    "message": _("%(org)s has fewer than %(n)s Party members.")
                    % {"org": org, "n": MIN_PARTY_MEMBERS},
                }
            )
    return gaps
