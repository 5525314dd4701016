"""The rules of branch offices (R-BR-01..05), in one place.

Model clean, services, the API serializer, the CSV import, the web forms and the admin all call these
functions, so "no branch of a branch" (R-BR-01) is refused the same way whatever the route. Each check
raises core.errors.DomainError naming the rule and the field at fault; `problems(...)` collects them
for the inline checks of the proposal form.
"""

import calendar
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.disciplines import outside, unknown
from core.errors import DomainError
from core.rule_settings import rule_setting

from .choices import COUNTED, STANDING, BranchKind

# --- R-BR-01: no nesting, ever ------------------------------------------------------------------

# Keys that would attach a branch to a branch. A payload, form post or import row carrying any of them
# is refused outright (they are not silently ignored, so nobody believes the link was stored).
NESTING_KEYS = frozenset(
    {
        "parent",
        "parent_id",
        "parent_branch",
        "parent_branch_id",
        "branch",
        "branch_id",
        "super_branch",
        "sub_branches",
        "sub_branch",
        "children",
        "上级分支机构",
        "上级机构",
        "所属分支机构",
    }
)

# Words that name a unit of the branch kind; two of them in one name declare a unit inside a unit
# (…分会…分会, …专业委员会…专委会).
_UNIT = r"(?:专业委员会|工作委员会|委员会|专委会|分会|分支机构|代表机构|代表处|分部)"
_TWO_UNITS = re.compile(_UNIT + r".*" + _UNIT)
# Words that declare a subordinate unit on their own.
_SUB_MARKERS = re.compile(
    r"(下设|下属|所属|二级|三级|子分会|子委员会|分会之|sub[\s_-]*(?:branch|office|committee|division|unit))",
    re.IGNORECASE,
)
_SUB_KIND = re.compile(r"(sub|child|nested|二级|下设|下属|子)", re.IGNORECASE)


def _normalize(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def declares_sub_branch(name: str) -> bool:
    """Whether a name declares a branch of a branch ("…分会…分会", "…专委会下设…", "二级分会")."""
    text = _normalize(name)
    return bool(_TWO_UNITS.search(text) or _SUB_MARKERS.search(text))


def nesting_refusal(field: str) -> DomainError:
    return DomainError(
        _(
            "A branch office belongs to its society only: it can never have a branch, sub-branch or "
            "sub-office of its own."
        ),
        rule="R-BR-01",
        field=field,
    )


def check_no_nesting_keys(data: Mapping | Iterable[str]) -> None:
    """Refuse any input that tries to attach a branch to another branch."""
    keys = data.keys() if isinstance(data, Mapping) else data
    for key in keys:
        if str(key).strip().lower() in NESTING_KEYS:
            raise nesting_refusal(str(key))


def check_name(name: str) -> None:
    if not (name or "").strip():
        raise DomainError(_("Give the branch office a name."), field="name")
    if declares_sub_branch(name):
        raise DomainError(
            _(
                "“%(name)s” declares a unit inside a branch office. A branch office can never have a "
                "branch of its own; name it as a branch of the society."
            )
            % {"name": name},
            rule="R-BR-01",
            field="name",
        )


def check_kind(kind: str) -> None:
    if kind in BranchKind.values:
        return
    if _SUB_KIND.search(str(kind or "")):
        raise nesting_refusal("kind")
    raise DomainError(
        _("“%(kind)s” is not a kind of branch office.") % {"kind": kind},
        field="kind",
    )


def check_nesting(*, name: str, kind: str) -> None:
    """The checks of R-BR-01 that need no database: used by Branch.save() as the last guard."""
    check_kind(kind)
    check_name(name)


# --- R-BR-02: scope inside the society's ----------------------------------------------------------


def check_scope(codes, society) -> None:
    codes = list(codes or [])
    if not codes:
        raise DomainError(
            _("Give the business scope (discipline codes)."), rule="R-BR-02", field="business_scope"
        )
    bad = unknown(codes)
    if bad:
        raise DomainError(
            _("Unknown discipline codes: %(codes)s") % {"codes": ", ".join(bad)},
            rule="R-BR-02",
            field="business_scope",
        )
    beyond = outside(codes, society.business_scope or [])
    if beyond:
        raise DomainError(
            _("Codes %(codes)s lie outside the society's business scope (%(scope)s).")
            % {"codes": ", ".join(beyond), "scope": ", ".join(society.business_scope or []) or "—"},
            rule="R-BR-02",
            field="business_scope",
        )


def check_branch(branch) -> None:
    """Every rule on the branch record itself (R-BR-01, R-BR-02, unique name)."""
    check_nesting(name=branch.name, kind=branch.kind)
    check_scope(branch.business_scope, branch.society)
    check_unique_name(branch.society, branch.name, exclude_pk=branch.pk)


def check_unique_name(society, name: str, exclude_pk=None) -> None:
    clash = society.branches.filter(name=(name or "").strip())
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise DomainError(
            _("The society already has a branch office named “%(name)s”.") % {"name": name},
            field="name",
        )


# --- R-BR-03: establishing resolution -------------------------------------------------------------


def check_resolution(resolution) -> None:
    """Quorum (more than the setting's share of seats present) and a majority of those present for."""
    if resolution is None:
        raise DomainError(
            _("Record the establishing resolution of the council or standing council."),
            rule="R-BR-03",
            field="resolution",
        )
    seats, present = resolution.seats or 0, resolution.present or 0
    votes_for = resolution.votes_for or 0
    votes_against, abstain = resolution.votes_against or 0, resolution.abstain or 0
    if seats <= 0:
        raise DomainError(_("Give the number of seats."), rule="R-BR-03", field="seats")
    if present > seats:
        raise DomainError(
            _("%(present)d present is more than the %(seats)d seats.") % {"present": present, "seats": seats},
            rule="R-BR-03",
            field="present",
        )
    ratio = rule_setting("branch_quorum_ratio")
    if not present > ratio * seats:
        raise DomainError(
            _("No quorum: %(present)d of %(seats)d seats present; more than %(share)s%% must be present.")
            % {"present": present, "seats": seats, "share": f"{float(ratio) * 100:.1f}"},
            rule="R-BR-03",
            field="present",
        )
    if votes_for + votes_against + abstain > present:
        raise DomainError(
            _("The votes (%(votes)d) add up to more than those present (%(present)d).")
            % {"votes": votes_for + votes_against + abstain, "present": present},
            rule="R-BR-03",
            field="votes_for",
        )
    if not votes_for * 2 > present:
        raise DomainError(
            _("No majority: %(for)d for out of %(present)d present; more than half must vote for.")
            % {"for": votes_for, "present": present},
            rule="R-BR-03",
            field="votes_for",
        )
    if resolution.held_on and resolution.held_on > timezone.localdate():
        raise DomainError(_("The resolution cannot be dated in the future."), rule="R-BR-03", field="held_on")


# --- R-BR-04: ceiling -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Ceiling:
    active_members: int
    allowed: int
    counted: int  # branches already submitted, active or rectifying (the one asked about excluded)

    @property
    def over_with_one_more(self) -> bool:
        return self.counted + 1 > self.allowed

    @property
    def over_now(self) -> bool:
        return self.counted > self.allowed


def ceiling_for(society, *, exclude_pk=None) -> Ceiling:
    members = society.memberships.filter(status="active").count()
    per_branch = max(int(rule_setting("branch_members_per_branch")), 1)
    allowed = min(int(rule_setting("branch_ceiling_max")), math.ceil(members / per_branch))
    counted = society.branches.filter(status__in=COUNTED)
    if exclude_pk:
        counted = counted.exclude(pk=exclude_pk)
    return Ceiling(active_members=members, allowed=allowed, counted=counted.count())


def check_ceiling(branch, reason: str) -> bool:
    """True when the proposal is over the ceiling (it then needs `reason`, else R-BR-04 refuses)."""
    ceiling = ceiling_for(branch.society, exclude_pk=branch.pk)
    if not ceiling.over_with_one_more:
        return False
    if not (reason or "").strip():
        raise DomainError(
            _(
                "The society would have %(n)d branch offices; its ceiling is %(allowed)d (%(members)d active "
                "members). Give the reason this branch is needed: CAST reviews it with particular attention."
            )
            % {"n": ceiling.counted + 1, "allowed": ceiling.allowed, "members": ceiling.active_members},
            rule="R-BR-04",
            field="over_ceiling_reason",
        )
    return True


# --- R-BR-05: long inactive -----------------------------------------------------------------------


def months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def inactivity_cutoff(today: date | None = None) -> date:
    return months_before(today or timezone.localdate(), int(rule_setting("branch_inactive_months")))


def filings():
    """The activity filings (activities.Activity). Activities sit above branches (a filing names its
    branch), so the model is looked up in the app registry, not imported."""
    return apps.get_model("activities", "Activity").objects


def long_inactive_branches(queryset: QuerySet, today: date | None = None) -> QuerySet:
    """Standing branches (active or rectifying) established before the cut-off with no approved
    activity ending (or starting) within the last `branch_inactive_months` months. One query, on the
    stored date of each branch's latest approved activity (branches.activity_dates)."""
    return queryset.filter(status__in=STANDING).filter(inactive_condition(inactivity_cutoff(today)))


def inactive_condition(cutoff: date) -> Q:
    """Established before `cutoff` (or undated) and no approved activity on or after it (R-BR-05)."""
    established_before = Q(established_on__isnull=True) | Q(established_on__lte=cutoff)
    idle = Q(last_activity_on__isnull=True) | Q(last_activity_on__lt=cutoff)
    return established_before & idle


# --- everything at once, for the inline checks of the proposal form ---------------------------------


def problems(branch, resolution=None, *, over_ceiling_reason: str = "") -> list[dict]:
    """The rule problems of a proposal as it stands: [{rule, field, message}]."""
    found = []
    checks = [
        lambda: check_nesting(name=branch.name, kind=branch.kind),
        lambda: check_scope(branch.business_scope, branch.society),
        lambda: check_unique_name(branch.society, branch.name, exclude_pk=branch.pk),
        lambda: check_resolution(resolution),
        lambda: check_ceiling(branch, over_ceiling_reason),
    ]
    for check in checks:
        try:
            check()
        except DomainError as exc:
            found.append({"rule": exc.rule or "", "field": exc.field or "", "message": str(exc.message)})
    return found
