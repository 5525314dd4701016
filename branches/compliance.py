"""Compliance checks of branch offices (compliance.registry): R-BR-04 ceiling, R-BR-05 long inactive."""

from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Least
from django.utils.translation import gettext_lazy as _

from compliance.registry import Check, Hit, Scope
from core.rule_settings import rule_setting
from members.models import Membership
from societies.choices import SocietyStatus
from societies.models import Society

from . import rules
from .choices import STANDING, BranchStatus
from .models import Branch


def _count(queryset):
    """A correlated COUNT(*) per society, 0 when there is none."""
    counted = queryset.filter(society=OuterRef("pk")).values("society").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def over_ceiling(scope: Scope):
    per_branch = max(int(rule_setting("branch_members_per_branch")), 1)
    ceiling_max = int(rule_setting("branch_ceiling_max"))
    societies = (
        scope.societies(Society.objects.exclude(status=SocietyStatus.DEREGISTERED), "pk")
        .annotate(
            n_members=_count(Membership.objects.filter(status="active")),
            n_branches=_count(Branch.objects.filter(status__in=STANDING)),
        )
        # allowed = min(max, ceil(members / per_branch)), in integer SQL
        .annotate(allowed=Least(Value(ceiling_max), (F("n_members") + per_branch - 1) / per_branch))
        .filter(n_branches__gt=F("allowed"))
        .values_list("pk", "name", "n_members", "n_branches", "allowed")
    )
    for pk, name, members, branches, allowed in societies:
        yield Hit(
            pk,
            facts={"society": name, "active_members": members, "branches": branches, "allowed": allowed},
        )


def long_inactive(scope: Scope):
    cutoff = rules.inactivity_cutoff(scope.today)
    months = int(rule_setting("branch_inactive_months"))
    branches = rules.long_inactive_branches(
        scope.societies(Branch.objects.filter(status__in=[BranchStatus.ACTIVE, BranchStatus.RECTIFYING])),
        scope.today,
    ).values_list("pk", "society_id", "name")
    for pk, society_id, name in branches:
        yield Hit(society_id, pk, {"branch": name, "cutoff": cutoff.isoformat(), "months": months})


def put_under_rectification(pks: list, deadline) -> None:
    """R-BR-05's follow-up: the long-inactive active branches just found go under rectification with the
    finding's deadline, then revocation if nothing changes (one UPDATE and one audit INSERT)."""
    Branch.workflow.apply_to_all(
        Branch.objects.filter(pk__in=pks, status=BranchStatus.ACTIVE),
        "flag",
        actor=None,
        comment=str(_("Long inactive (R-BR-05).")),
        changes={"rectification_deadline": deadline},
        data={"deadline": deadline.isoformat()},
    )


CHECKS = [
    Check(
        rule="R-BR-04",
        severity="warning",
        area="branches",
        message=_(
            "%(society)s has %(branches)s branch offices; its ceiling is %(allowed)s "
            "(%(active_members)s active members)."
        ),
        find=over_ceiling,
    ),
    Check(
        rule="R-BR-05",
        severity="violation",
        area="branches",
        model=Branch,
        message=_("%(branch)s has held no approved activity since %(cutoff)s (%(months)s months)."),
        find=long_inactive,
        deadline_setting="branch_rectification_days",
        on_open=put_under_rectification,
    ),
]
