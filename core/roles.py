"""Roles of DOMAIN.md and the reach they give, read from one source of truth.

Global roles (CAST administrator, regulator observer, member) are Django groups.
Object roles are django-guardian permissions granted on the few objects that define a
user's reach: a secretary or Party reviewer on their Society, a branch officer on their
Branch. Nothing is granted per member, filing or nomination — everything below a society
or branch is reached through its foreign keys (see core.access.restrict).
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermission


class Role(models.TextChoices):
    CAST_ADMIN = "cast_admin", _("CAST administrator")
    REGULATOR = "regulator", _("Regulator observer")
    SECRETARY = "secretary", _("Society secretary")
    PARTY_REVIEWER = "party_reviewer", _("Party reviewer")
    BRANCH_OFFICER = "branch_officer", _("Branch officer")
    AWARD_REVIEWER = "award_reviewer", _("Award reviewer")
    MEMBER = "member", _("Member")


GROUP_ROLES = (Role.CAST_ADMIN, Role.REGULATOR, Role.MEMBER)
# role -> (app_label, codename, model the permission is granted on)
OBJECT_ROLES = {
    Role.SECRETARY: ("societies", "manage_society", "society"),
    Role.PARTY_REVIEWER: ("societies", "review_society", "society"),
    Role.BRANCH_OFFICER: ("branches", "manage_branch", "branch"),
    Role.AWARD_REVIEWER: ("societies", "review_awards", "society"),
}


@dataclass(frozen=True)
class Reach:
    """What one user may reach; computed once per request (two queries) and cached on the user."""

    cast_admin: bool = False
    regulator: bool = False
    member: bool = False
    secretary_of: frozenset[int] = field(default_factory=frozenset)
    reviewer_of: frozenset[int] = field(default_factory=frozenset)
    officer_of: frozenset[int] = field(default_factory=frozenset)
    officer_societies: frozenset[int] = field(default_factory=frozenset)
    award_reviewer_of: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_staff_role(self) -> bool:
        return (
            self.cast_admin
            or self.regulator
            or bool(self.secretary_of or self.reviewer_of or self.officer_of or self.award_reviewer_of)
        )

    def roles(self) -> list[str]:
        out = []
        if self.cast_admin:
            out.append(Role.CAST_ADMIN)
        if self.regulator:
            out.append(Role.REGULATOR)
        if self.secretary_of:
            out.append(Role.SECRETARY)
        if self.reviewer_of:
            out.append(Role.PARTY_REVIEWER)
        if self.officer_of:
            out.append(Role.BRANCH_OFFICER)
        if self.award_reviewer_of:
            out.append(Role.AWARD_REVIEWER)
        if self.member:
            out.append(Role.MEMBER)
        return [str(r) for r in out]


def role_model(role: str):
    """The model an object role is granted on (Society, Branch). Those apps sit above accounts, so the
    model is looked up in the app registry (OBJECT_ROLES names it), not imported."""
    app_label, _codename, model_name = OBJECT_ROLES[role]
    return apps.get_model(app_label, model_name)


ANONYMOUS_REACH = Reach()


def reach_of(user) -> Reach:
    if user is None or not user.is_authenticated:
        return ANONYMOUS_REACH
    cached = getattr(user, "_portal_reach", None)
    if cached is not None:
        return cached
    groups = set(user.groups.values_list("name", flat=True))
    object_ids: dict[str, set[int]] = {
        "manage_society": set(),
        "review_society": set(),
        "manage_branch": set(),
        "review_awards": set(),
    }
    for codename, object_pk in UserObjectPermission.objects.filter(
        user=user, permission__codename__in=object_ids.keys()
    ).values_list("permission__codename", "object_pk"):
        object_ids[codename].add(int(object_pk))
    officer_societies = set()
    if object_ids["manage_branch"]:
        officer_societies = set(
            role_model(Role.BRANCH_OFFICER)
            .objects.filter(pk__in=object_ids["manage_branch"])
            .values_list("society_id", flat=True)
        )
    reach = Reach(
        cast_admin=user.is_superuser or Role.CAST_ADMIN in groups,
        regulator=Role.REGULATOR in groups,
        member=Role.MEMBER in groups,
        secretary_of=frozenset(object_ids["manage_society"]),
        reviewer_of=frozenset(object_ids["review_society"]),
        officer_of=frozenset(object_ids["manage_branch"]),
        officer_societies=frozenset(officer_societies),
        award_reviewer_of=frozenset(object_ids["review_awards"]),
    )
    user._portal_reach = reach
    return reach


def forget_reach(user) -> None:
    """Drop the cached reach after roles change (same request)."""
    if hasattr(user, "_portal_reach"):
        del user._portal_reach
